import { runRollback } from "../deploy/run_rollback.ts";
import { InvalidRequestError } from "../errors.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, reporterFor, withConnectionOptions } from "./deploy_command.ts";
import { invalidResult } from "./invalid_result.ts";
import { requiredServiceTarget, timeoutMs } from "./service_target.ts";

/**
 * `ecs-deploy rollback`: deploy the previous ACTIVE revision (or `--to REVISION`) of the family
 * the service runs, and wait, with the outcomes and exit codes of `deploy`.
 */
export function rollbackCommand(deps: CliDeps, done: (exitCode: number) => void) {
  const command = new Command("rollback")
    .description(
      "Point a service back at an earlier revision of its task definition (by default the " +
        "newest ACTIVE one older than what it runs) and wait until ECS has finished",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required)")
    .option("--to <revision>", "revision to go back to: a number, FAMILY:REVISION or an ARN")
    .option("-t, --timeout <seconds>", "one deadline for the whole rollback", "600")
    .option("--no-wait", "return once ECS has accepted the deployment")
    .option("--dry-run", "print the plan; change nothing")
    .addOption(
      new Option("--output <format>", "text, or NDJSON events on stdout").choices(
        ["text", "json"] as const,
      ).default("text" as const),
    );
  return withConnectionOptions(command).action(async (flags) => {
    const reporter = reporterFor(
      flags.output,
      deps,
      flags.dryRun === true || flags.verbose === true,
    );
    let request;
    let connection;
    try {
      const to = flags.to?.trim();
      if (to === "") throw new InvalidRequestError("Invalid option --to: empty value");
      request = {
        ...requiredServiceTarget(flags),
        ...(to !== undefined ? { to } : {}),
        timeoutMs: timeoutMs(flags.timeout),
        wait: flags.wait,
        dryRun: flags.dryRun === true,
      };
      connection = connectionFrom(flags);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      const result = invalidResult(flags, error.message);
      reporter.report({ type: "finished", result });
      return done(result.exitCode);
    }
    const result = await runRollback(request, {
      ecs: deps.createEcsClient(connection),
      clock: deps.clock,
      emit: (event) => reporter.report(event),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    done(result.exitCode);
  });
}
