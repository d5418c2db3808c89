/**
 * The ECS service scheduler for REPLICA services with the rolling update (ECS) controller.
 * Each run looks at the live tasks and: scales the PRIMARY in to the desired count, starts new
 * PRIMARY tasks while the total stays within maximumPercent, stops tasks of older deployments
 * while the healthy count stays at or above minimumHealthyPercent, and completes the PRIMARY
 * once its tasks are healthy and stable and the older deployments have drained (their entries
 * stay in deployments[] until then).
 */
import type { ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { checkDeploymentAlarms, completeDeployment } from "./deployment_lifecycle.ts";
import { reconcileLifecycle, rollbackHooksDone, runsLifecycle } from "./blue_green_lifecycle.ts";
import { reachEarlySuccess } from "./early_success.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import { stopTask } from "./task_lifecycle.ts";
import {
  isHealthy,
  launchFor,
  loadBalancerEvents,
  scalingReason,
  stopOrder,
} from "./service_tasks.ts";

export { isHealthy } from "./service_tasks.ts";

/** Runs the scheduler of one service at `state.now`. */
export function reconcileService(state: SimState, service: ServiceRecord): void {
  if (service.status !== "ACTIVE") return drainDeletedService(state, service);
  checkDeploymentAlarms(state, service);
  const primary = service.deployments[0];
  if (!primary) return;
  if (runsLifecycle(service)) return reconcileLifecycle(state, service);
  // A traffic-shifting rollback also waits for the hooks ECS runs while rolling back.
  const hooksDone = rollbackHooksDone(state, service);
  const config = service.deploymentConfiguration;
  const desired = service.desiredCount;
  const minHealthy = Math.ceil((desired * config.minimumHealthyPercent) / 100);
  const maxTasks = Math.floor((desired * config.maximumPercent) / 100);
  primary.desiredCount = desired;
  const live = () => state.tasksOf(service).filter((t) => t.desiredStatus === "RUNNING");
  const stopped: TaskRecord[] = [];
  const stop = (t: TaskRecord) => {
    stopTask(state, t, "ServiceSchedulerInitiated", scalingReason(primary));
    stopped.push(t);
  };

  // Scale in: the PRIMARY never runs more than the desired count.
  const primaryLive = live().filter((t) => t.deployment === primary);
  if (primaryLive.length > desired) {
    primaryLive.sort(stopOrder).slice(0, primaryLive.length - desired).forEach(stop);
  }

  // Start PRIMARY tasks within maximumPercent.
  const started: TaskRecord[] = [];
  const need = desired - live().filter((t) => t.deployment === primary).length;
  if (primary.launching && need > 0) {
    if (state.now < primary.nextLaunchAt) {
      state.wakeAt(service, primary.nextLaunchAt);
    } else {
      const room = maxTasks - live().length;
      for (let i = 0; i < Math.min(need, room); i++) started.push(launchFor(state, service));
    }
  }

  // Stop older deployments' tasks while the healthy count stays >= minimumHealthyPercent.
  let healthy = live().filter(isHealthy).length;
  const old = live().filter((t) => t.deployment !== primary).sort(stopOrder);
  for (const t of old) {
    if (!isHealthy(t)) stop(t);
    else if (healthy - 1 >= minHealthy) {
      stop(t);
      healthy--;
    }
  }
  // Both limits blocking (e.g. min 100% and max 100%): ECS stops an old task to make room.
  const stillOld = live().filter((t) => t.deployment !== primary);
  const primaryWaiting = live().some((t) => t.deployment === primary && !isHealthy(t));
  if (
    primary.launching && need > 0 && started.length === 0 && stopped.length === 0 &&
    !primaryWaiting && stillOld.length > 0 && maxTasks - live().length <= 0 &&
    state.now >= primary.nextLaunchAt
  ) {
    stop(stillOld.sort(stopOrder)[0]!);
  }

  if (started.length > 0) {
    addServiceEvent(state, service, serviceMessages.started(service, started));
  }
  loadBalancerEvents(state, service, stopped);
  if (stopped.length > 0) {
    addServiceEvent(state, service, serviceMessages.stopped(service, stopped));
  }

  // Older deployments: desired count follows their remaining tasks; drained ones go away.
  const all = state.tasksOf(service);
  for (const d of service.deployments.slice(1)) {
    const remaining = all.filter((t) => t.deployment === d && t.desiredStatus === "RUNNING").length;
    if (d.desiredCount !== remaining) {
      d.desiredCount = remaining;
      d.updatedAt = state.now;
    }
  }
  const primaryTasks = live().filter((t) => t.deployment === primary);
  reachEarlySuccess(state, service, primaryTasks, all.every((t) => t.deployment === primary));
  const settled = primaryTasks.length === desired && primaryTasks.every(isHealthy) &&
    all.every((t) => t.deployment === primary) &&
    all.length === desired;
  if (primary.rolloutState === "IN_PROGRESS" && settled && hooksDone) {
    // Stable: healthy (and the deployment existing) for stabilizationMs, so even a rollback
    // to tasks that never stopped takes a moment, as on ECS.
    const stableAt = Math.max(primary.createdAt, ...primaryTasks.map((t) => t.healthySince!)) +
      state.timings.stabilizationMs;
    if (state.now >= stableAt) completeDeployment(state, service);
    else state.wakeAt(service, stableAt);
  } else if (
    primary.rolloutState === "COMPLETED" && settled && service.deployments.length === 1 &&
    !service.steady
  ) {
    addServiceEvent(state, service, serviceMessages.steadyState(service));
    service.steady = true;
  }
}

/** A deleted service stops all its tasks, then becomes INACTIVE and is later forgotten. */
function drainDeletedService(state: SimState, service: ServiceRecord): void {
  if (service.status !== "DRAINING") return;
  const primary = service.deployments[0];
  const live = state.tasksOf(service).filter((t) => t.desiredStatus === "RUNNING");
  for (const t of live) {
    stopTask(
      state,
      t,
      "ServiceSchedulerInitiated",
      primary ? scalingReason(primary) : "Service deleted",
    );
  }
  if (live.length > 0) addServiceEvent(state, service, serviceMessages.stopped(service, live));
  if (state.tasksOf(service).length > 0) return;
  service.status = "INACTIVE";
  service.inactiveAt = state.now;
  for (const d of service.deployments) d.status = "INACTIVE";
  service.deployments = [];
  state.schedule(state.now + state.timings.inactiveServiceRetentionMs, {
    kind: "forget-service",
    service,
  });
}

/** Forgets an INACTIVE service (unless a new one of the same name replaced it). */
export function forgetService(service: ServiceRecord): void {
  const cluster = service.cluster;
  if (cluster.services.get(service.name) === service) cluster.services.delete(service.name);
}
