/**
 * Runs build commands for the scripts, passing their output through while keeping stderr so a
 * failure can be explained.
 *
 * @module
 */

/** The result of {@linkcode runCommand}. */
export interface CommandResult {
  code: number;
  stderr: string;
}

/** Runs `argv`, inheriting stdout, copying stderr to ours as it arrives and returning it. */
export async function runCommand(argv: string[], cwd?: string): Promise<CommandResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error("Cannot run an empty command");
  const child = new Deno.Command(cmd, {
    args,
    ...(cwd === undefined ? {} : { cwd }),
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  const chunks: Uint8Array[] = [];
  for await (const chunk of child.stderr) {
    chunks.push(chunk);
    await Deno.stderr.write(chunk);
  }
  const { code } = await child.status;
  const stderr = new TextDecoder().decode(concat(chunks));
  return { code, stderr };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Explains a failed `deno compile` from its stderr. `deno compile` downloads the runtime binary
 * (`denort-<target>.zip`) from dl.deno.land on first use per version and target; without that
 * host no binary can be built, which deserves a clearer message than a DNS error.
 */
export function compileFailureMessage(stderr: string, target: string): string {
  // deno-lint-ignore no-control-regex
  const plain = stderr.replace(/\x1b\[[0-9;]*m/g, "");
  const url = /https:\/\/\S*denort-\S+?\.zip/.exec(plain)?.[0];
  if (url !== undefined && plain.includes("Setting up base binary")) {
    return `Cannot compile ecs-deploy for ${target}: deno could not download its runtime ` +
      `binary from ${url}. deno compile needs that download once ` +
      `per Deno version and target (it is cached in DENO_DIR afterwards); run where ` +
      `dl.deno.land is reachable, or point DENORT_BIN at the denort binary of the same Deno ` +
      `version for that target`;
  }
  return `Cannot compile ecs-deploy for ${target}: deno compile failed (see its output above)`;
}
