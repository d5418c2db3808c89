import { InvalidRequestError } from "../errors.ts";
import { EcsApiError, type EcsClient } from "../ecs/ecs_client.ts";
import type { Deployment, Service } from "../ecs/types.ts";
import { CallStoppedError } from "./bounded_ecs_client.ts";
import type { EventSink } from "./deploy_events.ts";
import { findServiceDeploymentArn } from "./find_service_deployment.ts";
import type { DeployPlan } from "./plan_deploy.ts";

/** What applying a plan changed, and how to recognise our deployment afterwards. */
export interface AppliedDeploy {
  taskDefinitionArn: string;
  previousTaskDefinitionArn: string;
  /** True when a signal arrived after registering: the service was left untouched. */
  interrupted?: boolean;
  /** Present when a service was updated. */
  deployment?: {
    id: string;
    serviceDeploymentArn?: string;
    /** Events the service already had, which are not news. */
    seenEventIds: Set<string>;
  };
}

/**
 * Carries out a plan: registers the next revision, then points the service at exactly that
 * revision's ARN. The only code of a deploy that changes anything in ECS.
 */
export async function applyDeploy(
  ecs: EcsClient,
  plan: DeployPlan,
  emit: EventSink,
  signal?: AbortSignal,
): Promise<AppliedDeploy> {
  const previousTaskDefinitionArn = plan.current.taskDefinition.taskDefinitionArn;
  let taskDefinitionArn = plan.targetTaskDefinitionArn ?? previousTaskDefinitionArn;
  let registered = false;
  if (plan.nextTaskDefinition) {
    const { taskDefinition } = await ecs.registerTaskDefinition(plan.nextTaskDefinition);
    taskDefinitionArn = taskDefinition.taskDefinitionArn;
    registered = true;
    emit({ type: "registered", taskDefinitionArn });
  }
  if (!plan.serviceUpdate) return { taskDefinitionArn, previousTaskDefinitionArn };
  if (signal?.aborted) {
    // Nothing half-written: the service stays as it was; the registered revision is named.
    emit({ type: "interrupted", registeredTaskDefinitionArn: taskDefinitionArn });
    return { taskDefinitionArn, previousTaskDefinitionArn, interrupted: true };
  }

  let service: Service;
  try {
    service = await ecs.updateService({ ...plan.serviceUpdate, taskDefinition: taskDefinitionArn });
  } catch (error) {
    // Past the deadline or after a signal nothing more is changed; the result names the revision.
    if (error instanceof CallStoppedError) throw error;
    if (registered) await deregisterOrphan(ecs, taskDefinitionArn, error);
    if (error instanceof EcsApiError && isRejection(error)) {
      throw new InvalidRequestError(
        `Cannot update service "${plan.serviceUpdate.service}": ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }

  const ours = ourDeployment(service, taskDefinitionArn);
  const serviceDeploymentArn = await serviceDeploymentArnOf(ecs, service, ours);
  emit({
    type: "service_updated",
    taskDefinitionArn,
    deploymentId: ours.id,
    ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}),
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
  try {
    return await findServiceDeploymentArn(ecs, service.clusterArn, service.serviceName, ours);
  } catch {
    return undefined; // Not supported here; DescribeServices alone judges the deployment.
  }
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
