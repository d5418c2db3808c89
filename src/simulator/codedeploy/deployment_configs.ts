/**
 * The predefined deployment configs of the ECS compute platform, as GetDeploymentConfig shows
 * them (CodeDeploy's user guide, "Deployment configurations on an Amazon ECS compute platform").
 *
 * @module
 */
import type { TrafficRouting } from "./codedeploy_records.ts";

export const ECS_CONFIGS: Readonly<Record<string, TrafficRouting>> = {
  "CodeDeployDefault.ECSAllAtOnce": { type: "AllAtOnce" },
  "CodeDeployDefault.ECSLinear10PercentEvery1Minutes": {
    type: "TimeBasedLinear",
    percentage: 10,
    intervalMinutes: 1,
  },
  "CodeDeployDefault.ECSLinear10PercentEvery3Minutes": {
    type: "TimeBasedLinear",
    percentage: 10,
    intervalMinutes: 3,
  },
  "CodeDeployDefault.ECSCanary10Percent5Minutes": {
    type: "TimeBasedCanary",
    percentage: 10,
    intervalMinutes: 5,
  },
  "CodeDeployDefault.ECSCanary10Percent15Minutes": {
    type: "TimeBasedCanary",
    percentage: 10,
    intervalMinutes: 15,
  },
};

/** The wire shape of a predefined config. */
export function deploymentConfigToWire(
  name: string,
  routing: TrafficRouting,
): Record<string, unknown> {
  const trafficRoutingConfig: Record<string, unknown> = { type: routing.type };
  if (routing.type === "TimeBasedCanary") {
    trafficRoutingConfig.timeBasedCanary = {
      canaryPercentage: routing.percentage,
      canaryInterval: routing.intervalMinutes,
    };
  }
  if (routing.type === "TimeBasedLinear") {
    trafficRoutingConfig.timeBasedLinear = {
      linearPercentage: routing.percentage,
      linearInterval: routing.intervalMinutes,
    };
  }
  return {
    deploymentConfigId: `00000000-0000-0000-0000-${
      String(Object.keys(ECS_CONFIGS).indexOf(name) + 1).padStart(12, "0")
    }`,
    deploymentConfigName: name,
    computePlatform: "ECS",
    trafficRoutingConfig,
    createTime: new Date(Date.UTC(2018, 10, 27)),
  };
}

/** The production traffic weights green gets, step by step, after the first. */
export function shiftSteps(routing: TrafficRouting): number[] {
  if (routing.type === "TimeBasedCanary") return [routing.percentage!, 100];
  if (routing.type === "TimeBasedLinear") {
    const steps: number[] = [];
    for (let w = routing.percentage!; w < 100; w += routing.percentage!) steps.push(w);
    return [...steps, 100];
  }
  return [100];
}
