import type { ConnectionOptions } from "../../src/cli/cli_deps.ts";
import { runCli } from "../../src/cli/run_cli.ts";
import type { Clock } from "../../src/clock.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { CodeDeployClient } from "../../src/codedeploy/codedeploy_client.ts";
import { FakeClock } from "./fake_clock.ts";

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
    clock?: Clock;
    env?: Record<string, string>;
    signal?: AbortSignal;
    files?: Record<string, string>;
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
    readTextFile(path) {
      const content = options.files?.[path];
      if (content === undefined) throw new Deno.errors.NotFound(`No such file: ${path}`);
      return content;
    },
    clock: options.clock ?? new FakeClock(),
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
    runtimeVersions: { deno: "2.9.6" },
  });
  return { exitCode, stdout, stderr, connections };
}
