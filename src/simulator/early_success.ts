/**
 * Early success of a rolling deployment (`deploymentConfiguration.earlySuccessCriteria`): the
 * ServiceDeployment is SUCCESSFUL once `healthyPercent` of the desired count of the target
 * revision's tasks are healthy; with BLOCKING cleanup the source revisions' tasks must be gone
 * first, with DEFERRED they drain afterwards. The API reference adds "and the bake time
 * elapses"; a rolling bake is not modelled here (its interplay with the normal completion is
 * not documented), so `bakeTimeInMinutes` does not delay a rolling deployment.
 * The target keeps scaling to 100 % in the background, and its `deployments[]` entry goes
 * COMPLETED only then (assumed: the API reference speaks of the service deployment).
 */
import type { ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { succeedServiceDeployment } from "./deployment_lifecycle.ts";
import { earlySuccessOf } from "./rolling_config.ts";
import { isHealthy } from "./service_tasks.ts";

/** Makes the PRIMARY's service deployment SUCCESSFUL early when its criteria are met. */
export function reachEarlySuccess(
  state: SimState,
  service: ServiceRecord,
  primaryTasks: TaskRecord[],
  sourcesGone: boolean,
): void {
  const primary = service.deployments[0]!;
  const sd = primary.serviceDeployment;
  const criteria = earlySuccessOf(sd.deploymentConfiguration);
  if (
    !criteria || primary.rolloutState !== "IN_PROGRESS" || primary.restoredFor ||
    sd.deployment !== primary || sd.status !== "IN_PROGRESS"
  ) return;
  const needed = Math.ceil((service.desiredCount * criteria.healthyPercent) / 100);
  const met = primaryTasks.filter(isHealthy).length >= needed &&
    (criteria.cleanup === "DEFERRED" || sourcesGone);
  if (met) succeedServiceDeployment(state, primary);
}
