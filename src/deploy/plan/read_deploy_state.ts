import { InvalidRequestError } from "../../errors.ts";
import { EcsApiError, type EcsClient, type TaggedTaskDefinition } from "../../ecs/ecs_client.ts";
import { assertDeployable } from "./assert_deployable.ts";
import { describeExistingService } from "./describe_existing_service.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { DeployState } from "./plan_deploy.ts";
import { findRevision } from "./find_revision.ts";
import { parseRevision } from "./task_definition_name.ts";

/**
 * Reads what a deploy is based on: the service and the revision it actually runs (not the
 * family's latest), or, without a service, the revision `-d` names. Missing resources are
 * invalid requests.
 */
export async function readDeployState(
  ecs: EcsClient,
  request: DeployRequest,
): Promise<DeployState> {
  if (request.service === undefined) {
    const family = request.taskDefinition ?? "";
    return { current: await describeTaskDefinition(ecs, family) };
  }
  const service = await describeExistingService(ecs, request.cluster, request.service, "deploy");
  // Before reading the task definition on its word: a deleted or EXTERNAL service names none.
  assertDeployable(service, "deploy");
  if (request.taskDefinition !== undefined) {
    return { service, current: await describeTaskDefinition(ecs, request.taskDefinition) };
  }
  const running = parseRevision(service.taskDefinition);
  const target = request.revision !== undefined
    ? await findRevision(ecs, {
      running: running ?? { family: "", revision: 0 },
      wanted: request.revision,
      cannot: (named) => `Cannot deploy --revision "${named}" to "${service.serviceName}"`,
    }).then((revision) => revision.taskDefinitionArn)
    : request.targetTaskDefinitionArn;
  const withTarget = target !== undefined ? { targetTaskDefinitionArn: target } : {};
  try {
    return {
      service,
      current: await ecs.describeTaskDefinition(service.taskDefinition),
      ...withTarget,
    };
  } catch (error) {
    if (!(error instanceof EcsApiError && error.type === "ClientException")) throw error;
    if (target !== undefined && running !== undefined) {
      // Deploying a given revision needs only the running one's name, to report what it
      // replaced: the target's content under that name stands for the deleted revision.
      const { taskDefinition, tags } = await describeTaskDefinition(ecs, target);
      return {
        service,
        current: {
          taskDefinition: {
            ...taskDefinition,
            taskDefinitionArn: service.taskDefinition,
            ...running,
          },
          tags,
        },
        ...withTarget,
      };
    }
    const name = running ? `${running.family}:${running.revision}` : service.taskDefinition;
    throw new InvalidRequestError(
      `Cannot deploy "${service.serviceName}": the revision it runs, "${name}", no longer ` +
        `exists (${error.message}); deploy one that exists with: ecs-deploy rollback ` +
        `-c ${request.cluster} -n ${service.serviceName} --to REVISION`,
      { cause: error },
    );
  }
}

async function describeTaskDefinition(
  ecs: EcsClient,
  taskDefinition: string,
): Promise<TaggedTaskDefinition> {
  try {
    return await ecs.describeTaskDefinition(taskDefinition);
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClientException") {
      throw new InvalidRequestError(
        `Cannot read task definition "${taskDefinition}": ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
