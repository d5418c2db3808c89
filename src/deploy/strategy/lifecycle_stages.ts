/**
 * Blue/green, linear and canary deployments (`BLUE_GREEN`, `LINEAR`, `CANARY`): ECS walks our
 * ServiceDeployment through lifecycle stages (scale up, test traffic, production traffic in one
 * step or several, bake, clean up), and its status alone decides: never a success before ECS says
 * SUCCESSFUL, though `deployments[]` shows the new revision PRIMARY and running long before (the
 * old one keeps running through the bake). Where the deployment APIs cannot be read, the rolling
 * judgement of `deployments[]` applies, which waits until ours runs alone, after the clean-up.
 *
 * @module
 */
import type { DeploymentStrategyName, LifecycleStage, ServiceDeployment } from "../../ecs/types.ts";
import {
  judgeServiceDeployment,
  type StageProgress,
  type Verdict,
} from "../watch/judge_deployment.ts";
import type { DeploymentStrategy, Outlook, StageClock } from "./deployment_strategy.ts";
import { rolling, rollingOutlook } from "./rolling.ts";

const ROLLING_BACK = new Set(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"]);

/** The lifecycle stages in the order a deployment walks through them. */
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
  "BAKE_TIME",
  "CLEAN_UP",
];

/** The strategy of a service deployed in lifecycle stages. */
export function lifecycleStages(
  name: Exclude<DeploymentStrategyName, "ROLLING">,
): DeploymentStrategy {
  return {
    name,
    readsServiceDeployment: true,
    judge(observation, tracked, memory) {
      const deployment = observation.serviceDeployment;
      if (!deployment) return rolling.judge(observation, tracked, memory);
      return { verdict: judgeStages(deployment, tracked.previousTaskDefinitionArn), memory };
    },
    advancesByItself({ serviceDeployment: deployment }) {
      if (!deployment || judgeServiceDeployment(deployment)) return false;
      const hookAtWork = deployment.lifecycleHookDetails?.some((hook) =>
        hook.status === "IN_PROGRESS" || hook.status === "AWAITING_ACTION"
      );
      return deployment.lifecycleStage === "BAKE_TIME" || hookAtWork === true;
    },
    outlook(observation, stage, now) {
      const deployment = observation.serviceDeployment;
      if (!deployment) return rollingOutlook(observation.service);
      const bakeMinutes = observation.service.deploymentConfiguration?.bakeTimeInMinutes;
      return stagesOutlook(deployment, stage, now, bakeMinutes ?? 0);
    },
  };
}

/**
 * Near an outcome: the clean-up (blue scaling in, then SUCCESSFUL), a rollback under way, a
 * bake over, or every hook of the stage answered. A bake began after `stage.enteredAfter`, so
 * it ends no sooner than that plus its minutes: it is due then, and near from then on.
 */
export function stagesOutlook(
  deployment: ServiceDeployment,
  stage: StageClock,
  now: number,
  bakeMinutes: number,
): Outlook {
  if (judgeServiceDeployment(deployment)) return { near: false };
  if (ROLLING_BACK.has(deployment.status)) return { near: true };
  const current = deployment.lifecycleStage;
  if (current === "CLEAN_UP") return { near: true };
  if (current === "BAKE_TIME" && stage.stage === "BAKE_TIME") {
    const dueInMs = stage.enteredAfter + bakeMinutes * 60_000 - now;
    return dueInMs <= 0 ? { near: true } : { near: false, dueInMs };
  }
  const hooks = deployment.lifecycleHookDetails ?? [];
  const answered = hooks.length > 0 && hooks.every((hook) => hook.status === "SUCCEEDED");
  return { near: answered };
}

/** The verdict of one look at a ServiceDeployment walking through its stages. */
export function judgeStages(deployment: ServiceDeployment, previous: string): Verdict {
  const ended = judgeServiceDeployment(deployment);
  if (ended?.outcome === "rolled_back") {
    // What started the rollback (a hook, an alarm, the breaker, a request), where ECS says.
    const why = deployment.rollback?.reason;
    const reason = `${ended.reason.replace(/\.$/, "")}${why ? ` (rollback by ${why})` : ""}`;
    return { ...ended, done: true, reason: `${reason}; the service is back on ${previous}` };
  }
  if (ended) return { done: true, ...ended };
  const stage = stageProgress(deployment);
  if (ROLLING_BACK.has(deployment.status)) return { done: false, phase: "rolling_back", stage };
  const paused = stage.awaitingHookId !== undefined;
  return { done: false, phase: paused ? "paused" : "deploying", stage };
}

/** Where a deployment in stages stands: its stage, traffic split and any hook awaiting action. */
export function stageProgress(deployment: ServiceDeployment): StageProgress {
  const awaiting = deployment.lifecycleHookDetails?.find((hook) =>
    hook.status === "AWAITING_ACTION"
  );
  const weight = deployment.targetServiceRevision?.requestedProductionTrafficWeight;
  return {
    ...(deployment.lifecycleStage ? { lifecycleStage: deployment.lifecycleStage } : {}),
    ...(weight !== undefined ? { productionTrafficPercent: weight } : {}),
    ...(awaiting?.hookId ? { awaitingHookId: awaiting.hookId } : {}),
    ...(awaiting?.expiresAt ? { hookExpiresAt: awaiting.expiresAt } : {}),
  };
}
