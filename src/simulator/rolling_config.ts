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
