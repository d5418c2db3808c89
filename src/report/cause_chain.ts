import { describeError } from "../deploy/mod.ts";

/** Deep enough for SDK -> fetch -> socket chains; a cycle cannot make it loop. */
const MAX_CAUSES = 8;

/**
 * The `caused by:` lines of an error for `-v`: each cause's AWS error type and message, one per
 * line, innermost last. Only messages, never stacks or request objects, which may hold
 * credentials or task definition values.
 */
export function causeLines(error: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>([error]);
  let current = error instanceof Error ? error.cause : undefined;
  while (current !== undefined && !seen.has(current) && lines.length < MAX_CAUSES) {
    seen.add(current);
    lines.push(`caused by: ${describeError(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines;
}
