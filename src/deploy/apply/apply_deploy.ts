import { InvalidRequestError } from "../../errors.ts";
import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type { Deployment, Service } from "../../ecs/types.ts";
import { CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { EventSink } from "../deploy_events.ts";
import type { Clock } from "../../clock.ts";
import { mayHaveApplied, unlessUnavailable } from "../calls/call_errors.ts";
import { registerRevision } from "./register_revision.ts";
import { describeError } from "../describe_error.ts";
import { findServiceDeploymentArn } from "../watch/find_service_deployment.ts";
import type { DeployPlan } from "../plan/plan_deploy.ts";

/** What applying a plan changed, and how to recognise our deployment afterwards. */
export interface AppliedDeploy {
  taskDefinitionArn: string;
  previousTaskDefinitionArn: string;
  /** True when a signal arrived after registering: the service was left untouched. */
  interrupted?: boolean;
  /** True when `beforeUpdate` said no: the service was left untouched. */
  heldBack?: boolean;
  /** Present when a service was updated. */
  deployment?: {
    id: string;
    serviceDeploymentArn?: string;
    /** Events the service already had, which are not news. */
    seenEventIds: Set<string>;
  };
}

/** What applying needs besides the plan. */
export interface ApplyDeps {
  ecs: EcsClient;
  clock: Clock;
  emit: EventSink;
  signal?: AbortSignal | undefined;
  /** Starts the deployment where UpdateService does not (CodeDeploy), prepared by the strategy. */
  launch?: {
    start(taskDefinitionArn: string): Promise<string>;
    /** Such as `CodeDeploy application "api-app", deployment group "api-group"`. */
    via: string;
    /** The service's events when planned, which are not news. */
    seenEventIds: Set<string>;
  };
  /**
   * Runs after the revision is registered and before the service is touched (`--run-before`):
   * false leaves the service as it is.
   */
  beforeUpdate?: (taskDefinitionArn: string) => Promise<boolean>;
}

/**
 * Carries out a plan: registers the next revision, then points the service at exactly that
 * revision's ARN. The only code of a deploy that changes anything in ECS. Where an answer is
 * lost, what ECS did is read back before anything else happens: a revision registered all the
 * same is used, not registered twice; an update that took effect is followed, and a revision
 * is deregistered only when the service does not run it.
 */
export async function applyDeploy(plan: DeployPlan, deps: ApplyDeps): Promise<AppliedDeploy> {
  const { ecs, emit, signal } = deps;
  const previousTaskDefinitionArn = plan.current.taskDefinition.taskDefinitionArn;
  let taskDefinitionArn = plan.targetTaskDefinitionArn ?? previousTaskDefinitionArn;
  let registered = false;
  if (plan.nextTaskDefinition) {
    const revision = await registerRevision(ecs, plan.nextTaskDefinition);
    taskDefinitionArn = revision.taskDefinition.taskDefinitionArn;
    registered = true;
    emit({
      type: "registered",
      taskDefinitionArn,
      ...(revision.foundAfterLostAnswer ? { foundAfterLostAnswer: true } : {}),
    });
  }
  if (!plan.serviceUpdate && !deps.launch) return { taskDefinitionArn, previousTaskDefinitionArn };
  if (signal?.aborted) {
    // Nothing half-written: the service stays as it was; the registered revision is named.
    emit({ type: "interrupted", registeredTaskDefinitionArn: taskDefinitionArn });
    return { taskDefinitionArn, previousTaskDefinitionArn, interrupted: true };
  }

  if (deps.beforeUpdate && !await deps.beforeUpdate(taskDefinitionArn)) {
    return { taskDefinitionArn, previousTaskDefinitionArn, heldBack: true };
  }
  if (deps.launch) {
    const id = await deps.launch.start(taskDefinitionArn);
    emit({ type: "service_updated", taskDefinitionArn, deploymentId: id, via: deps.launch.via });
    return {
      taskDefinitionArn,
      previousTaskDefinitionArn,
      deployment: { id, seenEventIds: deps.launch.seenEventIds },
    };
  }
  const { service, foundAfterLostAnswer } = await updateService(
    plan,
    taskDefinitionArn,
    registered,
    deps,
  );
  const ours = ourDeployment(service, taskDefinitionArn);
  const serviceDeploymentArn = await serviceDeploymentArnOf(ecs, service, ours);
  emit({
    type: "service_updated",
    taskDefinitionArn,
    deploymentId: ours.id,
    ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}),
    ...(foundAfterLostAnswer ? { foundAfterLostAnswer } : {}),
  });
  return {
    taskDefinitionArn,
    previousTaskDefinitionArn,
    deployment: {
      id: ours.id,
      ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}),
      seenEventIds: new Set(service.events.map((event) => event.id)),
    },
  };
}

/** How often, and how far apart, the service is read after UpdateService lost its answer. */
const READS_AFTER_LOST_UPDATE = 3;
const READ_INTERVAL_MS = 1_000;
/** Attempts at UpdateService, the lost ones included. */
const UPDATE_ATTEMPTS = 2;

