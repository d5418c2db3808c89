import { describeError } from "../deploy/describe_error.ts";
import { exitCodeFor } from "../deploy/outcome.ts";
import { runStatus } from "../deploy/run_status.ts";
import { InvalidRequestError } from "../errors.ts";
import { renderStatus } from "../report/render_status.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { requiredServiceTarget } from "./service_target.ts";

/**
 * `ecs-deploy status`: one screen (or one JSON object on stdout) about a service. Exit 0, 2 when
 * the cluster or service does not exist, 4 on AWS errors.
 */
export function statusCommand(deps: CliDeps, done: (exitCode: number) => void) {
  const command = new Command("status")
    .description(
      "Show a service's revision, deployments, tasks by revision and health, and recent events",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required)")
    .addOption(
      new Option("--output <format>", "text, or one JSON object on stdout").choices(
        ["text", "json"] as const,
      ).default("text" as const),
    );
  return withConnectionOptions(command).action(async (flags) => {
    try {
      const target = requiredServiceTarget(flags);
      const ecs = await deps.createEcsClient(connectionFrom(flags));
      const status = await runStatus(ecs, target);
      if (flags.output === "json") deps.stdout(`${JSON.stringify(status)}\n`);
      else deps.stdout(renderStatus(status).map((line) => `${line}\n`).join(""));
      done(0);
    } catch (error) {
      // Text mode leaves errors to runCli, which prints the cause chain with --verbose.
      if (flags.output !== "json") throw error;
      const exitCode = exitCodeFor(error instanceof InvalidRequestError ? "invalid" : "error");
      const message = describeError(error);
      deps.stderr(`error: ${message}\n`);
      deps.stdout(`${JSON.stringify({ error: message, exitCode })}\n`);
      done(exitCode);
    }
  });
}
