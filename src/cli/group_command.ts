/**
 * The CLI side of a group deploy (`deploy` with several services): the group flags onto a
 * {@linkcode GroupRequest}, the client, the group reporters, one outcome handed to `done`.
 *
 * @module
 */
import {
  describeError,
  exitCodeFor,
  type GroupEvent,
  type GroupMember,
  type GroupRequest,
  memberLabel,
  type Outcome,
  runGroup,
} from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";
import { GroupJsonReporter } from "../report/group_json_reporter.ts";
import { GroupTextReporter } from "../report/group_text_reporter.ts";
import { terminalSettings } from "../report/terminal_settings.ts";
import type { CliDeps, ConnectionOptions } from "./cli_deps.ts";
import { connectionArgs } from "./connection_args.ts";
import { type DeployFlags, toDeployRequest } from "./deploy_options.ts";
import { type ConnectionSettings, explainSetupError } from "./explain_setup_error.ts";
import type { ReadTextFile } from "./edit_options.ts";
import { wholeNumber } from "./flag_values.ts";

/** The flags only a group deploy reads. */
export interface GroupFlags {
  parallel?: string;
  failFast?: true;
  groupRollback?: true;
}

/**
 * The group request of `deploy` with several services: every other flag means what it means for
 * one service, checked by the same {@linkcode toDeployRequest}.
 *
 * @throws {InvalidRequestError} naming the flag
 */
export function toGroupRequest(
  flags: Omit<DeployFlags, "serviceName"> & GroupFlags,
  members: GroupMember[],
  defaultCluster: string,
  readTextFile?: ReadTextFile,
): GroupRequest {
  const { service: _service, taskDefinition: _td, ...deploy } = toDeployRequest({
    ...flags,
    cluster: defaultCluster,
    serviceName: members[0]!.service,
  }, readTextFile);
  if (deploy.pinDigests || deploy.verifyDigests) {
    throw new InvalidRequestError(
      "Options --pin-digests and --verify-digests deploy one service: give one -n, and run one " +
        "deploy per service",
    );
  }
  if (deploy.runBefore !== undefined) {
    // Once per service would run a migration several times: a group leaves that to `run`.
    throw new InvalidRequestError(
      "Option --run-before deploys one service: for several, run the task once with " +
        "ecs-deploy run, then deploy them",
    );
  }
  if (flags.groupRollback && !flags.wait) {
    throw new InvalidRequestError(
      "Options --group-rollback and --no-wait cannot be used together: a rollback needs the " +
        "outcome of every service",
    );
  }
  const parallel = wholeNumber(flags.parallel, "--parallel", 1, 1_000);
  return {
    deploy,
    members,
    ...(parallel !== undefined ? { parallel } : {}),
    ...(flags.failFast ? { failFast: true } : {}),
    ...(flags.groupRollback ? { groupRollback: true } : {}),
  };
}

/** How the group command reports and connects. */
export interface GroupCommand {
  flags: {
    output: "text" | "json";
    verbose?: true;
    color?: boolean;
    endpointUrl?: string;
    profile?: string;
    region?: string;
    dryRun?: true;
    showValues?: true;
  };
  defaultCluster: string;
  members: GroupMember[];
  parse(): { request: GroupRequest; connection: ConnectionOptions };
}

/**
 * Parses, reports bad flags as an `invalid` group result (exit 2, no AWS call), builds the
 * client, runs the group and hands its outcome to `done`. Every path ends with one group result.
 */
export async function runGroupCommand(
  deps: CliDeps,
  done: (outcome: Outcome) => void,
  command: GroupCommand,
): Promise<void> {
  const { flags } = command;
  const verbose = flags.verbose === true;
  const dryRun = flags.dryRun === true;
  const text = new GroupTextReporter({
    stderr: deps.stderr,
    stdout: flags.output === "text" ? deps.stdout : () => {},
    clock: deps.clock,
    labels: command.members.map((m) => memberLabel(m, command.defaultCluster)),
    showPlan: dryRun || verbose,
    showValues: flags.showValues === true && dryRun,
    githubActions: deps.env.GITHUB_ACTIONS === "true",
    verbose,
    dryRun,
    terminal: terminalSettings({
      env: deps.env,
      stderrIsTerminal: deps.stderrIsTerminal === true,
      noColor: flags.color === false,
      verbose,
      ...(deps.terminalColumns ? { columns: deps.terminalColumns } : {}),
    }),
    connectionArgs: connectionArgs(flags),
  });
  const json = flags.output === "json"
    ? new GroupJsonReporter(deps.stdout, {
      showPlan: dryRun || verbose,
      showValues: flags.showValues === true && dryRun,
    })
    : undefined;
  let settings: ConnectionSettings = { env: deps.env };
  const report = (raw: GroupEvent) => {
    const event = explained(raw, settings);
    text.report(event);
    json?.report(event);
  };
  const endWith = (outcome: Outcome, reason: string, error: unknown) => {
    report({
      type: "group_finished",
      result: {
        group: true,
        outcome,
        exitCode: exitCodeFor(outcome),
        cluster: command.defaultCluster,
        reason,
        durationMs: 0,
        revisions: [],
        services: [],
      },
      error,
    });
    done(outcome);
  };
  try {
    let parsed;
    try {
      parsed = command.parse();
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      return endWith("invalid", error.message, error);
    }
    settings = { connection: parsed.connection, env: deps.env };
    let ecs;
    try {
      ecs = await deps.createEcsClient(parsed.connection);
    } catch (error) {
      const reason = explainSetupError(error, settings) ??
        `Cannot create the ECS client: ${describeError(error)}`;
      return endWith(error instanceof InvalidRequestError ? "invalid" : "error", reason, error);
    }
    const result = await runGroup(parsed.request, {
      ecs,
      clock: deps.clock,
      emit: report,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.secondSignal ? { secondSignal: deps.secondSignal } : {}),
    });
    done(result.outcome);
  } finally {
    text.close();
  }
}

/**
 * A group that ended on a set-up error (no region, no credentials, an endpoint that cannot be
 * reached) ends with the advice as its reason, and as the reason of each service that met it:
 * the same for all, so the text output is the one line a single deploy prints.
 */
function explained(event: GroupEvent, settings: ConnectionSettings): GroupEvent {
  if (event.type === "member" && event.event.type === "finished") {
    const reason = explainSetupError(event.event.error, settings);
    if (reason === undefined) return event;
    return { ...event, event: { ...event.event, result: { ...event.event.result, reason } } };
  }
  if (event.type !== "group_finished") return event;
  const reason = explainSetupError(event.error, settings);
  if (reason === undefined) return event;
  const raw = event.error instanceof Error ? event.error.message : undefined;
  const services = event.result.services.map((s) =>
    s.reason === raw || s.reason === describeError(event.error) ? { ...s, reason } : s
  );
  const met = services.filter((s) => s.reason === reason);
  return {
    ...event,
    result: {
      ...event.result,
      // A set-up error is the run's, not one service's: the reason is the advice alone.
      reason: met.length === services.length ? reason : `${event.result.reason}; ${reason}`,
      services,
    },
  };
}
