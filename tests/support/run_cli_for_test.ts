import type { CliDeps, ConnectionOptions } from "../../src/cli/cli_deps.ts";
import { runCli } from "../../src/cli/run_cli.ts";
import type { Clock } from "../../src/clock.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { CodeDeployClient } from "../../src/codedeploy/codedeploy_client.ts";
import type { LogsClient } from "../../src/logs/logs_client.ts";
import { FakeClock } from "./fake_clock.ts";
import { aSimulatedWorld, type SimulatedWorld } from "./simulated_world.ts";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The connection options of every ECS client the CLI asked for. */
  connections: ConnectionOptions[];
}

/** Runs the CLI in process with collected output; without `ecs`, asking for a client fails. */
export async function runCliForTest(
  argv: string[],
  options: {
    ecs?: EcsClient;
    codeDeploy?: CodeDeployClient;
    logs?: LogsClient;
    clock?: Clock;
    env?: Record<string, string>;
    signal?: AbortSignal;
    createImageResolver?: CliDeps["createImageResolver"];
  } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const connections: ConnectionOptions[] = [];
  const exitCode = await runCli(argv, {
    createEcsClient(connection) {
      connections.push(connection);
      if (!options.ecs) throw new Error("this test expected no ECS client to be created");
      return options.ecs;
    },
    ...(options.codeDeploy ? { createCodeDeployClient: () => options.codeDeploy! } : {}),
    ...(options.logs ? { createLogsClient: () => options.logs! } : {}),
    clock: options.clock ?? new FakeClock(),
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.createImageResolver ? { createImageResolver: options.createImageResolver } : {}),
    runtimeVersions: { deno: "2.9.6" },
  });
  return { exitCode, stdout, stderr, connections };
}

/** `-c demo -n api`: the demo world's service. */
export const DEMO_TARGET: readonly string[] = ["-c", "demo", "-n", "api"];

/** Runs `deploy` with {@linkcode DEMO_TARGET} and `args` in `world`, a new demo world unless given. */
export async function deployInCli(
  args: string[],
  world?: SimulatedWorld,
): Promise<{ run: CliRun; world: SimulatedWorld }> {
  const w = world ?? await aSimulatedWorld();
  const run = await runCliForTest([...DEMO_TARGET, ...args], { ecs: w.ecs, clock: w.clock });
  return { run, world: w };
}
