/**
 * Reading service configuration members (deploymentConfiguration, networkConfiguration) and
 * resolving the task definition a service should run, with ECS's checks and wording.
 */
import type {
  DeploymentConfig,
  DeploymentTarget,
  ServiceRecord,
  TaskDefinitionRecord,
  Wire,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { lookupTaskDefinition } from "./resource_lookup.ts";
import { checkStrategyConfig } from "./strategy_config.ts";
import { checkAlarms, checkEarlySuccess, readCircuitBreaker } from "./rolling_config.ts";
import { fail, type WireInput } from "./wire_input.ts";

export const LAUNCH_TYPES = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"] as const;

export const defaultDeploymentConfig = (): DeploymentConfig => ({
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: false, rollback: false },
  extra: {},
});

/** `base` with the members of the `deploymentConfiguration` input applied. */
export function readDeploymentConfig(
  input: WireInput | undefined,
  base: DeploymentConfig,
): DeploymentConfig {
  const config = structuredClone(base);
  if (!input) return config;
  const min = input.integer("minimumHealthyPercent");
  const max = input.integer("maximumPercent");
  if (min !== undefined) config.minimumHealthyPercent = min;
  if (max !== undefined) config.maximumPercent = max;
  if (config.minimumHealthyPercent < 0 || config.minimumHealthyPercent > 100) {
    fail(
      "InvalidParameterException",
      "deploymentConfiguration.minimumHealthyPercent must be between 0 and 100.",
    );
  }
  if (config.maximumPercent < 100) {
    fail(
      "InvalidParameterException",
      "deploymentConfiguration.maximumPercent must be at least 100.",
    );
  }
  const breaker = input.object("deploymentCircuitBreaker");
  if (breaker) config.deploymentCircuitBreaker = readCircuitBreaker(breaker);
  const alarms = input.object("alarms");
  if (alarms) checkAlarms(alarms);
  checkStrategyConfig(input);
  for (const [key, value] of Object.entries(input.raw)) {
    if (
      !["minimumHealthyPercent", "maximumPercent", "deploymentCircuitBreaker"].includes(key) &&
      value !== undefined && value !== null
    ) {
      config.extra[key] = structuredClone(value);
    }
  }
  // Checked against the configuration as a whole (minimumHealthyPercent, strategy).
  const early = input.object("earlySuccessCriteria");
  if (early) checkEarlySuccess(early, config);
  return config;
}

/** The networkConfiguration input, checked (subnets required for awsvpc). */
export function readNetworkConfiguration(input: WireInput | undefined): Wire | undefined {
  if (!input) return undefined;
  const awsvpc = input.object("awsvpcConfiguration");
  if (awsvpc) {
    const subnets = awsvpc.stringList("subnets");
    if (subnets === undefined || subnets.length === 0) {
      fail("InvalidParameterException", "subnets can not be empty.");
    }
    awsvpc.stringList("securityGroups");
    awsvpc.enumValue("assignPublicIp", ["ENABLED", "DISABLED"]);
  }
  return structuredClone(input.raw);
}

/** The ACTIVE revision a service should run, or ECS's ClientException. */
export function resolveServiceTaskDefinition(
  state: SimState,
  identifier: string,
): TaskDefinitionRecord {
  const record = lookupTaskDefinition(state, identifier);
  if (!record || record.td.status === "DELETE_IN_PROGRESS") {
    fail("ClientException", "TaskDefinition not found.");
  }
  if (record.td.status !== "ACTIVE") fail("ClientException", "TaskDefinition is inactive");
  return record;
}

/** Checks that a revision can run with the launch type and network configuration given. */
export function checkCompatibility(
  record: TaskDefinitionRecord,
  launchType: string | undefined,
  networkConfiguration: Wire | undefined,
): void {
  const compatibilities = (record.td.compatibilities as string[] | undefined) ?? [];
  if (launchType !== undefined && !compatibilities.includes(launchType)) {
    fail(
      "InvalidParameterException",
      `Task definition does not support launch_type ${launchType}.`,
    );
  }
  if (record.td.networkMode === "awsvpc" && networkConfiguration === undefined) {
    fail(
      "InvalidParameterException",
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
}

/** What a deployment of `taskDefinition` with the service's current settings runs. */
export function targetOf(
  service: ServiceRecord,
  taskDefinition: string,
): Omit<DeploymentTarget, "revisionArn"> {
  return {
    taskDefinition,
    ...(service.launchType !== undefined ? { launchType: service.launchType } : {}),
    ...(service.platformVersion !== undefined ? { platformVersion: service.platformVersion } : {}),
    ...(service.platformFamily !== undefined ? { platformFamily: service.platformFamily } : {}),
    ...(service.networkConfiguration !== undefined
      ? { networkConfiguration: structuredClone(service.networkConfiguration) }
      : {}),
    ...(service.capacityProviderStrategy !== undefined
      ? { capacityProviderStrategy: structuredClone(service.capacityProviderStrategy) }
      : {}),
  };
}
