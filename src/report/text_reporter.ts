import type { DeployEvent, DeploymentSnapshot, DeployResult } from "../deploy/deploy_events.ts";
import type { DeployPlan } from "../deploy/plan_deploy.ts";
import { copyTaskDefinition } from "../deploy/copy_task_definition.ts";
import { renderDiagnosis } from "./render_diagnosis.ts";
import { diffValues } from "./diff_values.ts";
import { causeLines } from "./cause_chain.ts";
import { maskSecrets } from "./mask_secrets.ts";
import type { Reporter, Write } from "./reporter.ts";

export interface TextReporterOptions {
  /** Human progress: stderr. */
  stderr: Write;
  /** Only what scripts capture: the ARN of a registered revision. */
  stdout: Write;
  now: () => number;
  /** Print the full plan: the task definition diff and the exact requests. */
  showPlan: boolean;
  /** Print `::error::` workflow commands for GitHub Actions (on stderr). */
  githubActions?: boolean;
  /** Show environment values and secret references in the plan (`--dry-run --show-values`). */
  showValues?: boolean;
  /** Print the cause chain of the error that ended a run (`-v`). */
  verbose?: boolean;
}

/** Renders a deploy for a person: one line per change, the reason at the end. */
export class TextReporter implements Reporter {
  readonly #options: TextReporterOptions;
  readonly #startedAt: number;

  constructor(options: TextReporterOptions) {
    this.#options = options;
    this.#startedAt = options.now();
  }

  report(event: DeployEvent): void {
    const line = (text: string) => this.#options.stderr(`${text}\n`);
    switch (event.type) {
      case "planned":
        return this.#plan(event.plan, line);
      case "registered":
        return line(`Registered ${event.taskDefinitionArn}`);
      case "service_updated":
        return line(
          `Updated service: deployment ${event.deploymentId}` +
            (event.serviceDeploymentArn ? ` (${event.serviceDeploymentArn})` : ""),
        );
      case "progress":
        return line(
          `${this.#elapsed()} ${event.phase.replace("_", " ")}: ` +
            event.deployments.map(formatDeployment).join(" | "),
        );
      case "service_event":
        return line(`${this.#elapsed()}   event: ${event.message}`);
      case "retrying":
        return line(`${this.#elapsed()}   ${event.operation} failed, retrying: ${event.error}`);
      case "waiting_for_idle":
        return line(
          `${this.#elapsed()} waiting for deployment ${event.deploymentId} ` +
            `(${shortRevision(event.taskDefinitionArn)}) to finish before deploying`,
        );
      case "rollback_started":
        return line(
          `${this.#elapsed()} rolling back to ${shortRevision(event.taskDefinitionArn)}: ` +
            event.reason,
        );
      case "hook_answered":
        return line(
          event.action === "CONTINUE"
            ? `Approved hook ${event.hookId}; the deployment goes on`
            : `Rejected hook ${event.hookId}; ECS rolls the deployment back`,
        );
      case "pruned":
        for (const arn of event.deregistered) line(`Deregistered old revision ${arn}`);
        for (const kept of event.kept) line(`Kept old revision ${kept}`);
        for (const failure of event.failed) line(`Could not deregister ${failure}`);
        return;
      case "interrupted":
        return line(
          `Interrupted after registering ${event.registeredTaskDefinitionArn}; ` +
            "the service was not changed",
        );
      case "finished":
        this.#finished(event.result, line);
        if (this.#options.verbose) {
          for (const cause of causeLines(event.error)) {
            line(`  ${cause}`);
          }
        }
        return;
    }
  }

  #elapsed(): string {
    return `[${Math.round((this.#options.now() - this.#startedAt) / 1000)}s]`;
  }

  #plan(plan: DeployPlan, line: (text: string) => void): void {
    const current = plan.current.taskDefinition;
    const target = plan.service
      ? `service "${plan.service}" in cluster "${plan.cluster}"`
      : `family "${current.family}"`;
    line(`Deploying ${target}, now on ${current.family}:${current.revision}`);
    for (const change of plan.imageChanges) {
      const note = change.unchanged ? " (unchanged; tasks pull it again)" : "";
      line(`  container "${change.container}": ${change.from} -> ${change.to}${note}`);
    }
    if (!this.#options.showPlan) return;
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
    if (plan.serviceUpdate) {
      line("UpdateService request:");
      const taskDefinition = plan.targetTaskDefinitionArn ??
        (plan.nextTaskDefinition ? "<the registered revision's ARN>" : current.taskDefinitionArn);
      line(indent(JSON.stringify({ ...plan.serviceUpdate, taskDefinition }, null, 2)));
    }
  }

  #finished(result: DeployResult, line: (text: string) => void): void {
    const subject = result.service ? `"${result.service}"` : "the task definition";
    const summary: Record<Exclude<DeployResult["outcome"], "invalid">, string> = {
      succeeded: `Deployed ${subject}`,
      failed: `Deployment of ${subject} failed`,
      rolled_back: `Deployment of ${subject} was rolled back`,
      superseded: `Deployment of ${subject} was superseded`,
      timed_out: `Deployment of ${subject} timed out`,
      paused: `Deployment of ${subject} is paused`,
      error: `Deployment of ${subject} hit an error`,
      cancelled: `Deployment of ${subject} was interrupted`,
    };
    const { outcome, reason, exitCode } = result;
    line(
      outcome === "invalid"
        ? `error: ${reason} (exit ${exitCode})`
        : `${this.#elapsed()} ${summary[outcome]}: ${reason} (exit ${exitCode})`,
    );
    if (result.diagnosis) {
      for (const text of renderDiagnosis(result.diagnosis)) line(`  ${text}`);
    }
    if (result.outcome !== "succeeded" && this.#options.githubActions) {
      // Workflow commands work on stderr too, which keeps stdout for the ARN or NDJSON.
      const why = result.diagnosis ? `\n${result.diagnosis.summary}` : "";
      line(`::error title=ecs-deploy ${result.outcome}::${escapeCommand(result.reason + why)}`);
    }
    if (result.taskDefinitionArn && result.taskDefinitionArn !== result.previousTaskDefinitionArn) {
      this.#options.stdout(`${result.taskDefinitionArn}\n`);
    }
  }
}

/** `api:42` of a task definition ARN. */
function shortRevision(arn: string): string {
  return arn.split("/").pop() ?? arn;
}

function formatDeployment(d: DeploymentSnapshot): string {
  const revision = shortRevision(d.taskDefinition);
  const state = d.rolloutState ? ` ${d.rolloutState}` : "";
  const failed = d.failedTasks > 0 ? `, ${d.failedTasks} failed` : "";
  const mark = d.ours ? "*" : "";
  return `${d.status}${mark} ${revision} ${d.runningCount}/${d.desiredCount} running` +
    `${d.pendingCount > 0 ? `, ${d.pendingCount} pending` : ""}${failed}${state}`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}

/** Workflow command data escaping, as GitHub Actions defines it. */
function escapeCommand(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
