import type { DeployResult } from "../deploy/deploy_events.ts";
import type { DeployDeps } from "../deploy/run_deploy.ts";
import { InvalidRequestError } from "../errors.ts";
import type { CliDeps, ConnectionOptions } from "./cli_deps.ts";
import { Option } from "./commander.ts";
import { JsonReporter } from "../report/json_reporter.ts";
import type { Reporter } from "../report/reporter.ts";
import { TextReporter } from "../report/text_reporter.ts";
import { invalidResult } from "./invalid_result.ts";

/** `--output text|json` of the commands that report a deploy result. */
export function outputOption() {
  return new Option("--output <format>", "text, or NDJSON events on stdout")
    .choices(["text", "json"] as const)
    .default("text" as const);
}

/** What every command that runs the engine (`deploy`, `rollback`, `wait`) does with its flags. */
export interface EngineCommand<Request> {
  flags: { output: "text" | "json"; cluster?: string; serviceName?: string; verbose?: true };
  /** Print the full plan. */
  showPlan: boolean;
  /** Flags to request and connection; throws InvalidRequestError naming a bad flag. */
  parse(): { request: Request; connection: ConnectionOptions };
  run(request: Request, engine: DeployDeps): Promise<DeployResult>;
}

/**
 * Parses, reports bad flags as an `invalid` result (exit 2, no AWS call), runs the engine with
 * the reporter `--output` asks for, and hands the exit code to `done`.
 */
export async function runEngineCommand<Request>(
  deps: CliDeps,
  done: (exitCode: number) => void,
  command: EngineCommand<Request>,
): Promise<void> {
  const reporter = reporterFor(command.flags.output, deps, command.showPlan);
  let parsed;
  try {
    parsed = command.parse();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const result = invalidResult(command.flags, error.message);
    reporter.report({ type: "finished", result });
    return done(result.exitCode);
  }
  const result = await command.run(parsed.request, {
    ecs: await deps.createEcsClient(parsed.connection),
    clock: deps.clock,
    emit: (event) => reporter.report(event),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.secondSignal ? { secondSignal: deps.secondSignal } : {}),
  });
  done(result.exitCode);
}

/** Builds the reporter for `--output`: text on stderr, or NDJSON on stdout plus text on stderr. */
export function reporterFor(
  output: "text" | "json",
  deps: CliDeps,
  showPlan: boolean,
): Reporter {
  const githubActions = deps.env.GITHUB_ACTIONS === "true";
  const now = () => deps.clock.now();
  if (output === "text") {
    return new TextReporter({
      stderr: deps.stderr,
      stdout: deps.stdout,
      now,
      showPlan,
      githubActions,
    });
  }
  const text = new TextReporter({
    stderr: deps.stderr,
    stdout: () => {},
    now,
    showPlan,
    githubActions,
  });
  const json = new JsonReporter(deps.stdout, { showPlan });
  return {
    report(event) {
      text.report(event);
      json.report(event);
    },
  };
}
