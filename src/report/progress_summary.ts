import type { DeploymentSnapshot, StageProgress } from "../deploy/mod.ts";
import { shortRevision } from "./short_names.ts";

/**
 * One deploy's progress in words, for the status line and the heartbeat:
 * `2/4 new tasks running, 1 pending, old 2/2 draining`. "New" is the PRIMARY deployment when it
 * is ours; while ECS rolls back, the PRIMARY is the revision it goes back to and ours drains.
 */
export function progressSummary(deployments: DeploymentSnapshot[]): string {
  const primary = deployments.find((d) => d.status === "PRIMARY");
  if (!primary) return "no deployment in progress";
  const label = primary.ours ? "new" : shortRevision(primary.taskDefinition);
  const parts = [`${primary.runningCount}/${primary.desiredCount} ${label} tasks running`];
  if (primary.pendingCount > 0) parts.push(`${primary.pendingCount} pending`);
  if (primary.failedTasks > 0) parts.push(`${primary.failedTasks} failed`);
  const others = deployments.filter((d) => d !== primary);
  if (others.length > 0) {
    const running = others.reduce((sum, d) => sum + d.runningCount, 0);
    const desired = others.reduce((sum, d) => sum + d.desiredCount, 0);
    const which = others.some((d) => d.ours) ? "ours" : "old";
    parts.push(`${which} ${running}/${desired} draining`);
  }
  return parts.join(", ");
}

/**
 * Each deployment in one clause, ours marked `(ours)`: the deployment this run started (or,
 * for `wait`, the one it follows). `api:19 (ours) PRIMARY 1/2 running, 1 pending, IN_PROGRESS`.
 */
export function formatDeployment(d: DeploymentSnapshot): string {
  const ours = d.ours ? " (ours)" : "";
  const pending = d.pendingCount > 0 ? `, ${d.pendingCount} pending` : "";
  const failed = d.failedTasks > 0 ? `, ${d.failedTasks} failed` : "";
  const state = d.rolloutState ? `, ${d.rolloutState}` : "";
  return `${shortRevision(d.taskDefinition)}${ours} ${d.status} ` +
    `${d.runningCount}/${d.desiredCount} running${pending}${failed}${state}`;
}

/**
 * Where a blue/green, linear or canary deployment stands, in words:
 * `stage BAKE_TIME, production 100% new`, `hook ecs-pause-1 awaits approval`.
 */
export function stageSummary(stage: StageProgress | undefined): string {
  if (!stage) return "";
  const parts: string[] = [];
  if (stage.lifecycleStage) parts.push(`stage ${stage.lifecycleStage}`);
  if (stage.lifecycleEvent) parts.push(`event ${stage.lifecycleEvent}`);
  if (stage.productionTrafficPercent !== undefined) {
    parts.push(`production ${stage.productionTrafficPercent}% new`);
  }
  if (stage.awaitingHookId) parts.push(`hook ${stage.awaitingHookId} awaits approval`);
  if (stage.awaitingContinue) parts.push("Ready: awaits approval (ecs-deploy continue)");
  if (stage.bakeEndsAt) parts.push(`bake until ${stage.bakeEndsAt.toISOString()}`);
  return parts.join(", ");
}

/** What changes a deployment's state, not just its counts: a new line in the live view. */
export function stateKey(deployments: DeploymentSnapshot[]): string {
  return JSON.stringify(deployments.map((d) => [d.id, d.status, d.rolloutState ?? ""]));
}
