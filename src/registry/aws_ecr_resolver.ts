/**
 * {@linkcode ImageResolver} for Amazon ECR repositories on the AWS SDK: `BatchGetImage` of the
 * tag, asking for the same manifest and index media types as the registry API (so a multi-arch
 * image keeps its index digest). This is the only module that imports `@aws-sdk/client-ecr`;
 * the composition root loads it lazily, on the first ECR image. The region is the image host's;
 * endpoint, profile and credentials are those of ECS (`AwsEcsClientOptions`).
 *
 * @module
 */
import {
  BatchGetImageCommand,
  ECRClient,
  type ECRClientConfig,
} from "npm:@aws-sdk/client-ecr@3.1164.0";
import type { AwsEcsClientOptions } from "../ecs/aws_ecs_client_options.ts";
import { isServiceException, transportCode } from "../ecs/aws_sdk_mapping.ts";
import { formatImageReference, type ImageReference } from "../image/image_reference.ts";
import { ecrRepositoryOf } from "../image/registry_host.ts";
import { resolvedFromBatchGetImage, resolverErrorOfEcr } from "./ecr_answers.ts";
import { type ImageResolver, RegistryError, type ResolvedImage } from "./image_resolver.ts";
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
    const started = performance.now();
    try {
      const output = await this.#client(repository.region).send(
        new BatchGetImageCommand({
          registryId: repository.registryId,
          repositoryName: repository.repositoryName,
          imageIds: [image.tag ? { imageTag: image.tag } : { imageDigest: image.digest! }],
          acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
        }),
        signal ? { abortSignal: signal } : {},
      );
      this.#log(`ECR BatchGetImage ok ${Math.round(performance.now() - started)}ms`);
      return resolvedFromBatchGetImage(output, name);
    } catch (error) {
      this.#log(`ECR BatchGetImage failed ${Math.round(performance.now() - started)}ms`);
      if (signal?.aborted) throw signal.reason ?? error;
      if (isServiceException(error)) {
        throw resolverErrorOfEcr(
          error.name,
          error.message,
          error.$metadata?.httpStatusCode ?? (error.$fault === "server" ? 500 : 400),
          name,
        );
      }
      if (!(error instanceof Error) || error.name.endsWith("NotFoundError")) throw error;
      const code = transportCode(error);
      const transient = code !== undefined || error.name === "TimeoutError" ||
        error instanceof SyntaxError;
      throw new RegistryError(
        `Cannot reach ECR for "${name}"${code ? ` (${code})` : ""}: ${error.message}`,
        { transient, cause: error },
      );
    }
  }

  /** Releases the SDK's connection pools. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
  }

  #client(region: string): ECRClient {
    const existing = this.#clients.get(region);
    if (existing) return existing;
    const options = this.#options;
    const config: ECRClientConfig = {
      region,
      maxAttempts: 3,
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        throwOnRequestTimeout: true,
      },
    };
    if (options.profile !== undefined) config.profile = options.profile;
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.credentials !== undefined) config.credentials = { ...options.credentials };
    const client = new ECRClient(config);
    this.#clients.set(region, client);
    return client;
  }

  #log(line: string): void {
    this.#options.logger?.(line);
  }
}
