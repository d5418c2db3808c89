import type { Clock } from "../clock.ts";
import {
  copyTaskDefinition,
  type DeployEvent,
  type DeployPlan,
  type DeployResult,
  type EditChange,
  type NextSteps,
} from "../deploy/mod.ts";
import { type Style, styleFor } from "./ansi.ts";
import { renderDiagnosis } from "./render_diagnosis.ts";
import { diffValues } from "./diff_values.ts";
import { causeLines } from "./cause_chain.ts";
import { maskEditChange, maskSecrets } from "./mask_secrets.ts";
import { formatDeployment, progressSummary, stageSummary, stateKey } from "./progress_summary.ts";
import {
  nextStepLines,
  outcomeColor,
  outcomeHeadline,
  retrySummary,
  type RunKind,
} from "./render_outcome.ts";
import type { Reporter, Write } from "./reporter.ts";
import { LiveScreen, PlainScreen, type Screen } from "./screen.ts";
import { formatElapsed, shortenNames, shortRevision, shortTaskId } from "./short_names.ts";
import type { StatusState } from "./status_line.ts";
import type { TerminalSettings } from "./terminal_settings.ts";

export interface TextReporterOptions {
  /** Human progress: stderr. */
  stderr: Write;
  /** Only what scripts capture: the ARN of a registered revision. */
  stdout: Write;
  /** Elapsed times, and the heartbeat and redraws, run on it. */
  clock: Clock;
  /** Print the full plan: the task definition diff and the exact requests. */
  showPlan: boolean;
  /** Print `::error::` workflow commands for GitHub Actions (on stderr). */
  githubActions?: boolean;
  /** Show environment values and secret references in the plan (`--dry-run --show-values`). */
  showValues?: boolean;
  /** Print the cause chain of the error that ended a run, and every retry (`-v`). */
  verbose?: boolean;
  /** Live or plain, colour or not; plain lines without colour unless given. */
  terminal?: TerminalSettings;
  /** The connection flags the user gave, repeated in the commands printed to go on with. */
  connectionArgs?: string[];
  /**
   * Where the lines and the status go, instead of a screen of its own on `stderr`: a group
   * deploy gives each service one line of its live view.
   */
  screen?: Screen;
  /** What the run does, for the wording of its outcome; `deploy` unless given. */
  command?: RunKind["command"];
  dryRun?: boolean;
}

/**
 * Renders a deploy for a person: one line per change, the reason at the end. Task definitions
 * show as `family:revision` and task ids by their last 8 characters (the JSON output has them
 * whole); the deployment this run started is marked `(ours)`.
 */
export class TextReporter implements Reporter {
  readonly #options: TextReporterOptions;
  readonly #startedAt: number;
  readonly #screen: Screen;
  readonly #style: Style;
  #plan: DeployPlan | undefined;
  #state: StatusState | undefined;
  #lastStateKey = "";
  #revision = "";
  /** Set once our own rollback has started: its deploy is a rollback, not a deploy. */
  #rollingBackTo: string | undefined;
  readonly #retried: string[] = [];
  /** Retried image resolutions (`--pin-digests`): registry calls, not ECS's. */
  #registryRetries = 0;

  constructor(options: TextReporterOptions) {
    this.#options = options;
    this.#startedAt = options.clock.now();
    const terminal = options.terminal ?? { live: false, color: false };
    this.#style = styleFor(terminal.color);
    const screen = { write: options.stderr, clock: options.clock, startedAt: this.#startedAt };
    this.#screen = options.screen ?? (terminal.live
      ? new LiveScreen({
        ...screen,
        columns: terminal.columns ?? (() => undefined),
        style: this.#style,
      })
      : new PlainScreen(screen));
  }

