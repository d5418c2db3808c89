import { type Outcome, runWait } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { runEngineCommand } from "./engine_command.ts";
import { waitingCommand, waitRequest } from "./wait_options.ts";

/**
 * `ecs-deploy wait`: attach to the deployment a service is busy with and report its outcome
 * with the exit codes, reporters and JSON result of `deploy` (for pipelines that deploy with
 * `--no-wait`).
 */
export function waitCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = waitingCommand("wait", "how long to wait at most")
    .description(
      "Wait for a service's current deployment to end and report it as deploy does " +
        "(exit 0 succeeded, 1 failed/rolled back/superseded, 3 timed out)",
    );
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "wait",
      showPlan: flags.verbose === true,
      parse: () => ({ request: waitRequest(flags, "wait"), connection: connectionFrom(flags) }),
      run: runWait,
    })
  );
}
