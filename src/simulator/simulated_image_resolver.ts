/**
 * {@linkcode ImageResolver} on the simulated ECR, for the engine on a fake clock: BatchGetImage
 * answers read exactly as the AWS adapter reads them. Images of other registries are not known.
 *
 * @module
 */
import { EcsApiError } from "../ecs/ecs_client.ts";
import { formatImageReference, type ImageReference } from "../image/image_reference.ts";
import { ecrRepositoryOf } from "../image/registry_host.ts";
import { resolvedFromBatchGetImage, resolverErrorOfEcr } from "../registry/ecr_answers.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  type ResolvedImage,
} from "../registry/image_resolver.ts";
import type { SimulatedEcr } from "./simulated_ecr.ts";

/** Resolves ECR images through a {@linkcode SimulatedEcr}. */
export class SimulatedImageResolver implements ImageResolver {
  readonly #ecr: SimulatedEcr;

  constructor(ecr: SimulatedEcr) {
    this.#ecr = ecr;
  }

  async resolve(image: ImageReference): Promise<ResolvedImage> {
    const name = formatImageReference(image);
    const repository = ecrRepositoryOf(image);
    if (!repository) throw new ImageNotFoundError(`image not found: no registry has "${name}"`);
    try {
      const answer = await this.#ecr.call("BatchGetImage", {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        imageIds: [image.tag ? { imageTag: image.tag } : { imageDigest: image.digest }],
      });
      return resolvedFromBatchGetImage(answer, name);
    } catch (error) {
      if (!(error instanceof EcsApiError)) throw error;
      throw resolverErrorOfEcr(error.type, error.message, error.status, name);
    }
  }
}
