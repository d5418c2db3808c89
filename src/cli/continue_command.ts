import { type Outcome, runContinue } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { runEngineCommand } from "./engine_command.ts";
import { nonEmpty } from "./flag_values.ts";
import { waitingCommand, waitRequest } from "./wait_options.ts";

/**
 * `ecs-deploy continue`: approve (or `--reject`) the PAUSE lifecycle hook a blue/green, linear
 * or canary deployment waits at, then report its outcome like `wait`.
 */
export function continueCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = waitingCommand("continue", "one deadline for answering and waiting")
    .description(
      "Approve the lifecycle hook a deployment is paused at (or --reject to roll it back), then " +
        "wait for the outcome as wait does",
    )
    .option("--hook-id <id>", "the hook to answer (default: the one awaiting action)")
    .option("--reject", "roll the deployment back instead of going on");
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "wait",
      showPlan: flags.verbose === true,
      parse: () => {
        const hookId = nonEmpty(flags.hookId, "--hook-id");
        return {
          request: {
            ...waitRequest(flags, "continue"),
            reject: flags.reject === true,
            ...(hookId !== undefined ? { hookId } : {}),
          },
          connection: connectionFrom(flags),
        };
      },
      run: runContinue,
    })
  );
}
