/**
 * A simulated Amazon ECR: repositories of one account holding image manifests by digest and
 * tags pointing at them, answering CreateRepository, PutImage, BatchGetImage and DescribeImages
 * with ECR's shapes and errors (`RepositoryNotFoundException`, `ImageNotFoundException`,
 * `failures[]` with `ImageNotFound`). Tags are mutable: PutImage of a tag moves it. The
 * simulated ECS asks it which digest a task's image stands for when the task starts, so a tag
 * moved between registering and starting shows in the task's `imageDigest`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";
import { parseImageReference } from "../image/image_reference.ts";
import { ecrRepositoryOf } from "../image/registry_host.ts";
import type { Wire } from "./sim_records.ts";

interface StoredImage {
  manifest: string;
  mediaType: string;
  pushedAt: number;
}

interface RepositoryRecord {
  name: string;
  createdAt: number;
  images: Map<string, StoredImage>;
  /** Tag to digest. */
  tags: Map<string, string>;
}

const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** The simulated ECR of the simulated ECS's account and region. */
export class SimulatedEcr {
  readonly #clock: Clock;
  readonly #accountId: string;
  readonly #region: string;
  readonly #repositories = new Map<string, RepositoryRecord>();

  constructor(options: { clock: Clock; accountId: string; region: string }) {
    this.#clock = options.clock;
    this.#accountId = options.accountId;
    this.#region = options.region;
  }

  /** The operations `call` understands. */
  static readonly operations = ["CreateRepository", "PutImage", "BatchGetImage", "DescribeImages"];

  /** The image host of this registry: `ACCOUNT.dkr.ecr.REGION.amazonaws.com`. */
  get host(): string {
    return `${this.#accountId}.dkr.ecr.${this.#region}.amazonaws.com`;
  }

