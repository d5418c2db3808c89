import type { DeploymentStrategyName, Service } from "../../ecs/types.ts";
import type { DeploymentStrategy } from "./deployment_strategy.ts";
import { earlySuccess } from "./early_success.ts";
import { lifecycleStages } from "./lifecycle_stages.ts";
import { rolling } from "./rolling.ts";
import { codeDeploy } from "./code_deploy/code_deploy.ts";

/**
 * The strategy a service deploys with, from `deploymentConfiguration`: its `strategy` (default
 * ROLLING), and for a rolling update whether early success criteria are on.
 */
export function strategyOf(
  service: Pick<Service, "deploymentConfiguration" | "deploymentController">,
): DeploymentStrategy {
  if (service.deploymentController?.type === "CODE_DEPLOY") return codeDeploy;
  const configuration = service.deploymentConfiguration;
  const name = configuration?.strategy ?? "ROLLING";
  if (name === "ROLLING" && configuration?.earlySuccessCriteria?.enable === true) {
    return earlySuccess;
  }
  return strategyNamed(name);
}

/** The strategy of that name. */
function strategyNamed(name: DeploymentStrategyName): DeploymentStrategy {
  return name === "ROLLING" ? rolling : lifecycleStages(name);
}
