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
import type {
  DeploymentStrategy,
  Observation,
  Outlook,
  StageClock,
} from "./deployment_strategy.ts";
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
      return stagesOutlook(deployment, stage, now, bakeTimes(observation.service));
    },
  };
}

/** The bakes of a deployment in stages, in minutes, from the service's configuration. */
export interface BakeTimes {
  /** BAKE_TIME, after the production traffic shift. */
  bakeMinutes: number;
  /** Between two steps of a LINEAR or CANARY shift, where the configuration says. */
  stepBakeMinutes?: number;
}

function bakeTimes(service: Observation["service"]): BakeTimes {
  const configuration = service.deploymentConfiguration;
  const minutes = (value: unknown) => typeof value === "number" ? value : undefined;
  const nested = (member: string, key: string) => {
    const holder = configuration?.[member];
    return holder && typeof holder === "object"
      ? minutes((holder as Record<string, unknown>)[key])
      : undefined;
  };
  const step = configuration?.strategy === "LINEAR"
    ? nested("linearConfiguration", "stepBakeTimeInMinutes")
    : configuration?.strategy === "CANARY"
    ? nested("canaryConfiguration", "canaryBakeTimeInMinutes")
    : undefined;
  return {
    bakeMinutes: minutes(configuration?.bakeTimeInMinutes) ?? 0,
    ...(step !== undefined ? { stepBakeMinutes: step } : {}),
  };
}

/**
 * Near an outcome: the clean-up (blue scaling in, then SUCCESSFUL), a rollback under way, a
 * bake over, or every hook of the stage answered. A bake began after `stage.enteredAfter`, so
 * it ends no sooner than that plus its minutes: it is due then (looking ever more slowly until
 * then), and near from then on, for as much longer as the looks left its start uncertain. A
 * step of a linear or canary shift is due likewise after its step bake (the next step, not an
 * outcome). Without a bake, the stage after the production shift is near. A PAUSE hook awaiting
 * someone is far.
 */
export function stagesOutlook(
  deployment: ServiceDeployment,
  stage: StageClock,
  now: number,
  bakes: BakeTimes,
): Outlook {
  if (judgeServiceDeployment(deployment)) return { near: false };
  if (ROLLING_BACK.has(deployment.status)) return { near: true };
  const current = deployment.lifecycleStage;
  if (current === "CLEAN_UP") return { near: true };
  const timed = current === stage.stage;
  if (current === "BAKE_TIME" && timed) {
    const dueInMs = stage.enteredAfter + bakes.bakeMinutes * 60_000 - now;
    if (dueInMs > 0) return { near: false, dueInMs, dueLabel: "bake" };
    return { near: true, nearExtraMs: Math.max(0, stage.seenAt - stage.enteredAfter) };
  }
  const hooks = deployment.lifecycleHookDetails ?? [];
  if (hooks.some((hook) => hook.status === "AWAITING_ACTION")) return { near: false, far: true };
  // A step's bake runs on after its hooks answered.
  const weight = deployment.targetServiceRevision?.requestedProductionTrafficWeight;
  const stepping = current === "PRODUCTION_TRAFFIC_SHIFT" && timed && weight !== undefined &&
    weight < 100 && bakes.stepBakeMinutes !== undefined;
  if (stepping) {
    const dueInMs = stage.enteredAfter + bakes.stepBakeMinutes! * 60_000 - now;
    if (dueInMs > 0) return { near: false, dueInMs, dueLabel: "traffic step" };
  }
  const answered = hooks.every((hook) => hook.status === "SUCCEEDED");
  if (hooks.length > 0 && answered) return { near: true };
  // Without a bake, the clean-up and SUCCESSFUL follow this stage's end within moments.
  if (current === "POST_PRODUCTION_TRAFFIC_SHIFT" && bakes.bakeMinutes === 0 && answered) {
    return { near: true };
  }
  return { near: false };
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
