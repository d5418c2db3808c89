/**
 * Judging a CodeDeploy deployment of an ECS service from one look (GetDeployment, its ECS target,
 * and the rollback deployment once there is one). CodeDeploy's status alone decides: Succeeded is
 * `succeeded`; Failed or Stopped is `rolled_back` once the rollback deployment CodeDeploy started
 * has succeeded, `failed` without one (or when it failed too); Ready, waiting for
 * ContinueDeployment, is `paused`.
 *
 * @module
 */
import {
  CODE_DEPLOY_EVENTS,
  type CodeDeployDeployment,
  type EcsDeploymentTarget,
} from "../../../codedeploy/codedeploy_client.ts";
import type { DeploymentSnapshot } from "../../deploy_events.ts";
import type { StageProgress, TrackedDeployment, Verdict } from "../../watch/judge_deployment.ts";
import type { CodeDeployObservation, Outlook } from "../deployment_strategy.ts";

const ENDED = new Set(["Succeeded", "Failed", "Stopped"]);

/** Whether CodeDeploy has finished with a deployment. */
export function hasEnded(deployment: Pick<CodeDeployDeployment, "status">): boolean {
  return ENDED.has(deployment.status);
}

export function judgeCodeDeploy(look: CodeDeployObservation, tracked: TrackedDeployment): Verdict {
  const { deployment: d } = look;
  const stage = codeDeployProgress(look);
  switch (d.status) {
    case "Succeeded":
      return {
        done: true,
        outcome: "succeeded",
        reason: `CodeDeploy deployment ${d.deploymentId} succeeded: ${tracked.taskDefinitionArn} ` +
          "serves all production traffic",
      };
    case "Failed":
    case "Stopped": {
      const reason = `CodeDeploy deployment ${d.deploymentId} ${d.status.toLowerCase()}: ` +
        failureOf(look);
      const rollbackId = d.rollbackInfo?.rollbackDeploymentId;
      if (!rollbackId) return { done: true, outcome: "failed", reason };
      const back = look.rollback;
      if (!back || !hasEnded(back)) return { done: false, phase: "rolling_back", stage };
      if (back.status === "Succeeded") {
        return {
          done: true,
          outcome: "rolled_back",
          reason: `${reason}; CodeDeploy rolled it back (deployment ${rollbackId}); the service ` +
            `is back on ${tracked.previousTaskDefinitionArn}`,
        };
      }
      return {
        done: true,
        outcome: "failed",
        reason: `${reason}; the rollback (deployment ${rollbackId}) ended ${back.status}` +
          (back.errorInformation?.message ? `: ${back.errorInformation.message}` : ""),
      };
    }
    case "Ready":
      return { done: false, phase: "paused", stage };
    default:
      return { done: false, phase: "deploying", stage };
  }
}

/** Why a deployment failed, in CodeDeploy's words: its error and the failed events' diagnostics. */
export function failureOf(look: Pick<CodeDeployObservation, "deployment" | "target">): string {
  const error = look.deployment.errorInformation;
  const parts = [
    error?.message ? `${error.message}${error.code ? ` (${error.code})` : ""}` : undefined,
    ...(look.target?.lifecycleEvents ?? [])
      .filter((e) => e.status === "Failed" && e.diagnostics?.message)
      .map((e) => `${e.lifecycleEventName} failed: ${e.diagnostics!.message}`),
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join("; ") : `CodeDeploy says ${look.deployment.status}`;
}

/** Where a CodeDeploy deployment stands: its lifecycle event, traffic split and waits. */
export function codeDeployProgress(look: CodeDeployObservation): StageProgress {
  const { deployment: d, target } = look;
  const events = target?.lifecycleEvents ?? [];
  const current = events.find((e) => e.status === "InProgress") ??
    events.findLast((e) => e.status === "Succeeded");
  const green = target?.taskSetsInfo.find((s) => s.taskSetLabel === "Green");
  const bakeEndsAt = terminationEndsAt(d, target);
  return {
    ...(current ? { lifecycleEvent: current.lifecycleEventName } : {}),
    ...(green?.trafficWeight !== undefined
      ? { productionTrafficPercent: green.trafficWeight }
      : {}),
    ...(d.status === "Ready" ? { awaitingContinue: true } : {}),
    ...(bakeEndsAt ? { bakeEndsAt } : {}),
  };
}

/** When the wait before blue's task set is terminated ends, while it runs. */
function terminationEndsAt(
  d: CodeDeployDeployment,
  target: EcsDeploymentTarget | undefined,
): Date | undefined {
  if (!d.instanceTerminationWaitTimeStarted || hasEnded(d)) return undefined;
  const minutes = d.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess
    ?.terminationWaitTimeInMinutes;
  const last = target?.lifecycleEvents.find((e) => e.lifecycleEventName === "AfterAllowTraffic");
  if (minutes === undefined || !last?.endTime) return undefined;
  return new Date(last.endTime.getTime() + minutes * 60_000);
}

/**
 * Near an outcome: a rollback under way, the last event running or done (Succeeded follows), or
 * the termination wait ending; due when that wait ends.
 */
export function codeDeployOutlook(look: CodeDeployObservation, now: number): Outlook {
  const d = look.deployment;
  if (hasEnded(d)) {
    const back = look.rollback;
    return { near: back !== undefined && !hasEnded(back) };
  }
  if (d.status === "Ready") return { near: false };
  const stage = codeDeployProgress(look);
  if (stage.bakeEndsAt) {
    const dueInMs = stage.bakeEndsAt.getTime() - now;
    return dueInMs <= 0 ? { near: true } : { near: false, dueInMs };
  }
  const last = CODE_DEPLOY_EVENTS.at(-1);
  return { near: stage.lifecycleEvent === last && !d.instanceTerminationWaitTimeStarted };
}

/** Blue's and green's task sets as progress reports show deployments; green is ours. */
export function taskSetSnapshots(
  look: CodeDeployObservation,
  tracked: TrackedDeployment,
): DeploymentSnapshot[] | undefined {
  const sets = look.target?.taskSetsInfo;
  if (!sets || sets.length === 0) return undefined;
  return sets.map((s) => ({
    id: s.identifer ?? s.taskSetLabel ?? "task set",
    status: `${s.taskSetLabel ?? ""} ${s.status ?? ""}`.trim(),
    taskDefinition: s.taskSetLabel === "Green"
      ? tracked.taskDefinitionArn
      : tracked.previousTaskDefinitionArn,
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    failedTasks: 0,
    ours: s.taskSetLabel === "Green",
  }));
}
