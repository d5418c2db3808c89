/**
 * Why a deployment failed, rolled back or timed out: its stopped tasks, the circuit breaker and
 * the service events since it started, read after the fact and summed up in one line.
 *
 * @module
 */

import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { Deployment, Service, ServiceEvent, Task } from "../../ecs/types.ts";
import { findServiceDeploymentArn } from "../watch/find_service_deployment.ts";
import { describeError } from "../describe_error.ts";

/** One stopped task of the deployment, with what ECS said about each container. */
export interface StoppedTask {
  taskArn: string;
  taskDefinitionArn: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

/** What went wrong with a deployment, as far as ECS still shows it. */
export interface Diagnosis {
  /** One line, first thing to read: `3 tasks failed to start: CannotPullContainerError: ...`. */
  summary: string;
  /** The deployment's stopped tasks, newest first, at most {@linkcode MAX_STOPPED_TASKS}. */
  stoppedTasks: StoppedTask[];
  circuitBreaker?: { status: string; failureCount: number; threshold: number };
  /** The service events since the deployment started, oldest first, at most the last 10. */
  events: { at: string; message: string }[];
  /** What could not be read, and why (`ListTasks: ThrottlingException: Rate exceeded`). */
  unreadable: string[];
  /** One-off tasks: the last lines their awslogs containers wrote. */
  logLines?: string[];
}

/** Which deployment to diagnose. */
export interface DiagnosisTarget {
  cluster: string;
  service: string;
  /** The deployment id; ECS sets it as `startedBy` of the tasks it starts for the deployment. */
  deploymentId: string;
  serviceDeploymentArn?: string;
  /** The last observation of the service, used when a fresh one cannot be read. */
  lastService?: Service;
}

/** Stopped tasks kept in a diagnosis; the summary counts all of them. */
export const MAX_STOPPED_TASKS = 25;
/** Stopped tasks described at most, to bound the calls on a service with much churn. */
const MAX_TASKS_DESCRIBED = 500;
const MAX_EVENTS = 10;
/** How long before its first task a deployment that is gone may have been created. */
const LOOKBACK_MS = 10 * 60_000;

/**
 * Reads why a deployment ended badly. Best effort: never throws; whatever cannot be read is
 * named in `unreadable` and the rest is still reported.
 */
export async function diagnoseDeployment(
  ecs: EcsClient,
  target: DiagnosisTarget,
): Promise<Diagnosis> {
  const unreadable: string[] = [];
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      unreadable.push(`${what}: ${describeError(error)}`);
      return undefined;
    }
  };

  const service = (await attempt(
    "DescribeServices",
    () => ecs.describeService(target.cluster, target.service),
  )) ?? target.lastService;
  const deployment = service?.deployments.find((d) => d.id === target.deploymentId);

  const tasks = await attempt("ListTasks/DescribeTasks", () => readStoppedTasks(ecs, target));
  const ours = (tasks ?? []).sort(newestFirst);

  const firstTaskAt = ours.map((t) => t.createdAt.getTime()).sort((a, b) => a - b)[0];
  const serviceDeploymentArn = target.serviceDeploymentArn ?? await attempt(
    "ListServiceDeployments",
    () =>
      findServiceDeploymentArn(
        ecs,
        target.cluster,
        target.service,
        { id: target.deploymentId, ...(deployment ? { createdAt: deployment.createdAt } : {}) },
        // Gone from the service: its tasks started soon after it was created.
        !deployment && firstTaskAt !== undefined
          ? { listSince: new Date(firstTaskAt - LOOKBACK_MS) }
          : {},
      ),
  );
  const serviceDeployment = serviceDeploymentArn
    ? (await attempt(
      "DescribeServiceDeployments",
      () => ecs.describeServiceDeployments([serviceDeploymentArn]),
    ))?.[0]
    : undefined;
  const circuitBreaker = serviceDeployment?.deploymentCircuitBreaker;

  const since = deployment?.createdAt ?? serviceDeployment?.createdAt ??
    (firstTaskAt !== undefined ? new Date(firstTaskAt) : undefined);
  const ended = serviceDeployment?.finishedAt ?? serviceDeployment?.stoppedAt;
  const events = service ? eventsOf(service.events, target.deploymentId, since, ended) : [];

  const stoppedTasks = ours.map(toStoppedTask);
  const summary = summarizeStoppedTasks(stoppedTasks) ??
    fallbackSummary(target.deploymentId, deployment, circuitBreaker, service, unreadable);
  return {
    summary,
    stoppedTasks: stoppedTasks.slice(0, MAX_STOPPED_TASKS),
    ...(circuitBreaker
      ? {
        circuitBreaker: {
          status: circuitBreaker.status,
          failureCount: circuitBreaker.failureCount,
          threshold: circuitBreaker.threshold,
        },
      }
      : {}),
    events,
    unreadable,
  };
}

async function readStoppedTasks(ecs: EcsClient, target: DiagnosisTarget): Promise<Task[]> {
  const arns = await ecs.listTasks(target.cluster, target.service, "STOPPED");
  if (arns.length === 0) return [];
  const tasks = await ecs.describeTasks(target.cluster, arns.slice(-MAX_TASKS_DESCRIBED));
  return tasks.filter((task) => task.startedBy === target.deploymentId);
}

