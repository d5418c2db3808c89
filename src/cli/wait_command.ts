import { type Outcome, runWait } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { noColorOption, outputOption, runEngineCommand } from "./engine_command.ts";
import { collect, requiredServiceTarget, timeoutMs } from "./service_target.ts";
import { stageOptions, stageRequest } from "./stage_options.ts";

/**
 * `ecs-deploy wait`: attach to the deployment a service is busy with and report its outcome
 * with the exit codes, reporters and JSON result of `deploy` (for pipelines that deploy with
 * `--no-wait`).
 */
export function waitCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("wait")
    .description(
      "Wait for a service's current deployment to end and report it as deploy does " +
        "(exit 0 succeeded, 1 failed/rolled back/superseded, 3 timed out)",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required; one)", collect)
    .option("-t, --timeout <seconds>", "how long to wait at most", "600")
    .addOption(stageOptions()[0])
    .addOption(stageOptions()[1])
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "wait",

      showPlan: flags.verbose === true,
      parse: () => ({
        request: {
          ...requiredServiceTarget(flags, "wait"),
          timeoutMs: timeoutMs(flags.timeout),
          ...stageRequest(flags),
        },
        connection: connectionFrom(flags),
      }),
      run: runWait,
    })
  );
}
