import { type Outcome, runContinue } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { noColorOption, outputOption, runEngineCommand } from "./engine_command.ts";
import { nonEmpty } from "./flag_values.ts";
import { collect, requiredServiceTarget, timeoutMs } from "./service_target.ts";
import { stageOptions, stageRequest } from "./stage_options.ts";

/**
 * `ecs-deploy continue`: approve (or `--reject`) the PAUSE lifecycle hook a blue/green, linear
 * or canary deployment waits at, then report its outcome like `wait`.
 */
export function continueCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("continue")
    .description(
      "Approve the lifecycle hook a deployment is paused at (or --reject to roll it back), then " +
        "wait for the outcome as wait does",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required; one)", collect)
    .option("--hook-id <id>", "the hook to answer (default: the one awaiting action)")
    .option("--reject", "roll the deployment back instead of going on")
    .option("-t, --timeout <seconds>", "one deadline for answering and waiting", "600")
    .addOption(stageOptions()[0])
    .addOption(stageOptions()[1])
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "wait",
      showPlan: flags.verbose === true,
      parse: () => {
        const hookId = nonEmpty(flags.hookId, "--hook-id");
        return {
          request: {
            ...requiredServiceTarget(flags, "continue"),
            timeoutMs: timeoutMs(flags.timeout),
            reject: flags.reject === true,
            ...(hookId !== undefined ? { hookId } : {}),
            ...stageRequest(flags),
          },
          connection: connectionFrom(flags),
        };
      },
      run: runContinue,
    })
  );
}