function newestFirst(a: Task, b: Task): number {
  const at = (t: Task) => (t.stoppedAt ?? t.createdAt).getTime();
  return at(b) - at(a);
}

function toStoppedTask(task: Task): StoppedTask {
  return {
    taskArn: task.taskArn,
    taskDefinitionArn: task.taskDefinitionArn,
    ...(task.stopCode !== undefined ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason !== undefined ? { stoppedReason: task.stoppedReason } : {}),
    containers: task.containers.map((c) => ({
      name: c.name,
      ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
      ...(c.reason !== undefined && c.reason !== null ? { reason: c.reason } : {}),
    })),
  };
}

/**
 * The service events of the deployment: those from its start to its end where known (ECS
 * keeps the newest 100 of a service, newest first), or without a start time those naming it;
 * the last 10, oldest first.
 */
function eventsOf(
  events: ServiceEvent[],
  deploymentId: string,
  since: Date | undefined,
  until: Date | undefined,
): Diagnosis["events"] {
  const relevant = since
    ? events.filter((e) =>
      e.createdAt.getTime() >= since.getTime() &&
      (!until || e.createdAt.getTime() <= until.getTime())
    )
    : events.filter((e) => e.message.includes(deploymentId));
  // Reversed first, so events of the same instant keep the order ECS added them in.
  return relevant
    .slice()
    .reverse()
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(-MAX_EVENTS)
    .map((e) => ({ at: e.createdAt.toISOString(), message: e.message }));
}

/** A stop the scheduler made on purpose (scaling in, replacing), which is not a failure. */
function isDeliberateStop(task: StoppedTask): boolean {
  return task.stopCode === "ServiceSchedulerInitiated" &&
      /^Scaling activity initiated by/.test(task.stoppedReason ?? "") ||
    task.stopCode === "UserInitiated";
}

/** Why one task stopped, with the containers that say more than the task does. */
function reasonOf(task: StoppedTask): string {
  const base = task.stoppedReason ?? task.stopCode ?? "stopped for an unknown reason";
  const details = task.containers
    .filter((c) =>
      (c.exitCode !== undefined && c.exitCode !== 0) ||
      (c.reason !== undefined && c.reason !== base)
    )
    .map((c) => {
      const parts = [
        ...(c.exitCode !== undefined && c.exitCode !== 0 ? [`exit code ${c.exitCode}`] : []),
        ...(c.reason !== undefined && c.reason !== base ? [c.reason] : []),
      ];
      return `container "${c.name}" ${parts.join(", ")}`;
    });
  return details.length > 0 ? `${base} (${details.join("; ")})` : base;
}

function verbOf(stopCode: string | undefined): string {
  switch (stopCode) {
    case "TaskFailedToStart":
      return "failed to start";
    default:
      return "stopped";
  }
}

/** Stopped tasks with the same stop code and reason. */
export interface StoppedTaskGroup {
  count: number;
  stopCode?: string;
  reason: string;
}

/** Groups the failed tasks by identical stop code and reason, largest group first. */
export function groupStoppedTasks(tasks: StoppedTask[]): StoppedTaskGroup[] {
  const groups = new Map<string, StoppedTaskGroup>();
  for (const task of tasks) {
    if (isDeliberateStop(task)) continue;
    const reason = reasonOf(task);
    const key = `${task.stopCode ?? ""}\n${reason}`;
    const group = groups.get(key);
    if (group) group.count++;
    else {
      groups.set(key, {
        count: 1,
        reason,
        ...(task.stopCode !== undefined ? { stopCode: task.stopCode } : {}),
      });
    }
  }
  // A stable sort keeps the newest reason first among groups of equal size.
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/**
 * One line saying why tasks failed, identical reasons counted together, such as
 * `3 tasks failed to start: CannotPullContainerError: ...; 1 task stopped: ...`. Stops the
 * scheduler made on purpose (scaling in) are not failures. Undefined when no task failed.
 */
export function summarizeStoppedTasks(tasks: StoppedTask[]): string | undefined {
  const groups = groupStoppedTasks(tasks);
  if (groups.length === 0) return undefined;
  return groups
    .map((g) => `${g.count} ${g.count === 1 ? "task" : "tasks"} ${verbOf(g.stopCode)}: ${g.reason}`)
    .join("; ");
}

function fallbackSummary(
  deploymentId: string,
  deployment: Deployment | undefined,
  circuitBreaker: Diagnosis["circuitBreaker"],
  service: Service | undefined,
  unreadable: string[],
): string {
  if (circuitBreaker?.status === "TRIGGERED") {
    return `the circuit breaker stopped deployment ${deploymentId} after ` +
      `${circuitBreaker.failureCount} failed tasks (threshold ${circuitBreaker.threshold})`;
  }
  if (deployment) {
    const pending = deployment.pendingCount > 0 ? `, ${deployment.pendingCount} pending` : "";
    const failed = deployment.failedTasks > 0 ? `, ${deployment.failedTasks} failed` : "";
    return `no task of deployment ${deploymentId} stopped: ${deployment.runningCount} of ` +
      `${deployment.desiredCount} running${pending}${failed}`;
  }
  if (service) {
    return `no stopped task of deployment ${deploymentId} found, and the service no longer ` +
      `lists it`;
  }
  return `could not read deployment ${deploymentId}: ${unreadable.join("; ")}`;
}
