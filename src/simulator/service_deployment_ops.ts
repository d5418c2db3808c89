/**
 * The ServiceDeployment APIs: ListServiceDeployments, DescribeServiceDeployments,
 * StopServiceDeployment, ContinueServiceDeployment and DescribeServiceRevisions.
 */
import type {
  ServiceDeploymentRecord,
  ServiceDeploymentStatus,
  ServiceRecord,
  Wire,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { rollBackStrategyDeployment } from "./blue_green_lifecycle.ts";
import { startRollback } from "./deployment_lifecycle.ts";
import { arnResource, lookupCluster, lookupService, requireCluster } from "./resource_lookup.ts";
import { addServiceEvent } from "./service_events.ts";
import { fail, paginate, WireInput } from "./wire_input.ts";
import {
  serviceDeploymentBriefToWire,
  serviceDeploymentToWire,
  serviceRevisionToWire,
} from "./service_deployment_wire.ts";

const STATUSES: ServiceDeploymentStatus[] = [
  "PENDING",
  "SUCCESSFUL",
  "STOPPED",
  "STOP_REQUESTED",
  "IN_PROGRESS",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_SUCCESSFUL",
  "ROLLBACK_FAILED",
];

/** The states in which a StopServiceDeployment request goes on with what is under way. */
const CONTINUES: ServiceDeploymentStatus[] = [
  "STOP_REQUESTED",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
];

/** The service a `service-deployment/...` or `service-revision/...` ARN points into. */
function serviceOfArn(state: SimState, arn: string, kind: string): ServiceRecord | undefined {
  const parts = arnResource(arn)?.split("/");
  if (!parts || parts.length !== 4 || parts[0] !== kind) return undefined;
  const cluster = lookupCluster(state, parts[1]);
  return cluster ? lookupService(cluster, parts[2]!) : undefined;
}

function findServiceDeployment(state: SimState, arn: string): ServiceDeploymentRecord | undefined {
  return serviceOfArn(state, arn, "service-deployment")?.serviceDeployments.find((sd) =>
    sd.arn === arn
  );
}

export function listServiceDeployments(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const service = lookupService(cluster, input.requiredString("service"));
  if (!service) fail("ServiceNotFoundException", "Service not found.");
  const statuses = input.enumList("status", STATUSES);
  const createdAt = input.object("createdAt");
  const before = createdAt?.timestamp("before");
  const after = createdAt?.timestamp("after");
  const items = service.serviceDeployments
    .filter((sd) => statuses === undefined || statuses.includes(sd.status))
    .filter((sd) => before === undefined || sd.createdAt <= before)
    .filter((sd) => after === undefined || sd.createdAt >= after)
    .map(serviceDeploymentBriefToWire);
  const { page, nextToken } = paginate(items, input, { max: 100, defaultSize: 20 });
  return nextToken ? { serviceDeployments: page, nextToken } : { serviceDeployments: page };
}

export function describeServiceDeployments(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const arns = input.stringList("serviceDeploymentArns");
  if (arns === undefined || arns.length === 0) {
    fail("InvalidParameterException", "serviceDeploymentArns can not be empty.");
  }
  if (arns.length > 20) {
    fail("InvalidParameterException", "serviceDeploymentArns cannot have more than 20 elements.");
  }
  const serviceDeployments: Wire[] = [];
  const failures: Wire[] = [];
  for (const arn of arns) {
    const sd = findServiceDeployment(state, arn);
    if (sd) serviceDeployments.push(serviceDeploymentToWire(state, sd));
    else failures.push({ arn, reason: "MISSING" });
  }
  return { serviceDeployments, failures };
}

export function stopServiceDeployment(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const arn = input.requiredString("serviceDeploymentArn");
  const stopType = input.enumValue("stopType", ["ABORT", "ROLLBACK"]) ?? "ROLLBACK";
  const sd = findServiceDeployment(state, arn);
  if (!sd) fail("ServiceDeploymentNotFoundException", "The service deployment was not found.");
  // The developer guide (stopping service deployments): a deployment already stopping "continues
  // to stop", one ROLLBACK_REQUESTED or ROLLBACK_IN_PROGRESS "continues the rollback operation".
  if (CONTINUES.includes(sd.status)) return { serviceDeploymentArn: sd.arn };
  const service = sd.service;
  const deployment = sd.deployment;
  if (
    !["PENDING", "IN_PROGRESS"].includes(sd.status) || service.deployments[0] !== deployment ||
    service.status !== "ACTIVE"
  ) {
    fail(
      "ConflictException",
      `The service deployment is ${sd.status} and can not be stopped.`,
    );
  }
  const now = state.now;
  deployment.rolloutState = "FAILED";
  deployment.launching = false;
  deployment.updatedAt = now;
  if (stopType === "ROLLBACK") {
    const target = service.lastCompleted;
    if (!target || target.id === deployment.id) {
      fail("ConflictException", "There is no completed service revision to roll back to.");
    }
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} stopped: rolling back.`;
    addServiceEvent(
      state,
      service,
      `(service ${service.name}) (deployment ${deployment.id}) deployment stopped by request.`,
    );
    if (sd.lifecycle) {
      // Traffic-shifting strategies show the request before the rollback starts.
      sd.status = "ROLLBACK_REQUESTED";
      sd.statusReason = "Service deployment rollback requested by a StopServiceDeployment request.";
      sd.updatedAt = now;
      state.schedule(now + state.timings.lifecycleStageMs, {
        kind: "start-rollback",
        serviceDeployment: sd,
      });
    } else {
      startRollback(state, service, deployment, "StopServiceDeployment request");
    }
  } else {
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} stopped.`;
    sd.status = "STOPPED";
    sd.statusReason = "Service deployment stopped by a StopServiceDeployment request.";
    sd.stoppedAt = now;
    sd.updatedAt = now;
    if (!sd.reported) {
      sd.reported = true;
      state.emitFinished({
        deploymentId: deployment.id,
        serviceDeploymentArn: sd.arn,
        outcome: "FAILED",
        at: now,
      });
    }
    state.markDirty(service);
  }
  return { serviceDeploymentArn: sd.arn };
}

