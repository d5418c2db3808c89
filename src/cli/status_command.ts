import { describeError, exitCodeFor, type Outcome, runStatus } from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";
import { causeLines } from "../report/cause_chain.ts";
import { renderStatus } from "../report/render_status.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { collect, firstOf, requiredServiceTarget } from "./service_target.ts";
import { explainSetupError } from "./explain_setup_error.ts";
import type { ConnectionOptions } from "./cli_deps.ts";

/**
 * `ecs-deploy status`: one screen (or one JSON object on stdout) about a service. Succeeds (exit
 * 0) whatever state the service is in; `invalid` (exit 2) for bad flags or a missing cluster or
 * service, `error` (exit 4) on AWS errors. With `--output json` the one object is the result:
 * it has `outcome` and `exitCode`, and on failure `reason` (also as `error`).
 */
export function statusCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("status")
    .description(
      "Show a service's revision, deployments, tasks by revision and health, and recent events",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required; one)", collect)
    .addOption(
      new Option("--output <format>", "text, or one JSON object on stdout").choices(
        ["text", "json"] as const,
      ).default("text" as const),
    );
  return withConnectionOptions(command).action(async (flags) => {
    let outcome: Outcome = "succeeded";
    let connection: ConnectionOptions | undefined;
    try {
      const target = requiredServiceTarget(flags, "status");
      connection = connectionFrom(flags);
      const ecs = await deps.createEcsClient(connection);
      const status = await runStatus(ecs, target);
      if (flags.output === "json") {
        deps.stdout(`${JSON.stringify({ outcome, exitCode: exitCodeFor(outcome), ...status })}\n`);
      } else deps.stdout(renderStatus(status).map((line) => `${line}\n`).join(""));
    } catch (error) {
      outcome = error instanceof InvalidRequestError ? "invalid" : "error";
      const reason = explainSetupError(error, { connection, env: deps.env }) ??
        describeError(error);
      deps.stderr(`error: ${reason}\n`);
      if (flags.verbose) { for (const line of causeLines(error)) deps.stderr(`  ${line}\n`); }
      if (flags.output === "json") {
        const result = {
          outcome,
          exitCode: exitCodeFor(outcome),
          cluster: flags.cluster ?? "",
          service: firstOf(flags.serviceName) ?? null,
          reason,
          // The member status errors had before they became result lines; scripts read it.
          error: reason,
        };
        deps.stdout(`${JSON.stringify(result)}\n`);
      }
    }
    done(outcome);
  });
}
