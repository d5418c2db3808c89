/**
 * One task's life: PROVISIONING -> PENDING -> RUNNING (-> HEALTHY) -> DEACTIVATING/STOPPING ->
 * STOPPED, with the failure modes the image tag asks for (`fail-pull`, `crash`, `unhealthy`,
 * `flaky`, `slow`). Transitions are scheduled steps; each checks the task is still where it expects,
 * so a stop that overtakes a pending transition simply wins.
 */
import type { Fault, TaskRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import { recordHealthyTask, recordTaskFailure } from "./deployment_lifecycle.ts";
import { digestOf, faultOfImage, FAULTS, qualifiedImage } from "./image_faults.ts";
import { commandEnding, effectiveCommand } from "./one_off_commands.ts";
import { writeContainerLog } from "./container_logs.ts";

/** STOPPED tasks kept visible per cluster beyond which the oldest are forgotten. */
const MAX_STOPPED_TASKS = 1000;

/** What a new task is made of: its record's identity members, and what RunTask may add. */
export interface LaunchOptions extends
  Pick<
    TaskRecord,
    | "cluster"
    | "taskDefinition"
    | "service"
    | "deployment"
    | "startedBy"
    | "group"
    | "launchType"
    | "platformVersion"
  > {
  networkConfiguration?: Wire;
  overrides?: Wire;
  tags?: { key: string; value: string }[];
  enableExecuteCommand?: boolean;
}

/** Creates a task in PROVISIONING and schedules its start. */
export function launchTask(state: SimState, options: LaunchOptions): TaskRecord {
  const { cluster, taskDefinition: td } = options;
  const id = state.random.hex(32);
  const containers = td.td.containerDefinitions.map((def) => {
    const image = String(def.image);
    return {
      containerArn: state.arn(`container/${cluster.name}/${id}/${state.random.uuid()}`),
      name: String(def.name),
      image,
      lastStatus: "PENDING",
      essential: def.essential !== false,
      hasHealthCheck: def.healthCheck !== undefined,
      ...(def.healthCheck !== undefined ? { healthStatus: "UNKNOWN" as const } : {}),
      ...(typeof def.cpu === "number" ? { cpu: String(def.cpu) } : {}),
      ...(typeof def.memory === "number" ? { memory: String(def.memory) } : {}),
      ...(typeof def.memoryReservation === "number"
        ? { memoryReservation: String(def.memoryReservation) }
        : {}),
    };
  });
  let fault: Fault = "none";
  for (const c of containers) {
    const f = faultOfImage(c.image);
    if (
      FAULTS.indexOf(f) !== -1 && (fault === "none" || FAULTS.indexOf(f) < FAULTS.indexOf(fault))
    ) {
      fault = f;
    }
  }
  const awsvpc = td.td.networkMode === "awsvpc";
  const subnets = (options.networkConfiguration?.awsvpcConfiguration as Wire | undefined)
    ?.subnets as string[] | undefined;
  const task: TaskRecord = {
    id,
    arn: state.arn(`task/${cluster.name}/${id}`),
    cluster,
    taskDefinition: td,
    group: options.group,
    launchType: options.launchType,
    lastStatus: "PROVISIONING",
    desiredStatus: "RUNNING",
    healthStatus: "UNKNOWN",
    fault,
    createdAt: state.now,
    containers,
    availabilityZone: `${state.region}${"abc"[Math.floor(state.random.next() * 3)]}`,
    attachments: awsvpc
      ? [{
        id: state.random.uuid(),
        type: "ElasticNetworkInterface",
        status: "PRECREATED",
        details: [
          { name: "subnetId", value: subnets?.[0] ?? "subnet-00000000" },
          {
            name: "privateIPv4Address",
            value: `10.0.${Math.floor(state.random.next() * 256)}.${
              1 + Math.floor(state.random.next() * 254)
            }`,
          },
        ],
      }]
      : [],
    overrides: options.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    tags: options.tags ?? [],
    version: 1,
    enableExecuteCommand: options.enableExecuteCommand ?? false,
  };
  if (options.service) task.service = options.service;
  if (options.deployment) task.deployment = options.deployment;
  if (options.startedBy !== undefined) task.startedBy = options.startedBy;
  if (options.platformVersion !== undefined) task.platformVersion = options.platformVersion;
  if (typeof td.td.cpu === "string") task.cpu = td.td.cpu;
  if (typeof td.td.memory === "string") task.memory = td.td.memory;
  cluster.tasks.set(id, task);
  options.service?.liveTasks.add(task);
  state.schedule(state.now + state.timings.provisioningMs, { kind: "to-pending", task });
  return task;
}

function changed(state: SimState, task: TaskRecord): void {
  task.version++;
  if (task.service) state.markDirty(task.service);
}

function toPending(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "PROVISIONING") return;
  task.lastStatus = "PENDING";
  task.pullStartedAt = state.now;
  task.connectivityAt = state.now;
  for (const a of task.attachments) a.status = "ATTACHED";
  const delay = task.fault === "slow" ? state.timings.slowStartMs : state.timings.pendingMs;
  state.schedule(state.now + delay, { kind: "after-pull", task });
  changed(state, task);
}

