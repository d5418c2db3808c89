/**
 * What a service is doing right now, read in one go for `ecs-deploy status`: its revision,
 * its deployments, its tasks by revision and health, and its recent events.
 *
 * @module
 */

import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { ServiceDeployment, Task } from "../../ecs/types.ts";
import { stageProgress } from "../strategy/lifecycle_stages.ts";
import { describeError } from "../describe_error.ts";
import { describeExistingService } from "../plan/describe_existing_service.ts";

/** The status of one service, shaped for the JSON output as it is. */
export interface ServiceStatus {
  cluster: string;
  service: string;
  serviceArn: string;
  status: string;
  /** The revision the service is set to run; null where it names none (deleted, EXTERNAL). */
  taskDefinitionArn: string | null;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  deployments: {
    id: string;
    status: string;
    taskDefinitionArn: string;
    desiredCount: number;
    runningCount: number;
    pendingCount: number;
    failedTasks: number;
    rolloutState: string | null;
    rolloutStateReason: string | null;
    /** Null where ECS gave no date. */
    createdAt: string | null;
    updatedAt: string | null;
  }[];
  /** How the service rolls out: ROLLING, BLUE_GREEN, LINEAR or CANARY. */
  strategy: string;
  /** The current ServiceDeployment of a deployment in lifecycle stages; null otherwise. */
  serviceDeployment: {
    arn: string;
    status: string;
    lifecycleStage: string | null;
    /** The share of production traffic on the new revision, 0 to 100, where ECS says. */
    productionTrafficPercent: number | null;
    /** PAUSE hooks awaiting `ecs-deploy continue`. */
    awaitingHooks: string[];
  } | null;
  /** Tasks not asked to stop, per revision (newest deployment's revision first). */
  tasks: TaskGroup[];
  /** The newest service events, newest first, at most 10. */
  events: { at: string | null; message: string }[];
  /** Parts that could not be read, and why; the rest is still shown. */
  unreadable: string[];
}

/** The live tasks of one revision, counted by lifecycle status and by health. */
export interface TaskGroup {
  taskDefinitionArn: string;
  total: number;
  /** By lastStatus: `RUNNING`, `PENDING`, `PROVISIONING`, `DEACTIVATING`, ... */
  byStatus: Record<string, number>;
  /** By healthStatus: `HEALTHY`, `UNHEALTHY`, `UNKNOWN`. */
  byHealth: Record<string, number>;
}

const MAX_EVENTS = 10;

/**
 * Reads the status of a service. Only DescribeServices must succeed; a failure to read its
 * tasks is named in `unreadable`.
 *
 * @throws {InvalidRequestError} when the cluster or service does not exist
 */
export async function runStatus(
  ecs: EcsClient,
  target: { cluster: string; service: string },
): Promise<ServiceStatus> {
  const service = await describeExistingService(ecs, target.cluster, target.service, "show");
  const unreadable: string[] = [];
  let tasks: Task[] = [];
  try {
    const arns = await ecs.listTasks(target.cluster, service.serviceName, "RUNNING");
    tasks = arns.length > 0 ? await ecs.describeTasks(target.cluster, arns) : [];
  } catch (error) {
    unreadable.push(`tasks: ${describeError(error)}`);
  }
  // ECS's answers are read as they come: a deleted service, an EXTERNAL one or a proxy may
  // leave out members the types promise, and status is what one runs when things look odd.
  const deployments = (service.deployments ?? [])
    .slice()
    .sort((a, b) => timeOf(b.createdAt) - timeOf(a.createdAt));
  const revisionOrder = [...new Set(deployments.map((d) => d.taskDefinition))];
  const strategy = service.deploymentConfiguration?.strategy ?? "ROLLING";
  let serviceDeployment: ServiceStatus["serviceDeployment"] = null;
  if (strategy !== "ROLLING" && service.currentServiceDeployment) {
    try {
      const [current] = await ecs.describeServiceDeployments([service.currentServiceDeployment]);
      if (current) serviceDeployment = stagesOf(current);
    } catch (error) {
      unreadable.push(`service deployment: ${describeError(error)}`);
    }
  }

  return {
    cluster: target.cluster,
    service: service.serviceName ?? target.service,
    serviceArn: service.serviceArn ?? "",
    status: service.status ?? "UNKNOWN",
    taskDefinitionArn: service.taskDefinition || null,
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    deployments: deployments.map((d) => ({
      id: d.id ?? "",
      status: d.status ?? "UNKNOWN",
      taskDefinitionArn: d.taskDefinition ?? "",
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      pendingCount: d.pendingCount ?? 0,
      failedTasks: d.failedTasks ?? 0,
      rolloutState: d.rolloutState ?? null,
      rolloutStateReason: d.rolloutStateReason ?? null,
      createdAt: isoOf(d.createdAt),
      updatedAt: isoOf(d.updatedAt),
    })),
    strategy,
    serviceDeployment,
    tasks: groupTasks(tasks, revisionOrder),
    events: (service.events ?? [])
      .slice()
      .sort((a, b) => timeOf(b.createdAt) - timeOf(a.createdAt))
      .slice(0, MAX_EVENTS)
      .map((e) => ({ at: isoOf(e.createdAt), message: e.message ?? "" })),
    unreadable,
  };
}

function stagesOf(deployment: ServiceDeployment): NonNullable<ServiceStatus["serviceDeployment"]> {
  const stage = stageProgress(deployment);
  return {
    arn: deployment.serviceDeploymentArn,
    status: deployment.status,
    lifecycleStage: stage.lifecycleStage ?? null,
    productionTrafficPercent: stage.productionTrafficPercent ?? null,
    awaitingHooks: (deployment.lifecycleHookDetails ?? [])
      .filter((hook) => hook.status === "AWAITING_ACTION" && hook.hookId)
      .map((hook) => hook.hookId!),
  };
}

/** Milliseconds of a date ECS may have left out (0, so it sorts as the oldest). */
function timeOf(date: Date | undefined): number {
  return date instanceof Date ? date.getTime() : 0;
}

/** An ISO date, or null where ECS gave none. */
function isoOf(date: Date | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** Groups tasks by revision: revisions of deployments in their order, then any others. */
export function groupTasks(tasks: Task[], revisionOrder: string[]): TaskGroup[] {
  const groups = new Map<string, TaskGroup>();
  for (const task of tasks) {
    let group = groups.get(task.taskDefinitionArn);
    if (!group) {
      group = { taskDefinitionArn: task.taskDefinitionArn, total: 0, byStatus: {}, byHealth: {} };
      groups.set(task.taskDefinitionArn, group);
    }
    group.total++;
    const status = task.lastStatus ?? "UNKNOWN";
    group.byStatus[status] = (group.byStatus[status] ?? 0) + 1;
    const health = task.healthStatus ?? "UNKNOWN";
    group.byHealth[health] = (group.byHealth[health] ?? 0) + 1;
  }
  const position = (arn: string) => {
    const index = revisionOrder.indexOf(arn);
    return index < 0 ? revisionOrder.length : index;
  };
  return [...groups.values()].sort((a, b) =>
    position(a.taskDefinitionArn) - position(b.taskDefinitionArn) ||
    a.taskDefinitionArn.localeCompare(b.taskDefinitionArn)
  );
}
