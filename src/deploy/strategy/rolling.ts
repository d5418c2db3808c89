/**
 * Rolling updates (`ROLLING`, ECS's default): the service's `deployments[]` decide, with the
 * ServiceDeployment as a witness only where ours has gone from them (see watch_deployment.ts).
 *
 * @module
 */
import { judgeDeployment } from "../judge_deployment.ts";
import type { DeploymentStrategy } from "./deployment_strategy.ts";

export const rolling: DeploymentStrategy = {
  name: "ROLLING",
  readsServiceDeployment: false,
  judge: (observation, tracked, memory) => judgeDeployment(observation.service, tracked, memory),
  advancesByItself: () => false,
};
