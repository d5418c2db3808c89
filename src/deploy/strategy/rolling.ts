/**
 * Rolling updates (`ROLLING`, ECS's default): the service's `deployments[]` decide, with the
 * ServiceDeployment as a witness only where ours has gone from them (see watch_deployment.ts).
 *
 * @module
 */
import type { Service } from "../../ecs/types.ts";
import { judgeDeployment } from "../watch/judge_deployment.ts";
import type { DeploymentStrategy, Outlook } from "./deployment_strategy.ts";

export const rolling: DeploymentStrategy = {
  name: "ROLLING",
  readsServiceDeployment: false,
  judge: (observation, tracked, memory) => judgeDeployment(observation.service, tracked, memory),
  advancesByItself: () => false,
  outlook: (observation) => rollingOutlook(observation.service),
};

/**
 * How long after a rolling update first looks near the fast rate begins: ECS calls it complete
 * only once the old tasks have stopped (their containers' stop, a load balancer's deregistration
 * delay) and the service is steady, which takes longer than that.
 */
export const OLD_TASKS_STOP_MS = 1_000;

/**
 * Near the end of a rolling update (ours, or ECS's rollback): the PRIMARY runs all its tasks and
 * nothing is pending, and every older deployment is being drained (its desired count is 0), so
 * what is left is the old tasks stopping and ECS calling the rollout complete.
 */
export function rollingOutlook(service: Service): Outlook {
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  const others = service.deployments.filter((d) => d !== primary);
  const near = primary !== undefined && primary.rolloutState !== "FAILED" &&
    primary.desiredCount > 0 && primary.runningCount === primary.desiredCount &&
    primary.pendingCount === 0 && others.every((d) => d.desiredCount === 0) &&
    (primary.rolloutState === "IN_PROGRESS" || others.length > 0);
  return near ? { near, nearFromMs: OLD_TASKS_STOP_MS } : { near };
}
