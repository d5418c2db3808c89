/**
 * Service deployment and service revision records -> ECS response shapes (Dates, fresh copies),
 * with the lifecycle stage, hook details and traffic weights of traffic-shifting strategies.
 */
import type {
  DeploymentRecord,
  ServiceDeploymentRecord,
  ServiceRevisionRecord,
  Wire,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { date, put, taskCounts } from "./wire_output.ts";
import { alarmsOf } from "./rolling_config.ts";

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
  const alarms = alarmsOf(config);
  out.alarms = sd.alarmsStatus === "DISABLED" || !alarms ? { status: "DISABLED" } : {
    status: sd.alarmsStatus,
    alarmNames: [...alarms.alarmNames],
    ...(sd.triggeredAlarmNames.length > 0
      ? { triggeredAlarmNames: [...sd.triggeredAlarmNames] }
      : {}),
  };
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
