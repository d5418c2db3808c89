/**
 * Records -> ECS response shapes (camelCase members as on the wire, timestamps as Dates).
 * Every function returns a fresh copy, so callers cannot reach into the simulator's state.
 */
import type {
  ClusterRecord,
  DeploymentRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  ServiceRevisionRecord,
  TaskDefinitionRecord,
  TaskRecord,
  Wire,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";

const date = (ms: number) => new Date(ms);

/** Puts `value` at `key` unless it is undefined (absent members stay absent on the wire). */
function put(target: Wire, key: string, value: unknown): void {
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

export function revisionSummary(state: SimState, revisionArn: string, d: DeploymentRecord): Wire {
  const service = d.serviceDeployment.service;
  const counts = taskCounts(state.tasksOf(service).filter((t) => t.deployment === d));
  return {
    arn: revisionArn,
    requestedTaskCount: d.status === "INACTIVE" ? 0 : d.desiredCount,
    runningTaskCount: counts.running,
    pendingTaskCount: counts.pending,
  };
}

export function serviceDeploymentToWire(state: SimState, sd: ServiceDeploymentRecord): Wire {
  const out: Wire = {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.service.arn,
    clusterArn: sd.service.cluster.arn,
    createdAt: date(sd.createdAt),
  };
  put(out, "startedAt", sd.startedAt !== undefined ? date(sd.startedAt) : undefined);
  put(out, "finishedAt", sd.finishedAt !== undefined ? date(sd.finishedAt) : undefined);
  put(out, "stoppedAt", sd.stoppedAt !== undefined ? date(sd.stoppedAt) : undefined);
  out.updatedAt = date(sd.updatedAt);
  const life = sd.lifecycle;
  const weigh = (summary: Wire, production: number, test: number) => {
    if (!life?.managesTraffic) return summary;
    return {
      ...summary,
      requestedTestTrafficWeight: test,
      requestedProductionTrafficWeight: production,
    };
  };
  // The blue revision (the first source) carries what green does not.
  out.sourceServiceRevisions = sd.sources.map((s, i) =>
    weigh(
      revisionSummary(state, s.revisionArn, s.deployment),
      i === 0 ? 100 - (life?.productionWeight ?? 0) : 0,
      i === 0 ? 100 - (life?.testWeight ?? 0) : 0,
    )
  );
  out.targetServiceRevision = weigh(
    revisionSummary(state, sd.targetRevisionArn, sd.deployment),
    life?.productionWeight ?? 0,
    life?.testWeight ?? 0,
  );
  out.status = sd.status;
  put(out, "statusReason", sd.statusReason);
  out.lifecycleStage = lifecycleStage(sd);
  if (life) {
    out.lifecycleHookDetails = life.hooks.map((h) => {
      const detail: Wire = { hookId: h.hookId, targetType: h.targetType };
      put(detail, "targetArn", h.targetArn);
      detail.status = h.status;
      detail.expiresAt = date(h.expiresAt);
      detail.timeoutAction = h.timeoutAction;
      return detail;
    });
  }
  const config = sd.deploymentConfiguration;
  out.deploymentConfiguration = {
    ...structuredClone(config.extra),
    deploymentCircuitBreaker: { ...config.deploymentCircuitBreaker },
    maximumPercent: config.maximumPercent,
    minimumHealthyPercent: config.minimumHealthyPercent,
  };
  if (sd.rollback) {
    out.rollback = {
      reason: sd.rollback.reason,
      startedAt: date(sd.rollback.startedAt),
      serviceRevisionArn: sd.rollback.serviceRevisionArn,
    };
  }
  out.deploymentCircuitBreaker = {
    status: sd.circuitBreakerStatus,
    failureCount: sd.failureCount,
    threshold: sd.threshold,
  };
  out.alarms = { status: "DISABLED" };
  return out;
}

function lifecycleStage(sd: ServiceDeploymentRecord): string {
  const life = sd.lifecycle;
  if (life) {
    const stage = life.stages[Math.max(0, life.index)]!;
    // A hook point, not a stage of its own: ECS is about to shift production traffic.
    return stage === "PRE_PRODUCTION_TRAFFIC_SHIFT" ? "PRODUCTION_TRAFFIC_SHIFT" : stage;
  }
  if (sd.status === "PENDING") return "RECONCILE_SERVICE";
  if (sd.status === "IN_PROGRESS") return "SCALE_UP";
  return "CLEAN_UP";
}

export function serviceDeploymentBriefToWire(sd: ServiceDeploymentRecord): Wire {
  const out: Wire = {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.service.arn,
    clusterArn: sd.service.cluster.arn,
  };
  put(out, "startedAt", sd.startedAt !== undefined ? date(sd.startedAt) : undefined);
  out.createdAt = date(sd.createdAt);
  put(out, "finishedAt", sd.finishedAt !== undefined ? date(sd.finishedAt) : undefined);
  out.targetServiceRevisionArn = sd.targetRevisionArn;
  out.status = sd.status;
  put(out, "statusReason", sd.statusReason);
  return out;
}

export function serviceRevisionToWire(r: ServiceRevisionRecord): Wire {
  const out: Wire = {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.target.taskDefinition,
  };
  put(out, "capacityProviderStrategy", structuredClone(r.target.capacityProviderStrategy));
  put(out, "launchType", r.target.launchType);
  put(out, "platformVersion", r.target.platformVersion);
  put(out, "platformFamily", r.target.platformFamily);
  out.loadBalancers = structuredClone(r.loadBalancers);
  out.serviceRegistries = structuredClone(r.serviceRegistries);
  put(out, "networkConfiguration", structuredClone(r.target.networkConfiguration));
  out.containerImages = structuredClone(r.containerImages);
  out.guardDutyEnabled = false;
  out.createdAt = date(r.createdAt);
  return out;
}
