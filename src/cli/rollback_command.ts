import { type Outcome, runRollback } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { checkShowValues } from "./deploy_options.ts";
import {
  noColorOption,
  outputOption,
  runEngineCommand,
  showValuesOption,
} from "./engine_command.ts";
import { revisionName } from "./flag_values.ts";
import { collect, requiredServiceTarget, timeoutMs } from "./service_target.ts";

/**
 * `ecs-deploy rollback`: deploy the previous ACTIVE revision (or `--to REVISION`) of the family
 * the service runs, and wait, with the outcomes and exit codes of `deploy`.
 */
export function rollbackCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("rollback")
    .description(
      "Point a service back at an earlier revision of its task definition (by default the " +
        "newest ACTIVE one older than what it runs) and wait until ECS has finished",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required; one)", collect)
    .option("--to <revision>", "revision to go back to: a number, FAMILY:REVISION or an ARN")
    .option("-t, --timeout <seconds>", "one deadline for the whole rollback", "600")
    .option("--no-wait", "return once ECS has accepted the deployment")
    .option("--dry-run", "print the plan; change nothing")
    .addOption(showValuesOption())
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "rollback",
      dryRun: flags.dryRun === true,
      showPlan: flags.dryRun === true || flags.verbose === true,
      showValues: flags.showValues === true && flags.dryRun === true,
      parse: () => {
        checkShowValues(flags);
        const to = revisionName(flags.to, "--to");
        return {
          request: {
            ...requiredServiceTarget(flags, "rollback"),
            ...(to !== undefined ? { to } : {}),
            timeoutMs: timeoutMs(flags.timeout),
            wait: flags.wait,
            dryRun: flags.dryRun === true,
          },
          connection: connectionFrom(flags),
        };
      },
      run: runRollback,
    })
  );
}
