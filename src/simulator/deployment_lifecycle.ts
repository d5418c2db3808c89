/**
 * The life of a deployment and its service deployment: start (superseding an unfinished one),
 * complete, fail by the circuit breaker, roll back to the last completed deployment.
 */
import type {
  DeploymentRecord,
  DeploymentTarget,
  ServiceDeploymentRecord,
  ServiceRecord,
  TaskRecord,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import { planLifecycle } from "./strategy_config.ts";
import { startRollbackHooks } from "./lifecycle_hooks.ts";
import { digestOf } from "./image_faults.ts";
import { alarmsOf, circuitBreakerThreshold } from "./rolling_config.ts";

const CIRCUIT_BREAKER_REASON = "ECS deployment circuit breaker: tasks failed to start.";

/** Assumed wording (not documented): what a deployment failed by its alarms says. */
const alarmReason = (names: string[]) =>
  `ECS deployment alarms: alarm(s) in ALARM state: ${names.join(", ")}.`;

/** What failed a deployment: the circuit breaker, or deployment alarms in ALARM. */
export type FailureCause = { kind: "circuit-breaker" } | { kind: "alarms"; names: string[] };

export { circuitBreakerThreshold } from "./rolling_config.ts";

function report(
  state: SimState,
  sd: ServiceDeploymentRecord,
  deploymentId: string,
  outcome: "COMPLETED" | "FAILED" | "ROLLED_BACK" | "SUPERSEDED",
): void {
  if (sd.reported) return;
  sd.reported = true;
  state.emitFinished({ deploymentId, serviceDeploymentArn: sd.arn, outcome, at: state.now });
}

/**
 * Starts a new PRIMARY deployment of `target` for `service`; an unfinished previous PRIMARY is
 * superseded and drains as ACTIVE.
 */
export function startDeployment(
  state: SimState,
  service: ServiceRecord,
  target: Omit<DeploymentTarget, "revisionArn">,
): DeploymentRecord {
  const now = state.now;
  const digits = state.random.digits(19);
  const id = `ecs-svc/${digits}`;
  const prefix = `${service.cluster.name}/${service.name}`;
  const revisionArn = state.arn(`service-revision/${prefix}/${digits}`);
  const td = state.families.get(target.taskDefinition.split("/").pop()!.split(":")[0]!)
    ?.revisions.get(Number(target.taskDefinition.split(":").pop()));
  service.revisions.set(revisionArn, {
    arn: revisionArn,
    serviceArn: service.arn,
    clusterArn: service.cluster.arn,
    createdAt: now,
    target: { ...structuredClone(target), revisionArn },
    loadBalancers: structuredClone(service.loadBalancers),
    serviceRegistries: structuredClone(service.serviceRegistries),
    containerImages: (td?.td.containerDefinitions ?? []).map((c) => ({
      containerName: c.name,
      imageDigest: `sha256:${digestOf(String(c.image))}`,
      image: c.image,
    })),
  });
  const previous = service.deployments[0];
  const config = service.deploymentConfiguration;
  const sd: ServiceDeploymentRecord = {
    arn: state.arn(`service-deployment/${prefix}/${state.random.alphanumeric(21)}`),
    service,
    deployment: undefined as unknown as DeploymentRecord,
    status: "IN_PROGRESS",
    createdAt: now,
    startedAt: now,
    updatedAt: now,
    targetRevisionArn: revisionArn,
    sources: service.deployments.map((d) => ({ revisionArn: d.revisionArn, deployment: d })),
    deploymentConfiguration: structuredClone(config),
    circuitBreakerStatus: config.deploymentCircuitBreaker.enable ? "MONITORING" : "DISABLED",
    alarmsStatus: alarmsOf(config)?.enable ? "MONITORING" : "DISABLED",
    triggeredAlarmNames: [],
    failureCount: 0,
    threshold: circuitBreakerThreshold(
      service.desiredCount,
      config.deploymentCircuitBreaker.thresholdConfiguration,
    ),
    reported: false,
  };
  const lifecycle = planLifecycle(service, config, service.deployments.length, now);
  if (lifecycle) sd.lifecycle = lifecycle;
  const deployment: DeploymentRecord = {
    ...structuredClone(target),
    revisionArn,
    id,
    status: "PRIMARY",
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    rolloutState: "IN_PROGRESS",
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    launching: true,
    nextLaunchAt: now,
    serviceDeployment: sd,
    failuresSinceNotice: 0,
    consecutiveFailures: 0,
    breakerFailures: 0,
  };
  sd.deployment = deployment;
  if (previous) supersede(state, previous);
  service.deployments.unshift(deployment);
  service.serviceDeployments.unshift(sd);
  service.steady = false;
  state.markDirty(service);
  return deployment;
}

function supersede(state: SimState, previous: DeploymentRecord): void {
  previous.status = "ACTIVE";
  previous.updatedAt = state.now;
  const sd = previous.serviceDeployment;
  // SUCCESSFUL early (earlySuccessCriteria) stays SUCCESSFUL; only its tasks drain.
  if (previous.rolloutState !== "IN_PROGRESS" || sd.status === "SUCCESSFUL") return;
  sd.status = "STOPPED";
  sd.statusReason = "Service deployment stopped because a new service deployment started.";
  sd.stoppedAt = state.now;
  sd.updatedAt = state.now;
  if (sd.circuitBreakerStatus === "MONITORING") sd.circuitBreakerStatus = "MONITORING_COMPLETE";
  if (sd.alarmsStatus === "MONITORING") sd.alarmsStatus = "MONITORING_COMPLETE";
  if (previous.restoredFor) {
    report(state, sd, previous.restoredFor.id, "FAILED");
  } else {
    report(state, sd, previous.id, "SUPERSEDED");
  }
}

/** A task of `deployment` became healthy: the breaker forgets its failures unless told not to. */
export function recordHealthyTask(state: SimState, deployment: DeploymentRecord): void {
  deployment.consecutiveFailures = 0;
  const breaker = deployment.serviceDeployment.deploymentConfiguration.deploymentCircuitBreaker;
  if (breaker.resetOnHealthyTask === false || deployment.breakerFailures === 0) return;
  deployment.breakerFailures = 0;
  const sd = deployment.serviceDeployment;
  if (sd.deployment === deployment) {
    sd.failureCount = 0;
    sd.updatedAt = state.now;
  }
}

/** Marks the PRIMARY deployment COMPLETED and forgets the drained older ones. */
export function completeDeployment(state: SimState, service: ServiceRecord): void {
  const primary = service.deployments[0]!;
  const now = state.now;
  primary.rolloutState = "COMPLETED";
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = now;
  for (const d of service.deployments.slice(1)) d.status = "INACTIVE";
  service.deployments = [primary];
  service.lastCompleted = lastCompletedOf(primary);
  addServiceEvent(state, service, serviceMessages.deploymentCompleted(service, primary.id));
  addServiceEvent(state, service, serviceMessages.steadyState(service));
  service.steady = true;
  const sd = primary.serviceDeployment;
  if (sd.status === "SUCCESSFUL") return; // early (earlySuccessCriteria): finished already
  sd.finishedAt = now;
  sd.updatedAt = now;
  if (primary.restoredFor) {
    sd.status = "ROLLBACK_SUCCESSFUL";
    sd.statusReason = "Service deployment rolled back successfully.";
    report(state, sd, primary.restoredFor.id, "ROLLED_BACK");
    delete primary.restoredFor;
  } else if (sd.status === "IN_PROGRESS") {
    succeedServiceDeployment(state, primary);
  }
}

/**
 * Marks the service deployment of the PRIMARY `deployment` SUCCESSFUL (at completion, or
 * earlier by its early success criteria); it becomes what a rollback returns to.
 */
export function succeedServiceDeployment(state: SimState, deployment: DeploymentRecord): void {
  const sd = deployment.serviceDeployment;
  sd.status = "SUCCESSFUL";
  sd.statusReason = "Service deployment completed successfully.";
  sd.finishedAt = state.now;
  sd.updatedAt = state.now;
  if (sd.circuitBreakerStatus === "MONITORING") sd.circuitBreakerStatus = "MONITORING_COMPLETE";
  if (sd.alarmsStatus === "MONITORING") sd.alarmsStatus = "MONITORING_COMPLETE";
  sd.service.lastCompleted = lastCompletedOf(deployment);
  report(state, sd, deployment.id, "COMPLETED");
}

function lastCompletedOf(primary: DeploymentRecord): NonNullable<ServiceRecord["lastCompleted"]> {
  return {
    id: primary.id,
    taskDefinition: primary.taskDefinition,
    revisionArn: primary.revisionArn,
    ...(primary.launchType !== undefined ? { launchType: primary.launchType } : {}),
    ...(primary.platformVersion !== undefined ? { platformVersion: primary.platformVersion } : {}),
    ...(primary.platformFamily !== undefined ? { platformFamily: primary.platformFamily } : {}),
    ...(primary.networkConfiguration !== undefined
      ? { networkConfiguration: structuredClone(primary.networkConfiguration) }
      : {}),
    ...(primary.capacityProviderStrategy !== undefined
      ? { capacityProviderStrategy: structuredClone(primary.capacityProviderStrategy) }
      : {}),
  };
}

/** Counts a failed task against its deployment; may trip the circuit breaker. */
export function recordTaskFailure(state: SimState, task: TaskRecord): void {
  const deployment = task.deployment;
  const service = task.service;
  if (!deployment || !service) return;
  deployment.failedTasks++;
  deployment.updatedAt = state.now;
  deployment.consecutiveFailures++;
  // A snapshot written before the count existed restores without it.
  deployment.breakerFailures = (deployment.breakerFailures || 0) + 1;
  const rounds = Math.floor(deployment.consecutiveFailures / Math.max(1, service.desiredCount));
  deployment.nextLaunchAt = state.now +
    Math.min(
      state.timings.relaunchDelayMs * 2 ** Math.min(rounds, 30),
      state.timings.maxRelaunchDelayMs,
    );
  const sd = deployment.serviceDeployment;
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const threshold = circuitBreakerThreshold(service.desiredCount, breaker.thresholdConfiguration);
  if (sd.deployment === deployment) {
    sd.failureCount = deployment.breakerFailures;
    sd.threshold = threshold;
    sd.updatedAt = state.now;
  }
  service.steady = false;
  state.markDirty(service);
  if (service.deployments[0] !== deployment || deployment.rolloutState !== "IN_PROGRESS") return;
  // Already SUCCESSFUL by its early success criteria: nothing left to fail.
  if (sd.status === "SUCCESSFUL") return;
  if (breaker.enable) {
    if (deployment.breakerFailures >= threshold) {
      failDeployment(state, service, deployment);
    }
  } else if (++deployment.failuresSinceNotice >= 10) {
    deployment.failuresSinceNotice = 0;
    addServiceEvent(state, service, serviceMessages.unableToStart(service));
  }
}

/**
 * The IN_PROGRESS PRIMARY deployment of `service` fails if one of its deployment alarms is in
 * ALARM. A rollback is not watched (assumed: the alarm that caused it is usually still in
 * ALARM, and rolling back is the remedy). Returns whether it failed.
 */
export function checkDeploymentAlarms(state: SimState, service: ServiceRecord): boolean {
  const deployment = service.deployments[0];
  if (!deployment || deployment.rolloutState !== "IN_PROGRESS" || deployment.restoredFor) {
    return false;
  }
  const sd = deployment.serviceDeployment;
  const alarms = alarmsOf(sd.deploymentConfiguration);
  if (!alarms?.enable || sd.deployment !== deployment || sd.status !== "IN_PROGRESS") return false;
  const names = alarms.alarmNames.filter((n) => state.alarmStates.get(n) === "ALARM");
  if (names.length === 0) return false;
  failDeployment(state, service, deployment, { kind: "alarms", names });
  return true;
}

/** The circuit breaker or an alarm fails the PRIMARY deployment; rolls back when configured to. */
export function failDeployment(
  state: SimState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  cause: FailureCause = { kind: "circuit-breaker" },
): void {
  const now = state.now;
  const reason = cause.kind === "alarms" ? alarmReason(cause.names) : CIRCUIT_BREAKER_REASON;
  deployment.rolloutState = "FAILED";
  deployment.rolloutStateReason = reason;
  deployment.updatedAt = now;
  deployment.launching = false;
  addServiceEvent(state, service, serviceMessages.deploymentFailed(service, deployment.id));
  const sd = deployment.serviceDeployment;
  sd.updatedAt = now;
  if (cause.kind === "alarms") {
    sd.alarmsStatus = "TRIGGERED";
    sd.triggeredAlarmNames = [...new Set([...(sd.triggeredAlarmNames ?? []), ...cause.names])];
  }
  if (deployment.restoredFor) {
    return failRollback(state, deployment, `The rollback failed: ${reason}`);
  }
  const rollback = cause.kind === "alarms"
    ? alarmsOf(sd.deploymentConfiguration)?.rollback === true
    : service.deploymentConfiguration.deploymentCircuitBreaker.rollback;
  if (cause.kind === "circuit-breaker") sd.circuitBreakerStatus = "TRIGGERED";
  if (rollback && service.lastCompleted) {
    startRollback(
      state,
      service,
      deployment,
      cause.kind === "alarms" ? "CloudWatch Alarm" : "Circuit Breaker",
    );
    return;
  }
  sd.status = "STOPPED";
  sd.statusReason = reason;
  sd.stoppedAt = now;
  report(state, sd, deployment.id, "FAILED");
}

/**
 * The rollback that the PRIMARY `restored` stands for has failed: its service deployment is
 * ROLLBACK_FAILED, and nothing more launches for it.
 */
export function failRollback(
  state: SimState,
  restored: DeploymentRecord,
  statusReason: string,
): void {
  const sd = restored.serviceDeployment;
  restored.rolloutState = "FAILED";
  restored.rolloutStateReason = statusReason;
  restored.launching = false;
  restored.updatedAt = state.now;
  sd.status = "ROLLBACK_FAILED";
  sd.statusReason = statusReason;
  sd.finishedAt = state.now;
  sd.updatedAt = state.now;
  if (restored.restoredFor) report(state, sd, restored.restoredFor.id, "FAILED");
  delete restored.restoredFor;
  state.markDirty(restored.serviceDeployment.service);
}

/**
 * Restores the last completed deployment as the PRIMARY (reusing its id); `failed` becomes
 * ACTIVE and drains. Its service deployment goes ROLLBACK_IN_PROGRESS.
 */
export function startRollback(
  state: SimState,
  service: ServiceRecord,
  failed: DeploymentRecord,
  reason: string,
): DeploymentRecord {
  const target = service.lastCompleted!;
  const now = state.now;
  let restored = service.deployments.find((d) => d.id === target.id);
  const sd = failed.serviceDeployment;
  if (!restored) {
    restored = {
      ...structuredClone(target),
      status: "PRIMARY",
      desiredCount: service.desiredCount,
      failedTasks: 0,
      createdAt: now,
      updatedAt: now,
      rolloutState: "IN_PROGRESS",
      rolloutStateReason: "",
      launching: true,
      nextLaunchAt: now,
      serviceDeployment: sd,
      failuresSinceNotice: 0,
      consecutiveFailures: 0,
      breakerFailures: 0,
    };
  }
  restored.status = "PRIMARY";
  restored.desiredCount = service.desiredCount;
  restored.failedTasks = 0;
  restored.createdAt = now;
  restored.updatedAt = now;
  restored.rolloutState = "IN_PROGRESS";
  restored.rolloutStateReason =
    `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`;
  restored.launching = true;
  restored.nextLaunchAt = now;
  restored.consecutiveFailures = 0;
  restored.breakerFailures = 0;
  restored.serviceDeployment = sd;
  restored.restoredFor = failed;
  failed.status = "ACTIVE";
  failed.launching = false;
  failed.updatedAt = now;
  const rest = service.deployments.filter((d) => d !== restored);
  for (const d of rest) d.status = "ACTIVE";
  service.deployments = [restored, ...rest];
  addServiceEvent(state, service, serviceMessages.rollingBack(service, target.id));
  sd.status = "ROLLBACK_IN_PROGRESS";
  sd.statusReason = reason === "Circuit Breaker"
    ? "Service deployment rolled back because the circuit breaker threshold was exceeded."
    : reason === "CloudWatch Alarm"
    ? "Service deployment rolled back because a deployment alarm went into the ALARM state."
    : "Service deployment rolled back because of a StopServiceDeployment request.";
  sd.rollback = { reason, startedAt: now, serviceRevisionArn: target.revisionArn };
  if (sd.lifecycle) {
    // Blue never stopped: all traffic goes back to it at once (even during a bake).
    sd.lifecycle.productionWeight = 0;
    sd.lifecycle.testWeight = 0;
    sd.lifecycle.hooks = [...sd.lifecycle.hooks, ...startRollbackHooks(state, sd)];
  }
  sd.updatedAt = now;
  service.steady = false;
  state.markDirty(service);
  return restored;
}

/** Starts the rollback of `sd` that StopServiceDeployment requested, unless overtaken since. */
export function startRequestedRollback(state: SimState, sd: ServiceDeploymentRecord): void {
  const service = sd.service;
  if (sd.status !== "ROLLBACK_REQUESTED" || service.deployments[0] !== sd.deployment) return;
  startRollback(state, service, sd.deployment, "StopServiceDeployment request");
}
