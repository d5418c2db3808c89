import type { DeploymentStrategyName, Service } from "../../ecs/types.ts";
import type { DeploymentStrategy } from "./deployment_strategy.ts";
import { lifecycleStages } from "./lifecycle_stages.ts";
import { rolling } from "./rolling.ts";

/** The strategy a service deploys with, from `deploymentConfiguration.strategy` (default ROLLING). */
export function strategyOf(service: Pick<Service, "deploymentConfiguration">): DeploymentStrategy {
  return strategyNamed(service.deploymentConfiguration?.strategy ?? "ROLLING");
}

/** The strategy of that name. */
export function strategyNamed(name: DeploymentStrategyName): DeploymentStrategy {
  return name === "ROLLING" ? rolling : lifecycleStages(name);
}
