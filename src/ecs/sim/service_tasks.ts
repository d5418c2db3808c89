/**
 * What every service scheduler (rolling and the traffic-shifting strategies) does with tasks:
 * judge health, choose which to stop, launch one for the PRIMARY, say so in load balancer events.
 */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import { launchTask } from "./task_lifecycle.ts";

/** Running, not asked to stop, and past its health checks (or without any). */
export function isHealthy(task: TaskRecord): boolean {
  return task.lastStatus === "RUNNING" && task.desiredStatus === "RUNNING" &&
    task.healthySince !== undefined;
}

/** Stop order: tasks not running yet first, then unhealthy ones, then the newest. */
export function stopOrder(a: TaskRecord, b: TaskRecord): number {
  const rank = (t: TaskRecord) => (t.lastStatus !== "RUNNING" ? 0 : isHealthy(t) ? 2 : 1);
  return rank(a) - rank(b) || b.createdAt - a.createdAt;
}

export function scalingReason(deployment: DeploymentRecord): string {
  return `Scaling activity initiated by (deployment ${deployment.id})`;
}

/** Target registration events of services behind load balancers, in ECS's wording. */
export function loadBalancerEvents(
  state: SimState,
  service: ServiceRecord,
  stopped: TaskRecord[],
): void {
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

export function launchFor(state: SimState, service: ServiceRecord): TaskRecord {
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
