import {
  type DeployDeps,
  type DeployEvent,
  type DeployResult,
  deployResult,
  describeError,
  type Outcome,
} from "../deploy/mod.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import { InvalidRequestError } from "../errors.ts";
import type { CliDeps, ConnectionOptions } from "./cli_deps.ts";
import { Option } from "./commander.ts";
import { JsonReporter } from "../report/json_reporter.ts";
import type { Reporter } from "../report/reporter.ts";
import { terminalSettings } from "../report/terminal_settings.ts";
import { TextReporter } from "../report/text_reporter.ts";
import { connectionArgs } from "./connection_args.ts";
import { invalidResult } from "./invalid_result.ts";
import { explainSetupError } from "./explain_setup_error.ts";
import { firstOf } from "./service_target.ts";

/** `--output text|json` of the commands that report a deploy result. */
export function outputOption() {
  return new Option("--output <format>", "text, or NDJSON events on stdout")
    .choices(["text", "json"] as const)
    .default("text" as const);
}

/** `--show-values` of the commands with `--dry-run`. */
export function showValuesOption() {
  return new Option(
    "--show-values",
    "with --dry-run: show environment values and secret references in the plan (masked otherwise)",
  );
}

/** `--no-color` of the commands that report a deploy. */
export function noColorOption() {
  return new Option("--no-color", "no colour in the text output (also: NO_COLOR=1)");
}

/** How a command reports: what `--output`, `--dry-run`, `-v` and `--show-values` ask. */
export interface ReportOptions {
  /** Print the full plan. */
  showPlan: boolean;
  /** Show environment values and secret references (`--dry-run --show-values` only). */
  showValues?: boolean;
  /** Print the cause chain of the error that ended the run, and every retry. */
  verbose?: boolean;
  /** What the run does, for the wording of its outcome. */
  command?: "deploy" | "rollback" | "wait" | "run";
  dryRun?: boolean;
  /** `--no-color`. */
  noColor?: boolean;
  /** The connection flags to repeat in the commands printed to go on with. */
  connectionArgs?: string[];
}

/** What every command that runs the engine (`deploy`, `rollback`, `wait`) does with its flags. */
export interface EngineCommand<Request> extends ReportOptions {
  flags: {
    output: "text" | "json";
    cluster?: string;
    serviceName?: string | string[];
    verbose?: true;
    color?: boolean;
    endpointUrl?: string;
    profile?: string;
    region?: string;
  };
  /** Flags to request and connection; throws InvalidRequestError naming a bad flag. */
  parse(): { request: Request; connection: ConnectionOptions };
  run(request: Request, engine: DeployDeps): Promise<DeployResult>;
  /** Whether the run reads CloudWatch Logs (one-off tasks); no logs client is made otherwise. */
  needsLogs?: (request: Request) => boolean;
}

/**
 * Parses, reports bad flags as an `invalid` result (exit 2, no AWS call), builds the client
 * (a failure to is an `error` result), runs the engine with the reporter `--output` asks for,
 * and hands the outcome to `done`. Every path ends with one `finished` event, so `--output
 * json` always ends with the result line.
 */
export async function runEngineCommand<Request>(
  deps: CliDeps,
  done: (outcome: Outcome) => void,
  command: EngineCommand<Request>,
): Promise<void> {
  const reporter = reporterFor(command.flags.output, deps, {
    ...command,
    verbose: command.flags.verbose === true,
    noColor: command.flags.color === false,
    connectionArgs: connectionArgs(command.flags),
  });
  try {
    await runWith(reporter, deps, done, command);
  } finally {
    reporter.close?.();
  }
}

async function runWith<Request>(
  reporter: Reporter,
  deps: CliDeps,
  done: (outcome: Outcome) => void,
  command: EngineCommand<Request>,
): Promise<void> {
  let parsed;
  try {
    parsed = command.parse();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const result = invalidResult(command.flags, error.message);
    reporter.report({ type: "finished", result, error });
    return done(result.outcome);
  }
  const settings = { connection: parsed.connection, env: deps.env };
  let ecs: EcsClient;
  try {
    ecs = await deps.createEcsClient(parsed.connection);
  } catch (error) {
    const result = deployResult({
      outcome: error instanceof InvalidRequestError ? "invalid" : "error",
      reason: explainSetupError(error, settings) ??
        `Cannot create the ECS client: ${describeError(error)}`,
      cluster: command.flags.cluster ?? "",
      service: firstOf(command.flags.serviceName),
    });
    reporter.report({ type: "finished", result, error });
    return done(result.outcome);
  }
  // Without a logs client, a one-off task is still run and judged; its lines are not shown.
  const logs = command.needsLogs?.(parsed.request) && deps.createLogsClient
    ? await Promise.resolve(deps.createLogsClient(parsed.connection)).catch(() => undefined)
    : undefined;
  const result = await command.run(parsed.request, {
    ecs,
    ...(deps.createCodeDeployClient
      ? { codeDeploy: deps.createCodeDeployClient(parsed.connection) }
      : {}),
    ...(logs ? { logs } : {}),
    clock: deps.clock,
    emit: (event) => reporter.report(explained(event, settings)),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.secondSignal ? { secondSignal: deps.secondSignal } : {}),
  });
  done(result.outcome);
}

/** A run that ended on a set-up error ends with the advice as its reason, in text and JSON. */
function explained(event: DeployEvent, settings: Parameters<typeof explainSetupError>[1]) {
  if (event.type !== "finished") return event;
  const reason = explainSetupError(event.error, settings);
  return reason === undefined ? event : { ...event, result: { ...event.result, reason } };
}

/** Builds the reporter for `--output`: text on stderr, or NDJSON on stdout plus text on stderr. */
export function reporterFor(
  output: "text" | "json",
  deps: CliDeps,
  options: ReportOptions,
): Reporter {
  const text = new TextReporter({
    stderr: deps.stderr,
    stdout: output === "text" ? deps.stdout : () => {},
    clock: deps.clock,
    showPlan: options.showPlan,
    showValues: options.showValues === true,
    verbose: options.verbose === true,
    githubActions: deps.env.GITHUB_ACTIONS === "true",
    terminal: terminalSettings({
      env: deps.env,
      stderrIsTerminal: deps.stderrIsTerminal === true,
      noColor: options.noColor === true,
      verbose: options.verbose === true,
      ...(deps.terminalColumns ? { columns: deps.terminalColumns } : {}),
    }),
    connectionArgs: options.connectionArgs ?? [],
    command: options.command ?? "deploy",
    dryRun: options.dryRun === true,
  });
  if (output === "text") return text;
  const json = new JsonReporter(deps.stdout, {
    showPlan: options.showPlan,
    showValues: options.showValues === true,
  });
  return {
    report(event) {
      text.report(event);
      json.report(event);
    },
    close: () => text.close(),
  };
}