export function describeServiceRevisions(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const arns = input.stringList("serviceRevisionArns");
  if (arns === undefined || arns.length === 0) {
    fail("InvalidParameterException", "serviceRevisionArns can not be empty.");
  }
  if (arns.length > 20) {
    fail("InvalidParameterException", "serviceRevisionArns cannot have more than 20 elements.");
  }
  const serviceRevisions: Wire[] = [];
  const failures: Wire[] = [];
  for (const arn of arns) {
    const revision = serviceOfArn(state, arn, "service-revision")?.revisions.get(arn);
    if (revision) serviceRevisions.push(serviceRevisionToWire(revision));
    else failures.push({ arn, reason: "MISSING" });
  }
  return { serviceRevisions, failures };
}

/**
 * ContinueServiceDeployment: answers a PAUSE hook that is AWAITING_ACTION with CONTINUE (the
 * default) or ROLLBACK. The developer guide: "The pause hook must be in AWAITING_ACTION
 * status" and "The deployment must be in the IN_PROGRESS state"; the error types are the
 * operation's (ClientException, InvalidParameterException, ServiceDeploymentNotFoundException),
 * their wording is ours.
 */
export function continueServiceDeployment(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const arn = input.requiredString("serviceDeploymentArn");
  const hookId = input.requiredString("hookId");
  const action = input.enumValue("action", ["CONTINUE", "ROLLBACK"]) ?? "CONTINUE";
  const sd = findServiceDeployment(state, arn);
  if (!sd) fail("ServiceDeploymentNotFoundException", "The service deployment was not found.");
  if (sd.status !== "IN_PROGRESS") {
    fail(
      "ClientException",
      `The service deployment is ${sd.status}; only an IN_PROGRESS service deployment can be continued.`,
    );
  }
  const hook = sd.lifecycle?.hooks.find((h) => h.hookId === hookId);
  if (!hook) {
    fail("InvalidParameterException", `The lifecycle hook ${hookId} was not found.`);
  }
  if (hook.status !== "AWAITING_ACTION") {
    fail(
      "ClientException",
      `The lifecycle hook ${hookId} is ${hook.status} and is not awaiting action.`,
    );
  }
  sd.updatedAt = state.now;
  if (action === "CONTINUE") {
    hook.status = "SUCCEEDED";
    state.markDirty(sd.service);
  } else {
    hook.status = "FAILED";
    rollBackStrategyDeployment(
      state,
      sd,
      "ContinueServiceDeployment request",
      `Service deployment rolled back because lifecycle hook ${hookId} was answered ROLLBACK.`,
    );
  }
  return { serviceDeploymentArn: sd.arn };
}