  report(event: DeployEvent): void {
    const line = (text: string) => this.#screen.line(text);
    const progressLine = (text: string) => this.#screen.line(text, { fit: true });
    const { dim } = this.#style;
    switch (event.type) {
      case "planned":
        this.#plan = event.plan;
        return this.#showPlan(event.plan, line);
      case "registered":
        this.#revision = shortRevision(event.taskDefinitionArn);
        line(`Registered ${this.#revision}`);
        return this.#status({ phase: `updating the service to ${this.#revision}` });
      case "service_updated":
        this.#revision = shortRevision(event.taskDefinitionArn);
        line(
          (event.via
            ? `Started CodeDeploy deployment ${dim(event.deploymentId)} (${event.via})`
            : `Updated service: deployment ${dim(event.deploymentId)}`) +
            (event.serviceDeploymentArn && this.#options.verbose
              ? ` (${dim(event.serviceDeploymentArn)})`
              : ""),
        );
        return this.#status({
          phase: this.#rollingBackTo
            ? `rolling back to ${this.#rollingBackTo}`
            : `deploying ${this.#revision}`,
        });
      case "progress":
        return this.#progress(event, progressLine);
      case "service_event":
        return progressLine(
          `${this.#elapsed()}   event: ${shortenNames(event.message, dim)}`,
        );
      case "retrying":
        if (event.operation.startsWith("resolving ")) {
          this.#registryRetries++;
          if (this.#options.verbose) {
            line(`${this.#elapsed()}   ${event.operation} failed, retrying: ${event.error}`);
          }
          return;
        }
        this.#retried.push(event.error);
        if (this.#options.verbose) {
          line(`${this.#elapsed()}   ${event.operation} failed, retrying: ${event.error}`);
        }
        return this.#status(this.#state && { ...this.#state, retried: this.#retried.length });
      case "waiting_for_idle":
        line(
          `${this.#elapsed()} waiting for deployment ${dim(event.deploymentId)} ` +
            `(${shortRevision(event.taskDefinitionArn)}) to finish before deploying`,
        );
        return this.#status({ phase: `waiting for deployment ${event.deploymentId} to finish` });
      case "rollback_started": {
        const to = shortRevision(event.taskDefinitionArn);
        this.#rollingBackTo = to;
        line(`${this.#elapsed()} Rolling back to ${to}: ${shortenNames(event.reason)}`);
        return this.#status({ phase: `rolling back to ${to}` });
      }
      case "hook_answered":
        return line(
          event.action === "CONTINUE"
            ? `Approved hook ${event.hookId}; the deployment goes on`
            : `Rejected hook ${event.hookId}; ECS rolls the deployment back`,
        );
      case "pruned":
        for (const arn of event.deregistered) {
          line(`Deregistered old revision ${shortRevision(arn)}`);
        }
        for (const kept of event.kept) line(`Kept old revision ${shortenNames(kept)}`);
        for (const failure of event.failed) line(`Could not deregister ${shortenNames(failure)}`);
        return;
      case "interrupted":
        return line(
          `Interrupted after registering ${shortRevision(event.registeredTaskDefinitionArn)}; ` +
            "the service was not changed",
        );
      case "task_started": {
        const command = event.command ? `: ${event.command.join(" ")}` : "";
        line(
          `Started task ${dim(shortTaskId(event.taskArn))} of ${
            shortRevision(event.taskDefinitionArn)
          } (container "${event.container}"${command})`,
        );
        return this.#status({ phase: `running task ${shortTaskId(event.taskArn)}` });
      }
      case "task_status":
        progressLine(`${this.#elapsed()} task ${event.lastStatus.toLowerCase()}`);
        return this.#status({
          ...this.#state,
          phase: `task ${shortTaskId(event.taskArn)} ${event.lastStatus.toLowerCase()}`,
        });
      case "task_log":
        return line(`  ${dim(`${event.container} |`)} ${event.message}`);
      case "task_stopping":
        return line(
          `${this.#elapsed()} Stopping task ${shortTaskId(event.taskArn)}: ${event.reason}`,
        );
      case "logs_unavailable":
        return line(`${this.#elapsed()} ${event.reason}; the task is still followed`);
      case "finished":
        this.#screen.close();
        this.#finished(event.result, event.next, line);
        if (this.#options.verbose) {
          for (const cause of causeLines(event.error)) line(`  ${cause}`);
        }
        return;
    }
  }

  /** Stops the heartbeat or the redraws; `finished` does too. */
  close(): void {
    this.#screen.close();
  }

  #status(state: StatusState | undefined): void {
    this.#state = state;
    this.#screen.status(state);
  }

  #progress(
    event: Extract<DeployEvent, { type: "progress" }>,
    progressLine: (text: string) => void,
  ): void {
    const { deployments } = event;
    const stage = stageSummary(event.stage);
    // A live view shows counts in its status line and prints a line when a state changes;
    // appended output prints every change.
    const counts = this.#options.terminal?.live
      ? stateKey(deployments)
      : JSON.stringify(deployments);
    const key = `${counts}${stage}`;
    if (key !== this.#lastStateKey) {
      this.#lastStateKey = key;
      progressLine(
        `${this.#elapsed()} ${event.phase.replace("_", " ")}: ` +
          deployments.map(formatDeployment).join(" | ") + (stage ? ` | ${stage}` : ""),
      );
    }
    if (event.phase === "settled") return;
    const phase = event.phase === "rolling_back"
      ? `ECS is rolling back ${this.#revision}`.trimEnd()
      : this.#state?.phase ?? "deploying";
    this.#status({
      ...this.#state,
      phase,
      progress: [progressSummary(deployments), stage].filter((part) => part).join(", "),
      ...(event.countdown
        ? { countdown: { label: event.countdown.label, endsAt: event.countdown.endsAt.getTime() } }
        : {}),
    });
  }

  #elapsed(): string {
    return `[${formatElapsed(this.#options.clock.now() - this.#startedAt)}]`;
  }

  #showPlan(plan: DeployPlan, line: (text: string) => void): void {
    const current = plan.current.taskDefinition;
    const target = plan.service
      ? `service "${plan.service}" in cluster "${plan.cluster}"`
      : `family "${current.family}"`;
    line(`Deploying ${target}, now on ${current.family}:${current.revision}`);
    if (plan.launch) line(`  through ${plan.launch.via}`);
    for (const change of plan.imageChanges) {
      const note = change.unchanged ? " (unchanged; tasks pull it again)" : "";
      line(`  container "${change.container}": ${change.from} -> ${change.to}${note}`);
    }
    for (const change of plan.edits ?? []) {
      line(`  ${describeEdit(this.#options.showValues ? change : maskEditChange(change))}`);
    }
    for (const entry of plan.digests ?? []) {
      const how = entry.fromReference
        ? "names its digest"
        : entry.pinned
        ? "pinned"
        : "to verify after the deployment";
      line(`  container "${entry.container}": ${entry.image} -> ${entry.digest} (${how})`);
    }
    if (plan.nothingToDeploy) {
      line(`Nothing to deploy: ${plan.nothingToDeploy.replace(/^nothing to deploy: /, "")}`);
    }
    if (!this.#options.showPlan || plan.nothingToDeploy) return;
    const shown = (value: unknown, path?: string) =>
      this.#options.showValues ? value : maskSecrets(value, path);
    if (plan.targetTaskDefinitionArn) {
      line(`No new revision: ${plan.targetTaskDefinitionArn} is deployed as it is`);
    } else if (plan.nextTaskDefinition) {
      line(`Task definition changes (${current.family}:${current.revision} -> next revision):`);
      const before = copyTaskDefinition(current, plan.current.tags);
      for (const change of diffValues(before, plan.nextTaskDefinition)) {
        const before = JSON.stringify(shown(change.before, change.path));
        line(`  ${change.path}: ${before} -> ${JSON.stringify(shown(change.after, change.path))}`);
      }
      line("RegisterTaskDefinition request:");
      line(indent(JSON.stringify(shown(plan.nextTaskDefinition), null, 2)));
    } else {
      line(`No new revision: ${current.taskDefinitionArn} is deployed again`);
    }
    if (plan.launch) {
      line("CreateDeployment request (the AppSpec is sent as JSON text):");
      line(indent(JSON.stringify(plan.launch.request, null, 2)));
    }
    if (plan.serviceUpdate) {
      line("UpdateService request:");
      const taskDefinition = plan.targetTaskDefinitionArn ??
        (plan.nextTaskDefinition ? "<the registered revision's ARN>" : current.taskDefinitionArn);
      line(indent(JSON.stringify({ ...plan.serviceUpdate, taskDefinition }, null, 2)));
    }
  }

  #finished(
    result: DeployResult,
    next: NextSteps | undefined,
    line: (text: string) => void,
  ): void {
    const summary = this.#options.verbose ? undefined : retrySummary(this.#retried);
    if (summary) line(`${this.#elapsed()} ${summary}`);
    if (this.#registryRetries > 0 && !this.#options.verbose) {
      const n = this.#registryRetries;
      line(
        `${this.#elapsed()} ${n} image ${
          n === 1 ? "lookup" : "lookups"
        } failed; retried (-v shows each)`,
      );
    }
    const { outcome, exitCode } = result;
    const kind: RunKind = {
      command: this.#options.command ?? "deploy",
      dryRun: this.#options.dryRun === true,
      plan: this.#plan,
    };
    let reason = shortenNames(next?.reason ?? result.reason);
    // "Dry run: would deploy ...: nothing was changed" says "dry run" once.
    if (kind.dryRun && outcome === "succeeded") reason = reason.replace(/^dry run: /, "");
    // "Nothing to deploy for "api": ..." says it once.
    if (outcome === "succeeded") reason = reason.replace(/^nothing to deploy: /, "");
    const color = outcomeColor(outcome, this.#style);
    line(
      color(
        outcome === "invalid"
          ? `error: ${reason} (exit ${exitCode})`
          : `${this.#elapsed()} ${outcomeHeadline(result, kind)}: ${reason} (exit ${exitCode})`,
      ),
    );
    if (result.diagnosis) {
      for (const text of renderDiagnosis(result.diagnosis)) line(`  ${text}`);
    }
    if (next && next.steps.length > 0) {
      for (const text of nextStepLines(next.steps, this.#options.connectionArgs ?? [])) line(text);
    }
    if (result.outcome !== "succeeded" && this.#options.githubActions) {
      // Workflow commands work on stderr too, which keeps stdout for the ARN or NDJSON.
      const why = result.diagnosis ? `\n${result.diagnosis.summary}` : "";
      line(`::error title=ecs-deploy ${result.outcome}::${escapeCommand(result.reason + why)}`);
    }
    // `run` registers nothing: stdout stays empty, as for every run that registers nothing.
    if (
      kind.command !== "run" && result.taskDefinitionArn &&
      result.taskDefinitionArn !== result.previousTaskDefinitionArn
    ) {
      this.#options.stdout(`${result.taskDefinitionArn}\n`);
    }
  }
}

/** One edit as a plan line: `container "web" environment.DB_HOST: (not set) -> "db" (-e, --env)`. */
function describeEdit(change: EditChange): string {
  const where = change.container !== undefined ? `container "${change.container}" ` : "task ";
  const value = (v: unknown) => v === undefined ? "(not set)" : JSON.stringify(v);
  const after = change.after === undefined && change.before !== undefined
    ? "(removed)"
    : value(change.after);
  const note = change.unchanged ? ", no change" : "";
  return `${where}${change.member}: ${value(change.before)} -> ${after} (${change.flag}${note})`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}

/** Workflow command data escaping, as GitHub Actions defines it. */
function escapeCommand(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
