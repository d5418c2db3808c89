/**
 * `ecs-deploy emulator` as a child process (`deno run -A main.ts emulator ...` in the checkout)
 * for the tests of `--demo` and `--state`: wait for text on its stderr, read the URL from its
 * ready line, stop it with SIGTERM and see how it ended.
 *
 * @module
 */
import { dirname } from "node:path";
import { cliEnv, ROOT } from "../support/spawn_cli.ts";

/** A running emulator child. */
export interface EmulatorProcess {
  /** The base URL from the ready line. */
  url: string;
  /** Everything on stderr so far. */
  stderr(): string;
  /** Resolves with stderr so far once it matches `pattern`; rejects if the child ends first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** SIGTERM, then the exit code and the whole stderr. */
  stop(): Promise<{ code: number; stderr: string }>;
  /** Resolves when the child exits on its own. */
  exited: Promise<{ code: number; stderr: string }>;
}

/**
 * The environment of the children: no AWS credentials at all (the printed commands must carry
 * their own), no shared config files, and this test's deno first on PATH as `deno`.
 */
export function shellEnv(): Record<string, string> {
  const env = cliEnv();
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  env.PATH = `${dirname(Deno.execPath())}:${env.PATH ?? ""}`;
  return env;
}

/**
 * Starts the emulator with `args` and resolves once it has printed its ready line; rejects
 * with its stderr when it exits first. Killed after `timeoutMs` (120 s unless given).
 */
export async function startEmulator(
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<EmulatorProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "emulator", ...args],
    cwd: ROOT,
    env: shellEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  let text = "";
  let changed = Promise.withResolvers<void>();
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      changed.resolve();
      changed = Promise.withResolvers<void>();
    }
    changed.resolve();
  })();
  let ended = false;
  const exited = (async () => {
    const status = await child.status;
    await reading;
    ended = true;
    clearTimeout(timer);
    return { code: status.code, stderr: text };
  })();
  const waitFor = async (pattern: RegExp): Promise<string> => {
    for (;;) {
      if (pattern.test(text)) return text;
      if (ended) throw new Error(`The emulator exited before printing ${pattern}:\n${text}`);
      await Promise.race([changed.promise, exited]);
    }
  };
  const ready = /ecs-deploy emulator listening on (http:\/\/\S+)\n/;
  const url = ready.exec(await waitFor(ready))![1]!;
  return {
    url,
    stderr: () => text,
    waitFor,
    exited,
    stop: async () => {
      if (!ended) child.kill("SIGTERM");
      return await exited;
    },
  };
}

/** Runs `script` with `sh -c` in the checkout; the exit code and output. */
export async function runShell(
  script: string,
  options: { timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command("sh", {
    args: ["-c", script],
    cwd: ROOT,
    env: shellEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearTimeout(timer);
  return { code: status.code, stdout, stderr };
}
