/**
 * ecs-deploy: the composition root. The only module that reads Deno.args and Deno.env, builds
 * real adapters and exits.
 */
import { runCli } from "./src/cli/run_cli.ts";
import type { CliDeps, ConnectionOptions } from "./src/cli/cli_deps.ts";
import { systemClock } from "./src/clock.ts";
import { exitCodeFor } from "./src/deploy/outcome.ts";
import type { EcsClient } from "./src/ecs/ecs_client.ts";

const encoder = new TextEncoder();

function writerTo(stream: { writeSync(bytes: Uint8Array): number }) {
  return (text: string) => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
  };
}

/**
 * The real ECS client: flags first, then the AWS environment, then the SDK's defaults. The SDK
 * is loaded here, on first use, so `--help` and friends do not pay for it at start-up.
 */
export async function createEcsClient(connection: ConnectionOptions): Promise<EcsClient> {
  const { AwsEcsClient, awsEcsClientOptionsFromEnv } = await import(
    "./src/ecs/aws_ecs_client.ts"
  );
  const stderr = writerTo(Deno.stderr);
  const fromEnv = awsEcsClientOptionsFromEnv(Deno.env.toObject());
  const region = connection.region ?? fromEnv.region;
  const endpoint = connection.endpoint ?? fromEnv.endpoint;
  const profile = connection.profile ?? fromEnv.profile;
  if (connection.verbose) {
    stderr(
      `AWS settings: region ${region ?? "(from profile)"}, endpoint ${endpoint ?? "(AWS)"}, ` +
        `profile ${profile ?? "(default)"}, credentials ${
          connection.accessKeyId ? "from flags" : "from the AWS credential chain"
        }\n`,
    );
  }
  return new AwsEcsClient({
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(profile ? { profile } : {}),
    ...(connection.accessKeyId && connection.secretAccessKey
      ? {
        credentials: {
          accessKeyId: connection.accessKeyId,
          secretAccessKey: connection.secretAccessKey,
        },
      }
      : {}),
    ...(connection.verbose ? { logger: (line: string) => stderr(`${line}\n`) } : {}),
  });
}

/**
 * Signals as abort signals with the signal's name as reason, so the engine can report what
 * interrupted it: the first SIGINT/SIGTERM stops the run (or starts `--on-cancel rollback`), the
 * second stops that rollback, and a third ends the process at once.
 */
function abortOnSignals(): { signal: AbortSignal; secondSignal: AbortSignal } {
  const first = new AbortController();
  const second = new AbortController();
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(name, () => {
        if (second.signal.aborted) Deno.exit(exitCodeFor("cancelled", name));
        (first.signal.aborted ? second : first).abort(name);
      });
    } catch {
      // SIGTERM cannot be listened to on Windows; Ctrl+C still arrives as SIGINT.
    }
  }
  return { signal: first.signal, secondSignal: second.signal };
}

/** The terminal's width now, or undefined where no stream is a terminal. */
function terminalColumns(): number | undefined {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}

/** The real dependencies of the command tree. */
export function realCliDeps(): CliDeps {
  return {
    createEcsClient,
    clock: systemClock,
    stdout: writerTo(Deno.stdout),
    stderr: writerTo(Deno.stderr),
    env: Object.fromEntries(
      ["GITHUB_ACTIONS", "CI", "TERM", "NO_COLOR", "FORCE_COLOR"].map((name) => [
        name,
        Deno.env.get(name),
      ]),
    ),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    terminalColumns,
    ...abortOnSignals(),
    runtimeVersions: {
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
    },
  };
}

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, realCliDeps()));
}
