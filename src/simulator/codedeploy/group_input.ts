/** CreateDeploymentGroup's input for an ECS application, checked as CodeDeploy checks it. */
import type { Wire } from "../sim_records.ts";
import type { ApplicationRecord, GroupRecord } from "./codedeploy_records.ts";
import { ECS_CONFIGS } from "./deployment_configs.ts";
import { fail } from "./simulated_codedeploy.ts";

const ROLLBACK_EVENTS = [
  "DEPLOYMENT_FAILURE",
  "DEPLOYMENT_STOP_ON_ALARM",
  "DEPLOYMENT_STOP_ON_REQUEST",
];

export function readGroupInput(
  input: Wire,
  app: ApplicationRecord,
  name: string,
  id: string,
): GroupRecord {
  const role = input.serviceRoleArn;
  if (typeof role !== "string" || role === "") {
    fail("RoleRequiredException", "Role ARN is required");
  }
  const configName = typeof input.deploymentConfigName === "string"
    ? input.deploymentConfigName
    : "CodeDeployDefault.ECSAllAtOnce";
  if (app.computePlatform === "ECS" && !ECS_CONFIGS[configName]) {
    fail(
      "DeploymentConfigDoesNotExistException",
      `No deployment configuration found for name: ${configName}`,
    );
  }
  const services = (input.ecsServices as Wire[] | undefined) ?? [];
  if (app.computePlatform === "ECS") {
    if (services.length !== 1) {
      fail(
        services.length === 0
          ? "InvalidECSServiceException"
          : "ECSServiceMappingLimitExceededException",
        "A deployment group for the ECS compute platform needs exactly one ECS service",
      );
    }
    const style = input.deploymentStyle as Wire | undefined;
    if (
      style?.deploymentType !== "BLUE_GREEN" || style.deploymentOption !== "WITH_TRAFFIC_CONTROL"
    ) {
      fail(
        "InvalidDeploymentStyleException",
        "The ECS compute platform needs deploymentStyle BLUE_GREEN with WITH_TRAFFIC_CONTROL",
      );
    }
    const pairs = (input.loadBalancerInfo as Wire | undefined)?.targetGroupPairInfoList;
    const groups = Array.isArray(pairs) ? (pairs[0] as Wire | undefined)?.targetGroups : undefined;
    if (
      !Array.isArray(pairs) || pairs.length !== 1 || !Array.isArray(groups) || groups.length !== 2
    ) {
      fail(
        "InvalidTargetGroupPairException",
        "An ECS deployment group needs one target group pair of two target groups",
      );
    }
    const blueGreen = input.blueGreenDeploymentConfiguration as Wire | undefined;
    const ready = blueGreen?.deploymentReadyOption as Wire | undefined;
    if (
      ready?.actionOnTimeout !== undefined &&
      !["CONTINUE_DEPLOYMENT", "STOP_DEPLOYMENT"].includes(String(ready.actionOnTimeout))
    ) {
      fail("InvalidBlueGreenDeploymentConfigurationException", "Invalid actionOnTimeout");
    }
  }
  const rollback = input.autoRollbackConfiguration as Wire | undefined;
  const events = (rollback?.events as string[] | undefined) ?? [];
  if (events.some((e) => !ROLLBACK_EVENTS.includes(e))) {
    fail(
      "InvalidAutoRollbackConfigException",
      `Invalid auto rollback events: ${events.join(", ")}`,
    );
  }
  if (rollback?.enabled === true && events.length === 0) {
    fail("InvalidAutoRollbackConfigException", "Auto rollback is enabled but no events are given");
  }
  return {
    id,
    application: app,
    name,
    deploymentConfigName: configName,
    serviceRoleArn: role,
    ecsServices: services.map((s) => ({
      clusterName: String(s.clusterName),
      serviceName: String(s.serviceName),
    })),
    ...(input.loadBalancerInfo
      ? { loadBalancerInfo: structuredClone(input.loadBalancerInfo as Wire) }
      : {}),
    ...(input.blueGreenDeploymentConfiguration
      ? { blueGreen: structuredClone(input.blueGreenDeploymentConfiguration as Wire) }
      : {}),
    ...(rollback ? { autoRollback: { enabled: rollback.enabled === true, events } } : {}),
    ...(input.deploymentStyle
      ? { deploymentStyle: structuredClone(input.deploymentStyle as Wire) }
      : {}),
  };
}
