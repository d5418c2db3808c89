/**
 * The deployment strategy members of `deploymentConfiguration` (strategy, bakeTimeInMinutes,
 * lifecycleHooks, linearConfiguration, canaryConfiguration), checked against the ECS API model's
 * ranges, and the stage plan a new traffic-shifting deployment walks.
 *
 * Ranges and defaults (API reference): bakeTimeInMinutes 0..1440; linear stepPercent 3..100
 * (default 10), stepBakeTimeInMinutes 0..1440 (default 6); canaryPercent 0.1..100 (default 5),
 * canaryBakeTimeInMinutes 0..1440 (default 10); hook timeoutInMinutes 1..20160 (default 1440),
 * timeout action ROLLBACK by default; targetType AWS_LAMBDA by default, which needs
 * hookTargetArn. The model says BLUE_GREEN "must" give bakeTimeInMinutes; it is not known
 * whether ECS refuses a missing one, so the simulator takes 0.
 */
import type {
  DeploymentConfig,
  LifecycleRecord,
  LifecycleStage,
  ServiceRecord,
  Wire,
} from "./sim_records.ts";
import { fail, WireInput } from "./wire_input.ts";

export const STRATEGIES = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"] as const;

/** The stages a hook may name (DeploymentLifecycleHookStage). */
export const HOOK_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRE_PRODUCTION_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;

const MAX_BAKE_MINUTES = 1440;

function range(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) {
    fail("InvalidParameterException", `${name} must be between ${min} and ${max}.`);
  }
}

/** Checks the strategy members of a `deploymentConfiguration` input (kept as given in `extra`). */
export function checkStrategyConfig(input: WireInput): void {
  input.enumValue("strategy", STRATEGIES);
  range("bakeTimeInMinutes", input.integer("bakeTimeInMinutes"), 0, MAX_BAKE_MINUTES);
  const linear = input.object("linearConfiguration");
  if (linear) {
    range("linearConfiguration.stepPercent", linear.number("stepPercent"), 3, 100);
    range(
      "linearConfiguration.stepBakeTimeInMinutes",
      linear.integer("stepBakeTimeInMinutes"),
      0,
      MAX_BAKE_MINUTES,
    );
  }
  const canary = input.object("canaryConfiguration");
  if (canary) {
    range("canaryConfiguration.canaryPercent", canary.number("canaryPercent"), 0.1, 100);
    range(
      "canaryConfiguration.canaryBakeTimeInMinutes",
      canary.integer("canaryBakeTimeInMinutes"),
      0,
      MAX_BAKE_MINUTES,
    );
  }
  for (const hook of input.objectList("lifecycleHooks") ?? []) {
    const type = hook.enumValue("targetType", ["AWS_LAMBDA", "PAUSE"]) ?? "AWS_LAMBDA";
    const target = hook.string("hookTargetArn");
    if (type === "AWS_LAMBDA" && (target === undefined || target === "")) {
      fail("InvalidParameterException", "hookTargetArn must be provided for AWS_LAMBDA hooks.");
    }
    hook.string("roleArn");
    const stages = hook.list("lifecycleStages");
    if (stages === undefined || stages.length === 0) {
      fail("InvalidParameterException", "lifecycleStages can not be empty.");
    }
    for (let i = 0; i < stages.length; i++) {
      new WireInput({ stage: stages[i] }, `lifecycleStages[${i}]`).enumValue("stage", HOOK_STAGES);
    }
    const timeout = hook.object("timeoutConfiguration");
    if (timeout) {
      range("timeoutConfiguration.timeoutInMinutes", timeout.integer("timeoutInMinutes"), 1, 20160);
      timeout.enumValue("action", ["ROLLBACK", "CONTINUE"]);
    }
  }
}

/** The strategy a configuration names (ROLLING when it names none). */
export function strategyOf(config: DeploymentConfig): (typeof STRATEGIES)[number] {
  const strategy = config.extra.strategy;
  return typeof strategy === "string" && (STRATEGIES as readonly string[]).includes(strategy)
    ? strategy as (typeof STRATEGIES)[number]
    : "ROLLING";
}

/** The lifecycle hooks of a configuration, with ECS's defaults filled in. */
export function hooksOf(config: DeploymentConfig): {
  targetType: "AWS_LAMBDA" | "PAUSE";
  hookTargetArn?: string;
  lifecycleStages: string[];
  timeoutMs: number;
  timeoutAction: "CONTINUE" | "ROLLBACK";
}[] {
  const hooks = Array.isArray(config.extra.lifecycleHooks) ? config.extra.lifecycleHooks : [];
  return (hooks as Wire[]).map((h) => {
    const timeout = (h.timeoutConfiguration ?? {}) as Wire;
    return {
      targetType: h.targetType === "PAUSE" ? "PAUSE" : "AWS_LAMBDA",
      ...(typeof h.hookTargetArn === "string" ? { hookTargetArn: h.hookTargetArn } : {}),
      lifecycleStages: (h.lifecycleStages as string[] | undefined) ?? [],
      timeoutMs: (typeof timeout.timeoutInMinutes === "number" ? timeout.timeoutInMinutes : 1440) *
        60_000,
      timeoutAction: timeout.action === "CONTINUE" ? "CONTINUE" : "ROLLBACK",
    };
  });
}

/** A number member of a sub-object of `extra`, or `fallback`. */
export function configNumber(
  config: DeploymentConfig,
  object: string | undefined,
  member: string,
  fallback: number,
): number {
  const holder = object === undefined ? config.extra : config.extra[object];
  const value = holder && typeof holder === "object" ? (holder as Wire)[member] : undefined;
  return typeof value === "number" ? value : fallback;
}

/**
 * The stage machine of a new deployment of `service`, or undefined for a rolling one. The
 * first deployment of a service has no blue revision to shift traffic from and runs as a
 * plain rollout (assumed: not documented). RECONCILE_SERVICE happens "only when you start a
 * new service deployment with more than 1 service revision in an ACTIVE state".
 */
export function planLifecycle(
  service: ServiceRecord,
  config: DeploymentConfig,
  activeRevisions: number,
  now: number,
): LifecycleRecord | undefined {
  const strategy = strategyOf(config);
  if (strategy === "ROLLING" || service.deploymentController.type !== "ECS") return undefined;
  if (activeRevisions === 0) return undefined;
  const stages: LifecycleStage[] = [
    ...(activeRevisions > 1 ? ["RECONCILE_SERVICE" as const] : []),
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
  ];
  return {
    strategy,
    stages,
    index: -1,
    stageStartedAt: now,
    productionWeight: 0,
    testWeight: 0,
    managesTraffic: service.loadBalancers.length > 0,
    step: 0,
    hooks: [],
  };
}
