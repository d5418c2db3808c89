import { InvalidRequestError } from "../errors.ts";
import { EcsApiError, type EcsClient, type TaggedTaskDefinition } from "../ecs/ecs_client.ts";
import { assertDeployable } from "./assert_deployable.ts";
import { describeExistingService } from "./describe_existing_service.ts";
import type { DeployRequest } from "./deploy_request.ts";
import type { DeployState } from "./plan_deploy.ts";

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
  const base = request.taskDefinition ?? service.taskDefinition;
  return { service, current: await describeTaskDefinition(ecs, base) };
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