function afterPull(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "PENDING") return;
  if (task.fault === "fail-pull") return failToStart(state, task);
  task.lastStatus = "RUNNING";
  task.pullStoppedAt = state.now;
  task.startedAt = state.now;
  task.containers.forEach((c, i) => {
    c.lastStatus = "RUNNING";
    c.runtimeId = `${task.id}-${i}`;
    // What the registry has for the image as the task starts; a stable fake where none knows it.
    c.imageDigest = state.imageDigestOf(c.image) ?? `sha256:${digestOf(c.image)}`;
  });
  if (!task.service) startCommands(state, task);
  const checked = task.containers.some((c) => c.hasHealthCheck) || task.fault === "unhealthy";
  const healthyAfter = checked ? state.timings.healthCheckMs : state.timings.runningGraceMs;
  if (checked) {
    state.schedule(state.now + healthyAfter, { kind: "health-verdict", task });
  } else {
    state.schedule(state.now + healthyAfter, { kind: "grace-over", task });
  }
  if (task.fault === "crash") {
    state.schedule(state.now + state.timings.crashAfterMs, { kind: "crash", task });
  } else if (task.fault === "flaky") {
    // Healthy first, then it exits: each such task resets the circuit breaker, then fails.
    state.schedule(state.now + healthyAfter + state.timings.crashAfterMs, { kind: "crash", task });
  }
  changed(state, task);
}

/**
 * A standalone task's containers start their commands: each logs that it started (and its
 * command's words), and those whose command ends (`one_off_commands.ts`) get their exit due.
 */
function startCommands(state: SimState, task: TaskRecord): void {
  for (const c of task.containers) {
    const definition = task.taskDefinition.td.containerDefinitions.find((d) => d.name === c.name);
    const command = effectiveCommand(definition, task.overrides, c.name);
    writeContainerLog(state, task, c, [
      `container ${c.name} started`,
      ...(command ? [command.join(" ")] : []),
    ]);
    const ending = commandEnding(command, c.image, state.timings.commandRunMs);
    if (!ending) continue;
    c.exitsAt = state.now + ending.afterMs;
    c.commandExitCode = ending.exitCode;
    state.schedule(c.exitsAt, { kind: "command-exit", task });
  }
}

/** Containers whose command is due exit with its code; an essential one stops the task. */
function commandExit(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "RUNNING") return;
  let essentialExited = false;
  for (const c of task.containers) {
    if (c.exitsAt === undefined || c.exitsAt > state.now || c.lastStatus !== "RUNNING") continue;
    c.lastStatus = "STOPPED";
    c.exitCode = c.commandExitCode ?? 0;
    writeContainerLog(state, task, c, [`container ${c.name} exited with code ${c.exitCode}`]);
    if (c.essential) essentialExited = true;
  }
  if (essentialExited) {
    stopTask(state, task, "EssentialContainerExited", "Essential container in task exited", {
      drain: false,
    });
  } else changed(state, task);
}

function becameHealthy(state: SimState, task: TaskRecord): void {
  task.healthySince = state.now;
  if (task.deployment) recordHealthyTask(state, task.deployment);
  changed(state, task);
}

function failToStart(state: SimState, task: TaskRecord): void {
  const failing = task.containers.find((c) => faultOfImage(c.image) === "fail-pull")!;
  const reason =
    `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${
      qualifiedImage(failing.image)
    }: not found`;
  task.desiredStatus = "STOPPED";
  task.stopCode = "TaskFailedToStart";
  task.stoppedReason = reason;
  task.stoppingAt = state.now;
  failing.reason = reason;
  finishStop(state, task);
  recordTaskFailure(state, task);
}

