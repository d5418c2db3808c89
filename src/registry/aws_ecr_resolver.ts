/**
 * {@linkcode ImageResolver} for Amazon ECR repositories on the AWS SDK: `BatchGetImage` of the
 * tag, asking for the same manifest and index media types as the registry API (so a multi-arch
 * image keeps its index digest), or `DescribeImages` of the tag where a policy denies
 * BatchGetImage (which is also the pull permission) but allows describing images. This is the
 * only module that imports `@aws-sdk/client-ecr`; the composition root loads it lazily, on the
 * first ECR image. The region is the image host's; endpoint, profile and credentials are those
 * of ECS (`AwsEcsClientOptions`).
 *
 * @module
 */
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  type ECRClientConfig,
} from "npm:@aws-sdk/client-ecr@3.1164.0";
import type { AwsEcsClientOptions } from "../ecs/aws_ecs_client_options.ts";
import { sdkReach, sdkRequestHandler } from "../ecs/aws_sdk_client_config.ts";
import { isServiceException, transportCode } from "../ecs/aws_sdk_mapping.ts";
import { formatImageReference, type ImageReference } from "../image/image_reference.ts";
import { type EcrRepository, ecrRepositoryOf } from "../image/registry_host.ts";
import { resolvedFromBatchGetImage, resolverErrorOfEcr } from "./ecr_answers.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  RegistryAccessError,
  RegistryError,
  type ResolvedImage,
} from "./image_resolver.ts";
import { MANIFEST_MEDIA_TYPES } from "./oci_registry_resolver.ts";

/** How to reach ECR: as ECS, without the region, which each image's host names. */
export type AwsEcrResolverOptions = Omit<AwsEcsClientOptions, "region">;

/** Resolves ECR image tags with BatchGetImage, one SDK client per region. */
export class AwsEcrResolver implements ImageResolver {
  readonly #options: AwsEcrResolverOptions;
  readonly #clients = new Map<string, ECRClient>();

  constructor(options: AwsEcrResolverOptions = {}) {
    this.#options = options;
  }

  async resolve(image: ImageReference, signal?: AbortSignal): Promise<ResolvedImage> {
    const repository = ecrRepositoryOf(image);
    const name = formatImageReference(image);
    if (!repository) {
      throw new RegistryError(`"${name}" is not in an Amazon ECR registry`, { transient: false });
    }
    try {
      return await this.#batchGetImage(repository, image, name, signal);
    } catch (error) {
      if (!(error instanceof RegistryAccessError) || !image.tag) throw error;
      // Describing is a permission of its own: a policy may allow it where it denies pulling.
      try {
        return await this.#describeImage(repository, image.tag, name, signal);
      } catch (second) {
        throw second instanceof RegistryAccessError ? error : second;
      }
    }
  }

  /** Releases the SDK's connection pools. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
  }

  async #batchGetImage(
    repository: EcrRepository,
    image: ImageReference,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<ResolvedImage> {
    const output = await this.#send(
      "BatchGetImage",
      repository,
      name,
      signal,
      (client, options) =>
        client.send(
          new BatchGetImageCommand({
            registryId: repository.registryId,
            repositoryName: repository.repositoryName,
            imageIds: [image.tag ? { imageTag: image.tag } : { imageDigest: image.digest! }],
            acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
          }),
          options,
        ),
    );
    return resolvedFromBatchGetImage(output, name);
  }

  async #describeImage(
    repository: EcrRepository,
    tag: string,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<ResolvedImage> {
    const output = await this.#send(
      "DescribeImages",
      repository,
      name,
      signal,
      (client, options) =>
        client.send(
          new DescribeImagesCommand({
            registryId: repository.registryId,
            repositoryName: repository.repositoryName,
            imageIds: [{ imageTag: tag }],
          }),
          options,
        ),
    );
    const detail = output.imageDetails?.[0];
    if (!detail?.imageDigest) {
      throw new ImageNotFoundError(`image not found: ECR describes no "${name}"`);
    }
    return {
      digest: detail.imageDigest,
      ...(detail.imageManifestMediaType ? { mediaType: detail.imageManifestMediaType } : {}),
    };
  }

  /** Sends one command; its failure becomes a resolver error. */
  async #send<Output>(
    operation: string,
    repository: EcrRepository,
    name: string,
    signal: AbortSignal | undefined,
    call: (client: ECRClient, options: { abortSignal?: AbortSignal }) => Promise<Output>,
  ): Promise<Output> {
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)}ms`;
    try {
      const output = await call(
        this.#client(repository.region),
        signal ? { abortSignal: signal } : {},
      );
      this.#log(`ECR ${operation} ok ${took()}`);
      return output;
    } catch (error) {
      this.#log(`ECR ${operation} failed ${took()}`);
      if (signal?.aborted) throw signal.reason ?? error;
      if (isServiceException(error)) {
        throw resolverErrorOfEcr(
          error.name,
          error.message,
          error.$metadata?.httpStatusCode ?? (error.$fault === "server" ? 500 : 400),
          name,
        );
      }
      if (!(error instanceof Error)) throw error;
      const code = transportCode(error);
      const transient = code !== undefined || error.name === "TimeoutError" ||
        error instanceof SyntaxError;
      throw new RegistryError(
        `Cannot reach ECR for "${name}"${code ? ` (${code})` : ""}: ${error.message}`,
        { transient, cause: error },
      );
    }
  }

  #client(region: string): ECRClient {
    const existing = this.#clients.get(region);
    if (existing) return existing;
    const options = this.#options;
    const config: ECRClientConfig = {
      ...sdkReach(options),
      region,
      maxAttempts: 3,
      requestHandler: sdkRequestHandler(options),
    };
    const client = new ECRClient(config);
    this.#clients.set(region, client);
    return client;
  }

  #log(line: string): void {
    this.#options.logger?.(line);
  }
}
