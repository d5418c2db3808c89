/**
 * What a standalone task's container does in the simulated ECS, chosen by convention since
 * nothing really runs: a word of its command, or its image tag, `exit-N` makes it exit with
 * code N (0 to 255) and `sleep-N` makes it run N seconds (whole or decimal). A container with a
 * command and neither word exits 0 after `timings.commandRunMs`; one without a command or such
 * a tag is a server and runs until stopped. Tasks of services never exit on their own (their
 * failures are the `crash` and `flaky` tags of `image_faults.ts`).
 *
 * @module
 */
import { imageTag } from "./image_faults.ts";
import type { Wire } from "./sim_records.ts";

/** When (ms after it started) and how a container's command ends; undefined: it runs on. */
export interface CommandEnding {
  afterMs: number;
  exitCode: number;
}

const EXIT_RE = /^exit-(\d{1,3})$/;
const SLEEP_RE = /^sleep-(\d+(?:\.\d+)?)$/;

/** How a container with `command` (after overrides) and `image` ends, if it does. */
export function commandEnding(
  command: string[] | undefined,
  image: string,
  commandRunMs: number,
): CommandEnding | undefined {
  const tag = imageTag(image);
  const words = [...(command ?? []).flatMap((word) => word.split(/\s+/)), ...(tag ? [tag] : [])];
  let exitCode: number | undefined;
  let afterMs: number | undefined;
  for (const word of words) {
    const exit = EXIT_RE.exec(word);
    if (exit && Number(exit[1]) <= 255) exitCode ??= Number(exit[1]);
    const sleep = SLEEP_RE.exec(word);
    if (sleep) afterMs ??= Math.round(Number(sleep[1]) * 1000);
  }
  if (command === undefined && exitCode === undefined && afterMs === undefined) return undefined;
  return { afterMs: afterMs ?? commandRunMs, exitCode: exitCode ?? 0 };
}

/** The command a container runs: its override's, else its definition's. */
export function effectiveCommand(
  definition: Wire | undefined,
  overrides: Wire,
  name: string,
): string[] | undefined {
  const override = (overrides.containerOverrides as Wire[] | undefined)
    ?.find((o) => o.name === name);
  const command = override?.command ?? definition?.command;
  return Array.isArray(command) && command.length > 0 ? command.map(String) : undefined;
}
