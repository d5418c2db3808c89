import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type { Service } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";

/**
 * The service, or an {@linkcode InvalidRequestError} naming what is missing: the cluster or
 * the service. `action` completes the message: `Cannot ${action} "api": ...`.
 */
export async function describeExistingService(
  ecs: EcsClient,
  cluster: string,
  name: string,
  action: string,
): Promise<Service> {
  let service: Service | undefined;
  try {
    service = await ecs.describeService(cluster, name);
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClusterNotFoundException") {
      throw new InvalidRequestError(`Cannot ${action} "${name}": cluster "${cluster}" not found`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!service) {
    throw new InvalidRequestError(
      `Cannot ${action} "${name}": service not found in cluster "${cluster}"`,
    );
  }
  return service;
}
