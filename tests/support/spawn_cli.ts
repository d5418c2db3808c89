/**
 * Spawns `deno run -A main.ts ...` as a child process with a clean environment (dummy AWS
 * credentials, no shared AWS config, no instance metadata), collects its exit code, stdout and
 * stderr, and kills it after a hard timeout so a hung deploy fails a test instead of hanging it.
 * Used by the end-to-end tests and the benchmark.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

/** The checkout's root, where main.ts lives. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@linkcode spawnCli}. */
export interface SpawnCliOptions {
  /** Killed with SIGKILL after this long; 30 s unless given. */
  timeoutMs?: number;
  /** Variables added to (or replacing) the clean environment. */
  env?: Record<string, string>;
  /** Runs `[...prefix, deno, run, -A, main.ts, ...args]`, e.g. `/usr/bin/time -f %M -o FILE`. */
  prefix?: string[];
}

/** How a CLI child ended and what it printed. */
export interface CliExit {
  /** The exit code; 128 + n when a signal n ended it. */
  code: number;
  /** The signal that ended it, when one did. */
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
  /** True when the hard timeout killed it. */
  killedByTimeout: boolean;
  /** `Date.now()` when it was spawned and when its exit was seen. */
  startedAt: number;
  endedAt: number;
}

/** A running CLI child. */
export interface CliProcess {
  pid: number;
  /** Resolves with the first stderr line matching `pattern`; rejects if the child ends first. */
  waitForStderr(pattern: RegExp): Promise<string>;
  /** Sends a signal; ignored once the child has exited. */
  kill(signal: Deno.Signal): void;
  /** Resolves once the child has exited and its output is read to the end. */
  exited: Promise<CliExit>;
}

/** Variables a child keeps from ours: finding programs, deno's cache and temp folders. */
const KEPT = ["PATH", "HOME", "DENO_DIR", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "USERPROFILE"];

/**
 * The clean environment of a CLI child: dummy credentials, shared config files that are empty
 * (`/dev/null`), the metadata service off, so nothing of this machine's AWS setup leaks in.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of KEPT) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const empty = Deno.build.os === "windows" ? "NUL" : "/dev/null";
  return {
    ...env,
    NO_COLOR: "1",
    AWS_ACCESS_KEY_ID: "AKIDE2EEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "e2e-dummy-secret",
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** Starts the CLI with `args` (what follows `main.ts`). */
export function spawnCli(args: string[], options: SpawnCliOptions = {}): CliProcess {
  const argv = [...(options.prefix ?? []), Deno.execPath(), "run", "-A", "main.ts", ...args];
  const [cmd, ...rest] = argv;
  const startedAt = Date.now();
  const child = new Deno.Command(cmd!, {
    args: rest,
    cwd: ROOT,
    env: cliEnv(options.env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let killedByTimeout = false;
  let done = false;
  let finished = false;
  const timer = setTimeout(() => {
    killedByTimeout = true;
    kill("SIGKILL");
  }, options.timeoutMs ?? 30_000);
  const kill = (signal: Deno.Signal) => {
    if (done) return;
    try {
      child.kill(signal);
    } catch {
      // Exited in the meantime.
    }
  };

  let stderr = "";
  const watchers: { pattern: RegExp; resolve(line: string): void; reject(e: Error): void }[] = [];
  const checkWatchers = () => {
    const lines = stderr.split("\n").slice(0, -1); // only complete lines
    for (const watcher of [...watchers]) {
      const line = lines.find((l) => watcher.pattern.test(l));
      if (line !== undefined) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(line);
      }
    }
  };
  const readStderr = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      stderr += text;
      checkWatchers();
    }
  })();
  const readStdout = new Response(child.stdout).text();

  const exited = (async (): Promise<CliExit> => {
    const status = await child.status;
    const endedAt = Date.now();
    done = true;
    clearTimeout(timer);
    const [stdout] = await Promise.all([readStdout, readStderr]);
    checkWatchers();
    finished = true;
    for (const watcher of watchers.splice(0)) {
      watcher.reject(
        new Error(`The CLI exited (${status.code}) before printing ${watcher.pattern}:\n${stderr}`),
      );
    }
    return {
      code: status.code,
      signal: status.signal,
      stdout,
      stderr,
      killedByTimeout,
      startedAt,
      endedAt,
    };
  })();

  return {
    pid: child.pid,
    kill,
    exited,
    waitForStderr(pattern) {
      return new Promise((resolve, reject) => {
        if (finished) {
          const line = stderr.split("\n").find((l) => pattern.test(l));
          if (line === undefined) reject(new Error(`The CLI exited without printing ${pattern}`));
          else resolve(line);
          return;
        }
        watchers.push({ pattern, resolve, reject });
        checkWatchers();
      });
    },
  };
}

/** Runs the CLI to its end. */
export function runCliProcess(args: string[], options: SpawnCliOptions = {}): Promise<CliExit> {
  return spawnCli(args, options).exited;
}

/** The last line of stdout parsed as JSON: the result object of `--output json`. */
export function resultLine(exit: CliExit): Record<string, unknown> {
  const last = exit.stdout.trimEnd().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(
      `The last stdout line is not JSON: ${JSON.stringify(last)}\nstderr:\n${exit.stderr}`,
    );
  }
}

/** An exit's code and output, for assertion messages. */
export function explain(exit: CliExit): string {
  return `exit ${exit.code}\n--- stdout\n${exit.stdout}\n--- stderr\n${exit.stderr}`;
}

/**
 * The stderr line naming the outcome: the last line that is not indented, since only the
 * diagnosis (indented) may follow it.
 */
export function outcomeLine(text: string): string {
  return text.trimEnd().split("\n").findLast((line) => !line.startsWith("  ")) ?? "";
}

/**
 * Starts the CLI, sends `signal` once it reports deploying progress, and checks that it then
 * exited by itself (not killed by the signal) with `code`.
 */
export async function interruptWhileDeploying(
  args: string[],
  signal: Deno.Signal,
  code: number,
): Promise<CliExit> {
  const cli = spawnCli(args);
  await cli.waitForStderr(/\] deploying: /);
  cli.kill(signal);
  const exit = await cli.exited;
  assert.equal(exit.code, code, explain(exit));
  assert.equal(exit.signal, null, "the CLI should exit by itself, not die of the signal");
  return exit;
}
