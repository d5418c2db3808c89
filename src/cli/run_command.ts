import { type Outcome, runTask } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { noColorOption, outputOption, runEngineCommand } from "./engine_command.ts";
import { toRunTaskRequest } from "./run_options.ts";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/**
 * `ecs-deploy run`: a one-off task (a migration, say), waited for and judged on its exit code:
 * exit 0 when every essential container exited 0, 1 otherwise, 3 when the deadline passed.
 */
export function runCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("run")
    .description(
      "Run a one-off task of a task definition and wait for it to stop: exit 0 when its " +
        "essential containers exit 0, 1 when not (or it cannot start), 3 at the deadline",
    )
    .option("-c, --cluster <name>", "cluster to run the task in (required)")
    .option("-d, --task-definition <family[:revision]>", "what to run (required)")
    .option("--container <name>", "the container to override (default: the first essential one)")
    .option("--command <command>", "its command: shell-like words, or a JSON array of strings")
    .option(
      "--env <name=value>",
      "an environment variable for that container (repeatable)",
      collect,
    )
    .option(
      "--network-from-service <service>",
      "use this service's subnets, security groups and public IP setting (and its launch type)",
    )
    .addOption(
      new Option("--launch-type <type>", "launch type (default: the service's)")
        .choices(["FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"] as const),
    )
    .option(
      "--capacity-provider <name[:weight[:base]]>",
      "a capacity provider strategy entry instead of a launch type (repeatable)",
      collect,
    )
    .option("-t, --timeout <seconds>", "one deadline for the whole run", "600")
    .option("--keep-running", "at the deadline, leave the task running instead of stopping it")
    .option("--no-logs", "do not stream the task's CloudWatch Logs (awslogs) to stderr")
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "run",
      showPlan: false,
      parse: () => ({
        request: toRunTaskRequest(flags),
        connection: connectionFrom(flags),
      }),
      run: runTask,
      needsLogs: (request) => request.followLogs,
    })
  );
}
