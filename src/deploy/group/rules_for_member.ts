/**
 * Which image rules of a group deploy apply to one service: `-i IMAGE` to a service with a
 * container of IMAGE's repository, `-l NAME=IMAGE` to one with a container NAME. One run can
 * then release api and worker from their own images (`-i repo/api:7 -i repo/worker:7`). A rule
 * still has to change something: in the group, every rule must apply to some service, and every
 * service must get some change (see `plan_group.ts`).
 *
 * @module
 */
import type { ContainerDefinition } from "../../ecs/types.ts";
import { sameRepository } from "../../image/image_reference.ts";
import type { DeployRequest } from "../deploy_request.ts";
import { hasEdits } from "../plan/edits/edit_request.ts";

/** The rules of `request` that apply to a task definition with these containers. */
export function rulesForMember(
  request: DeployRequest,
  containers: ContainerDefinition[],
): DeployRequest {
  return {
    ...request,
    images: request.images.filter((image) => appliesImage(image, containers)),
    containerImages: request.containerImages.filter((rule) =>
      containers.some((c) => c.name === rule.container)
    ),
  };
}

/** Whether `-i image` sets a container here; an unreadable image counts, so it is reported. */
export function appliesImage(image: string, containers: ContainerDefinition[]): boolean {
  return containers.some((container) => {
    try {
      return sameRepository(container.image, image);
    } catch {
      return false;
    }
  });
}

/**
 * Whether a request changes anything but `-i` and `-l` images: a tag, an edit, a new deployment,
 * counts, percentages.
 */
export function changesBesidesImages(request: DeployRequest): boolean {
  return request.tag !== undefined || hasEdits(request.edits) || request.forceNewDeployment ||
    request.desiredCount !== undefined || request.minimumHealthyPercent !== undefined ||
    request.maximumPercent !== undefined;
}
