/**
 * Rolling updates with early success criteria (`deploymentConfiguration.earlySuccessCriteria`
 * enabled): ECS calls the deployment SUCCESSFUL once enough new tasks are healthy, and, with
 * `sourceServiceRevisionCleanup` DEFERRED, while the old revision still drains. So the
 * ServiceDeployment's status decides, not `deployments[]`, which would wait for the old tasks to
 * be gone; where the deployment APIs cannot be read, the rolling judgement applies (later, never
 * falsely).
 *
 * @module
 */
import type { DeploymentStrategy } from "./deployment_strategy.ts";
import { judgeStages } from "./lifecycle_stages.ts";
import { rolling, rollingOutlook } from "./rolling.ts";

export const earlySuccess: DeploymentStrategy = {
  name: "ROLLING",
  readsServiceDeployment: true,
  judge(observation, tracked, memory) {
    const deployment = observation.serviceDeployment;
    if (!deployment) return rolling.judge(observation, tracked, memory);
    return { verdict: judgeStages(deployment, tracked.previousTaskDefinitionArn), memory };
  },
  advancesByItself: () => false,
  outlook: (observation) => rollingOutlook(observation.service),
};