  /** Runs an ECR operation on decoded wire JSON; rejects with `EcsApiError` as ECR would. */
  call(operation: string, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    try {
      return Promise.resolve(this.callSync(operation, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  callSync(operation: string, input: Wire = {}): Wire {
    switch (operation) {
      case "CreateRepository":
        return this.#createRepository(input);
      case "PutImage":
        return this.#putImage(input);
      case "BatchGetImage":
        return this.#batchGetImage(input);
      case "DescribeImages":
        return this.#describeImages(input);
    }
    throw new EcsApiError(
      "UnknownOperationException",
      `Operation ${operation} is not supported by the simulated ECR`,
    );
  }

  /**
   * The digest a task's image stands for now: its own digest, or its tag's in this registry.
   * Undefined for images of other registries and tags this registry does not have.
   */
  digestOf(image: string): string | undefined {
    let ref;
    try {
      ref = parseImageReference(image);
    } catch {
      return undefined;
    }
    if (ref.digest) return ref.digest;
    const repo = ecrRepositoryOf(ref);
    if (!repo || repo.registryId !== this.#accountId) return undefined;
    return this.#repositories.get(repo.repositoryName)?.tags.get(ref.tag ?? "latest");
  }

  #createRepository(input: Wire): Wire {
    const name = this.#repositoryName(input);
    if (this.#repositories.has(name)) {
      throw new EcsApiError(
        "RepositoryAlreadyExistsException",
        `The repository with name '${name}' already exists in the registry with id ` +
          `'${this.#accountId}'`,
      );
    }
    const record = { name, createdAt: this.#clock.now(), images: new Map(), tags: new Map() };
    this.#repositories.set(name, record);
    return { repository: this.#repositoryWire(record) };
  }

  #putImage(input: Wire): Wire {
    const repo = this.#repository(input);
    const manifest = input.imageManifest;
    if (typeof manifest !== "string" || manifest.length === 0) {
      throw invalid("imageManifest", "must be a non-empty string");
    }
    let parsed: Wire;
    try {
      parsed = JSON.parse(manifest);
    } catch {
      throw invalid("imageManifest", "is not valid JSON");
    }
    const digest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
    if (input.imageDigest !== undefined && input.imageDigest !== digest) {
      throw new EcsApiError(
        "ImageDigestDoesNotMatchException",
        `Provided digest ${input.imageDigest} does not match the digest of the manifest ${digest}`,
      );
    }
    const tag = input.imageTag;
    if (tag !== undefined && (typeof tag !== "string" || !TAG_RE.test(tag))) {
      throw invalid("imageTag", "is not a valid tag");
    }
    const mediaType = typeof input.imageManifestMediaType === "string"
      ? input.imageManifestMediaType
      : typeof parsed.mediaType === "string"
      ? parsed.mediaType
      : "application/vnd.docker.distribution.manifest.v2+json";
    const existing = repo.images.get(digest);
    if (existing && (tag === undefined || repo.tags.get(tag) === digest)) {
      throw new EcsApiError(
        "ImageAlreadyExistsException",
        `Image with digest '${digest}'${tag ? ` and tag '${tag}'` : ""} already exists in the ` +
          `repository with name '${repo.name}' in registry with id '${this.#accountId}'`,
      );
    }
    if (!existing) repo.images.set(digest, { manifest, mediaType, pushedAt: this.#clock.now() });
    if (tag !== undefined) repo.tags.set(tag, digest);
    return {
      image: {
        registryId: this.#accountId,
        repositoryName: repo.name,
        imageId: { imageDigest: digest, ...(tag !== undefined ? { imageTag: tag } : {}) },
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
      },
    };
  }

  #batchGetImage(input: Wire): Wire {
    const repo = this.#repository(input);
    const ids = this.#imageIds(input, true);
    const images: Wire[] = [];
    const failures: Wire[] = [];
    for (const id of ids) {
      const found = this.#find(repo, id);
      if ("failureCode" in found) failures.push({ imageId: id, ...found });
      else {
        const stored = repo.images.get(found.digest)!;
        images.push({
          registryId: this.#accountId,
          repositoryName: repo.name,
          imageId: { imageDigest: found.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
          imageManifest: stored.manifest,
          imageManifestMediaType: stored.mediaType,
        });
      }
    }
    return { images, failures };
  }

  #describeImages(input: Wire): Wire {
    const repo = this.#repository(input);
    const ids = this.#imageIds(input, false);
    const digests = ids.length === 0 ? [...repo.images.keys()] : ids.map((id) => {
      const found = this.#find(repo, id);
      if ("failureCode" in found) {
        throw new EcsApiError(
          "ImageNotFoundException",
          `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${
            id.imageTag ?? "null"
          }'} does not exist within the repository with name '${repo.name}' in the registry ` +
            `with id '${this.#accountId}'`,
        );
      }
      return found.digest;
    });
    return {
      imageDetails: [...new Set(digests)].map((digest) => {
        const stored = repo.images.get(digest)!;
        const tags = [...repo.tags].filter(([, d]) => d === digest).map(([tag]) => tag);
        return {
          registryId: this.#accountId,
          repositoryName: repo.name,
          imageDigest: digest,
          ...(tags.length > 0 ? { imageTags: tags } : {}),
          imageSizeInBytes: stored.manifest.length,
          imagePushedAt: new Date(stored.pushedAt),
          imageManifestMediaType: stored.mediaType,
        };
      }),
    };
  }

  #find(
    repo: RepositoryRecord,
    id: { imageTag?: string; imageDigest?: string },
  ): { digest: string } | { failureCode: string; failureReason: string } {
    if (id.imageTag === undefined && id.imageDigest === undefined) {
      return { failureCode: "MissingDigestAndTag", failureReason: "Missing digest and tag" };
    }
    if (id.imageDigest !== undefined && !DIGEST_RE.test(id.imageDigest)) {
      return { failureCode: "InvalidImageDigest", failureReason: "Invalid request parameters" };
    }
    const byTag = id.imageTag === undefined ? undefined : repo.tags.get(id.imageTag);
    if (id.imageTag !== undefined && byTag === undefined) {
      return { failureCode: "ImageNotFound", failureReason: "Requested image not found" };
    }
    if (id.imageDigest !== undefined) {
      if (!repo.images.has(id.imageDigest)) {
        return { failureCode: "ImageNotFound", failureReason: "Requested image not found" };
      }
      if (byTag !== undefined && byTag !== id.imageDigest) {
        return {
          failureCode: "ImageTagDoesNotMatchDigest",
          failureReason: "Image tag does not match digest",
        };
      }
      return { digest: id.imageDigest };
    }
    return { digest: byTag! };
  }

  #imageIds(input: Wire, required: boolean): { imageTag?: string; imageDigest?: string }[] {
    const ids = input.imageIds;
    if (ids === undefined && !required) return [];
    if (!Array.isArray(ids) || (required && ids.length === 0)) {
      throw invalid("imageIds", "must be a list of 1 to 100 image ids");
    }
    return ids as { imageTag?: string; imageDigest?: string }[];
  }

  #repositoryName(input: Wire): string {
    const name = input.repositoryName;
    if (
      typeof name !== "string" ||
      !/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name)
    ) {
      throw invalid("repositoryName", "must be a repository name such as 'team/app'");
    }
    return name;
  }

  #repository(input: Wire): RepositoryRecord {
    const name = this.#repositoryName(input);
    const registryId = input.registryId ?? this.#accountId;
    const repo = registryId === this.#accountId ? this.#repositories.get(name) : undefined;
    if (!repo) {
      throw new EcsApiError(
        "RepositoryNotFoundException",
        `The repository with name '${name}' does not exist in the registry with id ` +
          `'${registryId}'`,
      );
    }
    return repo;
  }

  #repositoryWire(repo: RepositoryRecord): Wire {
    return {
      repositoryArn: `arn:aws:ecr:${this.#region}:${this.#accountId}:repository/${repo.name}`,
      registryId: this.#accountId,
      repositoryName: repo.name,
      repositoryUri: `${this.host}/${repo.name}`,
      createdAt: new Date(repo.createdAt),
      imageTagMutability: "MUTABLE",
    };
  }
}

function invalid(member: string, why: string): EcsApiError {
  return new EcsApiError("InvalidParameterException", `Invalid parameter ${member}: ${why}`);
}
