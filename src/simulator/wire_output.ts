/**
 * Records -> ECS response shapes (camelCase members as on the wire, timestamps as Dates).
 * Every function returns a fresh copy, so callers cannot reach into the simulator's state.
 */
import type {
  ClusterRecord,
  DeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
  Wire,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";

export const date = (ms: number) => new Date(ms);

/** Puts `value` at `key` unless it is undefined (absent members stay absent on the wire). */
export function put(target: Wire, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

export function taskDefinitionToWire(record: TaskDefinitionRecord): Wire {
  return structuredClone(record.td);
}

/** Counts of a service's (or deployment's) tasks by what ECS reports. */
export function taskCounts(tasks: TaskRecord[]): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const t of tasks) {
    if (t.lastStatus === "RUNNING") running++;
    else if (["PROVISIONING", "PENDING", "ACTIVATING"].includes(t.lastStatus)) pending++;
  }
  return { running, pending };
}

export function clusterToWire(cluster: ClusterRecord, include: string[]): Wire {
  const tasks = [...cluster.tasks.values()];
  const counts = taskCounts(tasks);
  const out: Wire = {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    activeServicesCount: [...cluster.services.values()].filter((s) => s.status === "ACTIVE")
      .length,
    statistics: [],
    tags: include.includes("TAGS") ? structuredClone(cluster.tags) : [],
    settings: include.includes("SETTINGS") ? structuredClone(cluster.settings) : [],
    capacityProviders: [...cluster.capacityProviders],
    defaultCapacityProviderStrategy: structuredClone(cluster.defaultCapacityProviderStrategy),
  };
  if (include.includes("CONFIGURATIONS")) {
    put(out, "configuration", structuredClone(cluster.configuration));
  }
  return out;
}

export function deploymentToWire(state: SimState, d: DeploymentRecord): Wire {
  const tasks = state.tasksOf(d.serviceDeployment.service).filter((t) => t.deployment === d);
  const counts = taskCounts(tasks);
  const out: Wire = {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
  };
  put(out, "capacityProviderStrategy", structuredClone(d.capacityProviderStrategy));
  put(out, "launchType", d.launchType);
  put(out, "platformVersion", d.platformVersion);
  put(out, "platformFamily", d.platformFamily);
  put(out, "networkConfiguration", structuredClone(d.networkConfiguration));
  out.rolloutState = d.rolloutState;
  out.rolloutStateReason = d.rolloutStateReason;
  return out;
}

export function serviceToWire(state: SimState, s: ServiceRecord, include: string[]): Wire {
  const counts = taskCounts(state.tasksOf(s));
  const primary = s.deployments[0];
  const out: Wire = {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: s.cluster.arn,
    loadBalancers: structuredClone(s.loadBalancers),
    serviceRegistries: structuredClone(s.serviceRegistries),
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: counts.running,
    pendingCount: counts.pending,
  };
  put(out, "launchType", s.launchType);
  put(out, "capacityProviderStrategy", structuredClone(s.capacityProviderStrategy));
  put(out, "platformVersion", s.platformVersion);
  put(out, "platformFamily", s.platformFamily);
  put(out, "taskDefinition", primary?.taskDefinition);
  out.deploymentConfiguration = {
    ...structuredClone(s.deploymentConfiguration.extra),
    deploymentCircuitBreaker: { ...s.deploymentConfiguration.deploymentCircuitBreaker },
    maximumPercent: s.deploymentConfiguration.maximumPercent,
    minimumHealthyPercent: s.deploymentConfiguration.minimumHealthyPercent,
  };
  out.deployments = s.deployments.map((d) => deploymentToWire(state, d));
  put(out, "roleArn", s.roleArn);
  out.events = s.events.map((e) => ({
    id: e.id,
    createdAt: date(e.createdAt),
    message: e.message,
  }));
  out.createdAt = date(s.createdAt);
  if (primary && s.status === "ACTIVE") {
    out.currentServiceDeployment = primary.serviceDeployment.arn;
    out.currentServiceRevisions = s.deployments.map((d) => {
      const c = taskCounts(state.tasksOf(s).filter((t) => t.deployment === d));
      return {
        arn: d.revisionArn,
        requestedTaskCount: d.desiredCount,
        runningTaskCount: c.running,
        pendingTaskCount: c.pending,
      };
    });
  }
  out.placementConstraints = structuredClone(s.placementConstraints);
  out.placementStrategy = structuredClone(s.placementStrategy);
  put(out, "networkConfiguration", structuredClone(s.networkConfiguration));
  put(out, "healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds);
  out.schedulingStrategy = s.schedulingStrategy;
  out.deploymentController = { ...s.deploymentController };
  if (include.includes("TAGS")) out.tags = structuredClone(s.tags);
  out.createdBy = s.createdBy;
  out.enableECSManagedTags = s.enableECSManagedTags;
  out.propagateTags = s.propagateTags;
  out.enableExecuteCommand = s.enableExecuteCommand;
  put(out, "availabilityZoneRebalancing", s.availabilityZoneRebalancing);
  for (const [key, value] of Object.entries(s.extra)) out[key] = structuredClone(value);
  return out;
}

export function taskToWire(t: TaskRecord, include: string[]): Wire {
  const out: Wire = {
    attachments: structuredClone(t.attachments),
    attributes: [{ name: "ecs.cpu-architecture", value: "x86_64" }],
    availabilityZone: t.availabilityZone,
    clusterArn: t.cluster.arn,
    connectivity: t.connectivityAt !== undefined ? "CONNECTED" : undefined,
    connectivityAt: t.connectivityAt !== undefined ? date(t.connectivityAt) : undefined,
    containers: t.containers.map((c) => {
      const container: Wire = {
        containerArn: c.containerArn,
        taskArn: t.arn,
        name: c.name,
        image: c.image,
      };
      put(container, "imageDigest", c.imageDigest);
      put(container, "runtimeId", c.runtimeId);
      container.lastStatus = c.lastStatus;
      put(container, "exitCode", c.exitCode);
      put(container, "reason", c.reason);
      container.networkBindings = [];
      container.networkInterfaces = [];
      put(container, "healthStatus", c.healthStatus);
      put(container, "cpu", c.cpu);
      put(container, "memory", c.memory);
      put(container, "memoryReservation", c.memoryReservation);
      return container;
    }),
    cpu: t.cpu,
    createdAt: date(t.createdAt),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: t.enableExecuteCommand,
    executionStoppedAt: t.executionStoppedAt !== undefined ? date(t.executionStoppedAt) : undefined,
    group: t.group,
    healthStatus: t.healthStatus,
    lastStatus: t.lastStatus,
    launchType: t.launchType,
    memory: t.memory,
    overrides: structuredClone(t.overrides),
    platformVersion: t.platformVersion,
    pullStartedAt: t.pullStartedAt !== undefined ? date(t.pullStartedAt) : undefined,
    pullStoppedAt: t.pullStoppedAt !== undefined ? date(t.pullStoppedAt) : undefined,
    startedAt: t.startedAt !== undefined ? date(t.startedAt) : undefined,
    startedBy: t.startedBy,
    stopCode: t.stopCode,
    stoppedAt: t.stoppedAt !== undefined ? date(t.stoppedAt) : undefined,
    stoppedReason: t.stoppedReason,
    stoppingAt: t.stoppingAt !== undefined ? date(t.stoppingAt) : undefined,
    tags: include.includes("TAGS") ? structuredClone(t.tags) : undefined,
    taskArn: t.arn,
    taskDefinitionArn: t.taskDefinition.td.taskDefinitionArn,
    version: t.version,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}
