import type { Outcome } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command } from "./commander.ts";

/** `ecs-deploy emulator`: the simulated ECS on loopback, speaking the ECS JSON protocol. */
export function emulatorCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  return new Command("emulator")
    .description(
      "Serve a simulated ECS on loopback that rolls deployments out for real; point the AWS " +
        "SDK, the AWS CLI or ecs-deploy --endpoint-url at it. Stops on SIGINT/SIGTERM",
    )
    .option("--port <port>", "port to listen on; 0 picks a free one", "4599")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--demo",
      "start with a cluster and a settled Fargate service to deploy to, and print commands to try",
    )
    .option(
      "--state <file>",
      "keep the state in FILE across restarts (loaded at start, saved atomically while running " +
        "and on shutdown)",
    )
    .option(
      "--time-scale <factor>",
      "run ECS time FACTOR times faster (60: a simulated minute per second), for bake times",
    )
    .option("--task-start-ms <ms>", "time from launch to RUNNING of a task (default: 1000)")
    .option("--throttle-rate <rate>", "share of calls answered with ThrottlingException, 0 to 1")
    .option("--error-rate <rate>", "share of calls answered with ServerException (500), 0 to 1")
    .option("--latency-ms <ms>", "delay added to every response")
    .option("--seed <n>", "seed for ids and injected faults")
    .action(async (flags) => {
      // Loaded here so that deploys do not pay for the simulator at start-up.
      const { parseEmulatorOptions } = await import("../emulator/emulator_options.ts");
      const { runEmulator } = await import("../emulator/run_emulator.ts");
      const { invocationOf, runtimeFacts } = await import("../emulator/invocation.ts");
      const options = parseEmulatorOptions(flags);
      await runEmulator({ ...options, clock: deps.clock }, {
        write: (line) => deps.stderr(`${line}\n`),
        signal: deps.signal ?? new AbortController().signal,
        ...(options.demo ? { invocation: invocationOf(runtimeFacts()) } : {}),
      });
      done("succeeded");
    });
}