/**
 * Points the service at the revision. When an answer is lost, the service is read: an update
 * that took effect is followed; one that did not is sent again (the same request, so harmless
 * should the first still take effect). A revision is deregistered only after a rejection, when
 * nothing can run it; after lost answers it is left registered and named.
 */
async function updateService(
  plan: DeployPlan,
  taskDefinitionArn: string,
  registered: boolean,
  deps: ApplyDeps,
): Promise<{ service: Service; foundAfterLostAnswer: boolean }> {
  const update = { ...plan.serviceUpdate!, taskDefinition: taskDefinitionArn };
  for (let attempt = 1;; attempt++) {
    try {
      return { service: await deps.ecs.updateService(update), foundAfterLostAnswer: false };
    } catch (error) {
      // Past the deadline or after a signal nothing more is changed; the result names the revision.
      if (error instanceof CallStoppedError) throw error;
      if (!mayHaveApplied(error)) {
        if (registered) await deregisterOrphan(deps.ecs, taskDefinitionArn, error);
        throw failedUpdate(plan, error);
      }
      const updated = await updatedAfterAll(plan, taskDefinitionArn, deps, error);
      if (updated) return { service: updated, foundAfterLostAnswer: true };
      if (attempt >= UPDATE_ATTEMPTS) {
        throw new Error(
          `UpdateService of "${update.service}" failed (${describeError(error)}) and the ` +
            `service does not show ${taskDefinitionArn}; it stays registered, since the update ` +
            `may still take effect: check with: ecs-deploy status -c ${plan.cluster} -n ` +
            update.service,
          { cause: error },
        );
      }
    }
  }
}

/**
 * The service, when an UpdateService whose answer was lost took effect after all: it has a
 * PRIMARY deployment of our revision that was not there before. Read a few times, since ECS
 * may still show the service as it was. Undefined when it did not take effect. A read the
 * deadline or a signal stops leaves the update in doubt, which the error says.
 */
async function updatedAfterAll(
  plan: DeployPlan,
  taskDefinitionArn: string,
  deps: ApplyDeps,
  lost: unknown,
): Promise<Service | undefined> {
  const before = new Set(plan.deploymentIdsBefore ?? []);
  for (let read = 1; read <= READS_AFTER_LOST_UPDATE; read++) {
    let service;
    try {
      service = await deps.ecs.describeService(plan.cluster, plan.service!);
    } catch (error) {
      if (!(error instanceof CallStoppedError)) throw error;
      throw new CallStoppedError(
        error.outcome,
        "UpdateService",
        true,
        `UpdateService lost its answer (${describeError(lost)}) and ${error.message}`,
        { cause: error },
      );
    }
    const ours = service?.deployments.some((d) =>
      d.status === "PRIMARY" && d.taskDefinition === taskDefinitionArn && !before.has(d.id)
    );
    if (service && ours) return service;
    if (read < READS_AFTER_LOST_UPDATE) {
      // On a signal, the next read reports it (as an UpdateService in doubt).
      await deps.clock.sleep(READ_INTERVAL_MS, deps.signal).catch(() => {});
    }
  }
  return undefined;
}

/** The error a failed UpdateService ends the deploy with: a rejection is invalid input. */
function failedUpdate(plan: DeployPlan, error: unknown): unknown {
  if (error instanceof EcsApiError && isRejection(error)) {
    return new InvalidRequestError(
      `Cannot update service "${plan.serviceUpdate!.service}": ${error.message}`,
      { cause: error },
    );
  }
  return error;
}

function isRejection(error: EcsApiError): boolean {
  return ["ClientException", "InvalidParameterException", "ServiceNotActiveException"]
    .includes(error.type);
}

/** The PRIMARY deployment of our revision that UpdateService answered with. */
function ourDeployment(service: Service, taskDefinitionArn: string): Deployment {
  const candidates = service.deployments
    .filter((d) => d.status === "PRIMARY" && d.taskDefinition === taskDefinitionArn)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const ours = candidates[0];
  if (!ours) {
    throw new Error(
      `UpdateService answered without a PRIMARY deployment of "${taskDefinitionArn}"`,
    );
  }
  return ours;
}

/**
 * The ServiceDeployment ARN of our deployment, where the service supports the deployment APIs:
 * UpdateService names it as the current one; otherwise it is looked up.
 */
async function serviceDeploymentArnOf(
  ecs: EcsClient,
  service: Service,
  ours: Deployment,
): Promise<string | undefined> {
  if (service.currentServiceDeployment) return service.currentServiceDeployment;
  // Where the deployment APIs are not available, DescribeServices alone judges the deployment.
  return await unlessUnavailable(
    findServiceDeploymentArn(ecs, service.clusterArn, service.serviceName, ours),
  );
}

async function deregisterOrphan(ecs: EcsClient, arn: string, cause: unknown): Promise<void> {
  try {
    await ecs.deregisterTaskDefinition(arn);
  } catch (error) {
    throw new Error(
      `UpdateService failed (${cause}) and the revision it registered, "${arn}", could not be ` +
        `deregistered: ${error}`,
      { cause },
    );
  }
}
