/**
 * One {@linkcode ImageResolver} for every image: ECR repositories through the ECR API (an
 * adapter made on first use, so a deploy without ECR images never loads its SDK), every other
 * registry through the OCI distribution API.
 *
 * @module
 */
import type { ImageReference } from "../image/image_reference.ts";
import { ecrRepositoryOf } from "../image/registry_host.ts";
import type { ImageResolver, ResolvedImage } from "./image_resolver.ts";

/** Sends each image to the resolver for its kind of registry. */
export class RoutingImageResolver implements ImageResolver {
  readonly #ecr: () => ImageResolver | Promise<ImageResolver>;
  readonly #registry: ImageResolver;
  #ecrResolver: Promise<ImageResolver> | undefined;

  constructor(options: {
    ecr: () => ImageResolver | Promise<ImageResolver>;
    registry: ImageResolver;
  }) {
    this.#ecr = options.ecr;
    this.#registry = options.registry;
  }

  async resolve(image: ImageReference, signal?: AbortSignal): Promise<ResolvedImage> {
    if (!ecrRepositoryOf(image)) return await this.#registry.resolve(image, signal);
    this.#ecrResolver ??= Promise.resolve(this.#ecr());
    return await (await this.#ecrResolver).resolve(image, signal);
  }
}
