import { runWait } from "../deploy/run_wait.ts";
import { InvalidRequestError } from "../errors.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, reporterFor, withConnectionOptions } from "./deploy_command.ts";
import { invalidResult } from "./invalid_result.ts";
import { requiredServiceTarget, timeoutMs } from "./service_target.ts";

/**
 * `ecs-deploy wait`: attach to the deployment a service is busy with and report its outcome
 * with the exit codes, reporters and JSON result of `deploy` (for pipelines that deploy with
 * `--no-wait`).
 */
export function waitCommand(deps: CliDeps, done: (exitCode: number) => void) {
  const command = new Command("wait")
    .description(
      "Wait for a service's current deployment to end and report it as deploy does " +
        "(exit 0 succeeded, 1 failed/rolled back/superseded, 3 timed out)",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required)")
    .option("-t, --timeout <seconds>", "how long to wait at most", "600")
    .addOption(
      new Option("--output <format>", "text, or NDJSON events on stdout").choices(
        ["text", "json"] as const,
      ).default("text" as const),
    );
  return withConnectionOptions(command).action(async (flags) => {
    const reporter = reporterFor(flags.output, deps, flags.verbose === true);
    let request;
    let connection;
    try {
      request = { ...requiredServiceTarget(flags), timeoutMs: timeoutMs(flags.timeout) };
      connection = connectionFrom(flags);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      const result = invalidResult(flags, error.message);
      reporter.report({ type: "finished", result });
      return done(result.exitCode);
    }
    const result = await runWait(request, {
      ecs: deps.createEcsClient(connection),
      clock: deps.clock,
      emit: (event) => reporter.report(event),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    done(result.exitCode);
  });
}
