/**
 * The rolling-update safety members of `deploymentConfiguration`, checked as the pinned ECS API
 * model describes them, and what they mean for a deployment.
 *
 * deploymentCircuitBreaker (DeploymentCircuitBreaker): `enable` and `rollback` required;
 * `resetOnHealthyTask` (default true: a task of the deployment reaching a healthy state resets
 * the failure count to 0); `thresholdConfiguration` {type, value} (default BOUNDED_PERCENT 50):
 * for the percentage types ECS multiplies `value` by the latest desired count, BOUNDED_PERCENT
 * keeping the documented 3..200 bounds, UNBOUNDED_PERCENT none; COUNT uses `value` directly.
 * The model gives no range for `value`; the simulator takes a percentage in 1..100 and a count
 * of at least 1 (assumed), and an UNBOUNDED_PERCENT threshold of at least one failure.
 *
 * alarms (DeploymentAlarms): `alarmNames`, `enable` and `rollback` all required; "Amazon ECS
 * considers the service deployment as failed when any of the alarms move to the ALARM state",
 * and rolls back to the last completed deployment when `rollback` is true.
 *
 * earlySuccessCriteria (DeploymentEarlySuccessCriteria, rolling deployments only): `enable`
 * (default false); when true `healthyPercent` (an integer 0..100, at least
 * minimumHealthyPercent) and `sourceServiceRevisionCleanup` (BLOCKING: the previous tasks are
 * removed before the deployment is successful; DEFERRED: successful first, the previous tasks
 * removed in the background) are required. "After this percentage of tasks is healthy and the
 * bake time elapses, Amazon ECS completes the deployment".
 *
 * @module
 */
import type { DeploymentConfig, Wire } from "./sim_records.ts";
import { fail, type WireInput } from "./wire_input.ts";

export const THRESHOLD_TYPES = ["COUNT", "BOUNDED_PERCENT", "UNBOUNDED_PERCENT"] as const;

export type ThresholdType = (typeof THRESHOLD_TYPES)[number];

export type CircuitBreakerConfig = DeploymentConfig["deploymentCircuitBreaker"];

/** Reads a `deploymentCircuitBreaker` input, with ECS's checks. */
export function readCircuitBreaker(breaker: WireInput): CircuitBreakerConfig {
  const enable = breaker.boolean("enable");
  const rollback = breaker.boolean("rollback");
  if (enable === undefined || rollback === undefined) {
    fail(
      "InvalidParameterException",
      "deploymentCircuitBreaker requires both 'enable' and 'rollback'.",
    );
  }
  const config: CircuitBreakerConfig = { enable, rollback };
  const reset = breaker.boolean("resetOnHealthyTask");
  if (reset !== undefined) config.resetOnHealthyTask = reset;
  const threshold = breaker.object("thresholdConfiguration");
  if (threshold) {
    const type = threshold.enumValue("type", THRESHOLD_TYPES);
    const value = threshold.integer("value");
    if (type === undefined || value === undefined) {
      fail(
        "InvalidParameterException",
        "thresholdConfiguration requires both 'type' and 'value'.",
      );
    }
    if (type === "COUNT" ? value < 1 : value < 1 || value > 100) {
      fail(
        "InvalidParameterException",
        type === "COUNT"
          ? "thresholdConfiguration.value must be at least 1 for type COUNT."
          : `thresholdConfiguration.value must be between 1 and 100 for type ${type}.`,
      );
    }
    config.thresholdConfiguration = { type, value };
  }
  return config;
}

/**
 * The number of failed tasks that trips the circuit breaker for `desiredCount` (the latest
 * desired count of the service); BOUNDED_PERCENT 50 unless configured otherwise.
 */
export function circuitBreakerThreshold(
  desiredCount: number,
  threshold: { type: ThresholdType; value: number } = { type: "BOUNDED_PERCENT", value: 50 },
): number {
  if (threshold.type === "COUNT") return threshold.value;
  const share = Math.ceil((threshold.value / 100) * desiredCount);
  if (threshold.type === "UNBOUNDED_PERCENT") return Math.max(1, share);
  return Math.min(200, Math.max(3, share));
}

/** Checks an `alarms` input (kept as given in the configuration's `extra`). */
export function checkAlarms(alarms: WireInput): void {
  const names = alarms.stringList("alarmNames");
  const enable = alarms.boolean("enable");
  const rollback = alarms.boolean("rollback");
  if (names === undefined || enable === undefined || rollback === undefined) {
    fail(
      "InvalidParameterException",
      "alarms requires 'alarmNames', 'enable' and 'rollback'.",
    );
  }
}

/** The deployment alarms of a configuration, when it names any. */
export function alarmsOf(
  config: DeploymentConfig,
): { alarmNames: string[]; enable: boolean; rollback: boolean } | undefined {
  const alarms = config.extra.alarms as Wire | undefined;
  if (!alarms || !Array.isArray(alarms.alarmNames)) return undefined;
  return {
    alarmNames: alarms.alarmNames as string[],
    enable: alarms.enable === true,
    rollback: alarms.rollback === true,
  };
}

export const CLEANUP_MODES = ["BLOCKING", "DEFERRED"] as const;

/** Checks an `earlySuccessCriteria` input against the final configuration. */
export function checkEarlySuccess(criteria: WireInput, config: DeploymentConfig): void {
  const enable = criteria.boolean("enable");
  const percent = criteria.integer("healthyPercent");
  const cleanup = criteria.enumValue("sourceServiceRevisionCleanup", CLEANUP_MODES);
  if (enable === undefined) {
    fail("InvalidParameterException", "earlySuccessCriteria requires 'enable'.");
  }
  if (percent !== undefined && (percent < 0 || percent > 100)) {
    fail(
      "InvalidParameterException",
      "earlySuccessCriteria.healthyPercent must be between 0 and 100.",
    );
  }
  if (!enable) return;
  if (percent === undefined || cleanup === undefined) {
    fail(
      "InvalidParameterException",
      "earlySuccessCriteria requires 'healthyPercent' and 'sourceServiceRevisionCleanup' when enabled.",
    );
  }
  if (percent < config.minimumHealthyPercent) {
    fail(
      "InvalidParameterException",
      "earlySuccessCriteria.healthyPercent must be greater than or equal to minimumHealthyPercent.",
    );
  }
  const strategy = config.extra.strategy ?? "ROLLING";
  if (strategy !== "ROLLING") {
    fail(
      "InvalidParameterException",
      "earlySuccessCriteria can only be used with the ROLLING deployment strategy.",
    );
  }
}

/** The enabled early success criteria of a configuration, if any. */
export function earlySuccessOf(
  config: DeploymentConfig,
): { healthyPercent: number; cleanup: (typeof CLEANUP_MODES)[number] } | undefined {
  const c = config.extra.earlySuccessCriteria as Wire | undefined;
  if (!c || c.enable !== true || typeof c.healthyPercent !== "number") return undefined;
  return {
    healthyPercent: c.healthyPercent,
    cleanup: c.sourceServiceRevisionCleanup === "DEFERRED" ? "DEFERRED" : "BLOCKING",
  };
}
