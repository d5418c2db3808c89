/**
 * The ECS service scheduler for REPLICA services with the rolling update (ECS) controller.
 * Each run looks at the live tasks and: scales the PRIMARY in to the desired count, starts new
 * PRIMARY tasks while the total stays within maximumPercent, stops tasks of older deployments
 * while the healthy count stays at or above minimumHealthyPercent, and completes the PRIMARY
 * once its tasks are healthy and stable and the older deployments have drained (their entries
 * stay in deployments[] until then).
 */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { completeDeployment } from "./deployment_lifecycle.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import { launchTask, stopTask } from "./task_lifecycle.ts";

/** Running, not asked to stop, and past its health checks (or without any). */
export function isHealthy(task: TaskRecord): boolean {
  return task.lastStatus === "RUNNING" && task.desiredStatus === "RUNNING" &&
    task.healthySince !== undefined;
}

/** Stop order: tasks not running yet first, then unhealthy ones, then the newest. */
function stopOrder(a: TaskRecord, b: TaskRecord): number {
  const rank = (t: TaskRecord) => (t.lastStatus !== "RUNNING" ? 0 : isHealthy(t) ? 2 : 1);
  return rank(a) - rank(b) || b.createdAt - a.createdAt;
}

function scalingReason(deployment: DeploymentRecord): string {
  return `Scaling activity initiated by (deployment ${deployment.id})`;
}

/** Runs the scheduler of one service at `state.now`. */
export function reconcileService(state: SimState, service: ServiceRecord): void {
  if (service.status !== "ACTIVE") return drainDeletedService(state, service);
  const primary = service.deployments[0];
  if (!primary) return;
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
  const settled = primaryTasks.length === desired && primaryTasks.every(isHealthy) &&
    all.every((t) => t.deployment === primary) &&
    all.length === desired;
  if (primary.rolloutState === "IN_PROGRESS" && settled) {
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

/** Target registration events of services behind load balancers, in ECS's wording. */
function loadBalancerEvents(state: SimState, service: ServiceRecord, stopped: TaskRecord[]): void {
  const targetGroups = service.loadBalancers
    .map((lb) => lb.targetGroupArn)
    .filter((arn): arn is string => typeof arn === "string");
  if (targetGroups.length === 0) return;
  const joined = state.tasksOf(service).filter((t) => isHealthy(t) && !t.registeredTargets);
  for (const t of joined) t.registeredTargets = true;
  const left = stopped.filter((t) => t.registeredTargets);
  for (const t of left) t.registeredTargets = false;
  for (const tg of targetGroups) {
    if (joined.length > 0) {
      addServiceEvent(
        state,
        service,
        serviceMessages.registeredTargets(service, joined.length, tg),
      );
    }
  }
  if (left.length === 0) return;
  addServiceEvent(state, service, serviceMessages.drainingConnections(service, left.length));
  for (const tg of targetGroups) {
    addServiceEvent(state, service, serviceMessages.deregisteredTargets(service, left.length, tg));
  }
}

function launchFor(state: SimState, service: ServiceRecord): TaskRecord {
  const primary = service.deployments[0]!;
  const td = state.families.get(primary.taskDefinition.split("/").pop()!.split(":")[0]!)!
    .revisions.get(Number(primary.taskDefinition.split(":").pop()))!;
  return launchTask(state, {
    cluster: service.cluster,
    taskDefinition: td,
    service,
    deployment: primary,
    startedBy: primary.id,
    group: `service:${service.name}`,
    launchType: primary.launchType ?? "EC2",
    ...(primary.platformVersion !== undefined
      ? { platformVersion: primary.launchType === "FARGATE" ? "1.4.0" : primary.platformVersion }
      : {}),
    ...(primary.networkConfiguration !== undefined
      ? { networkConfiguration: primary.networkConfiguration }
      : {}),
    enableExecuteCommand: service.enableExecuteCommand,
    tags: service.propagateTags === "SERVICE"
      ? structuredClone(service.tags)
      : service.propagateTags === "TASK_DEFINITION"
      ? structuredClone(td.tags)
      : [],
  });
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
