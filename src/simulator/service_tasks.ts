/**
 * What every service scheduler (rolling and the traffic-shifting strategies) does with tasks:
 * judge health, choose which to stop, launch one for the PRIMARY, say so in load balancer events.
 */
import type { DeploymentRecord, ServiceRecord, TaskRecord, Wire } from "./sim_records.ts";
import { alternateTargetGroup } from "./load_balancer_config.ts";
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
  if (!service.loadBalancers.some((lb) => typeof lb.targetGroupArn === "string")) return;
  const joined = state.tasksOf(service).filter((t) => isHealthy(t) && !t.registeredTargets);
  for (const t of joined) t.registeredTargets = true;
  const left = stopped.filter((t) => t.registeredTargets);
  for (const t of left) t.registeredTargets = false;
  const byGroup = (tasks: TaskRecord[]) => {
    const groups = new Map<string, number>();
    for (const lb of service.loadBalancers) {
      for (const t of tasks) {
        const tg = targetGroupOf(lb, t);
        if (tg !== undefined) groups.set(tg, (groups.get(tg) ?? 0) + 1);
      }
    }
    return groups;
  };
  for (const [tg, count] of byGroup(joined)) {
    addServiceEvent(state, service, serviceMessages.registeredTargets(service, count, tg));
  }
  if (left.length === 0) return;
  addServiceEvent(state, service, serviceMessages.drainingConnections(service, left.length));
  for (const [tg, count] of byGroup(left)) {
    addServiceEvent(state, service, serviceMessages.deregisteredTargets(service, count, tg));
  }
}

/**
 * The target group `task` is registered in behind `lb`: green tasks of a traffic-shifting
 * deployment that has not succeeded (yet) are in the alternate group; the others in the
 * production one (after a success the two swap, see `load_balancer_config.ts`).
 */
function targetGroupOf(lb: Wire, task: TaskRecord): string | undefined {
  const sd = task.deployment?.serviceDeployment;
  const alternate = alternateTargetGroup(lb);
  if (alternate !== undefined && sd?.lifecycle?.managesTraffic && sd.status !== "SUCCESSFUL") {
    return alternate;
  }
  return typeof lb.targetGroupArn === "string" ? lb.targetGroupArn : undefined;
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