function healthVerdict(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "RUNNING") return;
  const checked = task.containers.filter((c) => c.hasHealthCheck);
  if (task.fault !== "unhealthy") {
    for (const c of checked) c.healthStatus = "HEALTHY";
    task.healthStatus = "HEALTHY";
    return becameHealthy(state, task);
  }
  for (const c of checked.length > 0 ? checked : task.containers.filter((c) => c.essential)) {
    c.healthStatus = "UNHEALTHY";
  }
  task.healthStatus = "UNHEALTHY";
  changed(state, task);
  // ECS replaces unhealthy tasks of services only; a standalone task keeps running.
  if (!task.service) return;
  addServiceEvent(state, task.service, serviceMessages.healthCheckFailed(task.service, task));
  stopTask(state, task, "ServiceSchedulerInitiated", "Task failed container health checks");
  recordTaskFailure(state, task);
}

function crash(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "RUNNING") return;
  const essential =
    task.containers.find((c) => c.essential && faultOfImage(c.image) === task.fault) ??
      task.containers.find((c) => c.essential)!;
  essential.lastStatus = "STOPPED";
  essential.exitCode = 1;
  writeContainerLog(state, task, essential, [`container ${essential.name} exited with code 1`]);
  stopTask(state, task, "EssentialContainerExited", "Essential container in task exited", {
    drain: false,
  });
  recordTaskFailure(state, task);
}

/**
 * Asks a task to stop: desiredStatus STOPPED at once, then DEACTIVATING (behind a load
 * balancer) or STOPPING, then STOPPED after draining (running tasks) or a short stop.
 */
export function stopTask(
  state: SimState,
  task: TaskRecord,
  stopCode: string,
  reason: string,
  options: { drain?: boolean } = {},
): void {
  if (task.desiredStatus === "STOPPED") return;
  const wasRunning = task.lastStatus === "RUNNING";
  task.desiredStatus = "STOPPED";
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  task.stoppingAt = state.now;
  const behindLoadBalancer = (task.service?.loadBalancers.length ?? 0) > 0;
  task.lastStatus = wasRunning && behindLoadBalancer ? "DEACTIVATING" : "STOPPING";
  const drain = wasRunning && options.drain !== false;
  const delay = drain ? state.timings.drainingMs : state.timings.stoppingMs;
  state.schedule(state.now + delay, { kind: "finish-stop", task });
  changed(state, task);
}

function finishStop(state: SimState, task: TaskRecord): void {
  if (task.lastStatus === "STOPPED") return;
  // A standalone task's network interface is released before it is STOPPED, as ECS shows.
  const awsvpc = task.taskDefinition.td.networkMode === "awsvpc";
  if (!task.service && awsvpc && task.lastStatus !== "DEPROVISIONING") {
    task.lastStatus = "DEPROVISIONING";
    task.desiredStatus = "STOPPED";
    task.executionStoppedAt = state.now;
    stopContainers(task);
    state.schedule(state.now + state.timings.stoppingMs, { kind: "finish-stop", task });
    return changed(state, task);
  }
  const ran = task.startedAt !== undefined;
  task.lastStatus = "STOPPED";
  task.desiredStatus = "STOPPED";
  task.executionStoppedAt ??= state.now;
  task.stoppedAt = state.now;
  if (ran) task.pullStoppedAt ??= state.now;
  for (const a of task.attachments) a.status = "DELETED";
  stopContainers(task);
  task.service?.liveTasks.delete(task);
  changed(state, task);
  const cluster = task.cluster;
  cluster.stoppedOrder.push(task.id);
  while (cluster.stoppedOrder.length > MAX_STOPPED_TASKS) {
    cluster.tasks.delete(cluster.stoppedOrder.shift()!);
  }
  state.schedule(state.now + state.timings.stoppedTaskRetentionMs, { kind: "forget-task", task });
}

function stopContainers(task: TaskRecord): void {
  for (const c of task.containers) {
    if (c.lastStatus === "RUNNING" && c.exitCode === undefined) c.exitCode = 0;
    c.lastStatus = "STOPPED";
  }
}

function graceOver(state: SimState, task: TaskRecord): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "RUNNING") return;
  becameHealthy(state, task);
}

function forgetTask(_state: SimState, task: TaskRecord): void {
  if (task.cluster.tasks.get(task.id) === task) task.cluster.tasks.delete(task.id);
}

/** The scheduled transitions of a task, by the step kind that names them (see `sim_steps.ts`). */
export const taskTransitions = {
  "to-pending": toPending,
  "after-pull": afterPull,
  "health-verdict": healthVerdict,
  "grace-over": graceOver,
  "crash": crash,
  "command-exit": commandExit,
  "finish-stop": finishStop,
  "forget-task": forgetTask,
} satisfies Record<string, (state: SimState, task: TaskRecord) => void>;
