/**
 * `--pin-digests` and `--verify-digests` at plan time: the digest every container image of the
 * revision to deploy stands for (its own digest, or what the registry gives its tag now), and
 * the revision with those digests pinned. A tag the registry does not have is invalid input, so
 * the deploy stops before registering anything: ECS would only fail to pull it.
 *
 * @module
 */
import type { ContainerDefinition, TaskDefinitionInput } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import {
  effectiveTag,
  formatImageReference,
  type ImageReference,
  parseImageReference,
  withDigest,
} from "../../image/image_reference.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  RegistryAccessError,
  RegistryError,
} from "../../registry/image_resolver.ts";

/** The image digest one container of the revision is expected to run. */
export interface ImageDigest {
  container: string;
  /** The image as the revision spells it before pinning: the tag the digest came from. */
  image: string;
  /** `sha256:...`: the registry's for the tag, or the image's own. */
  digest: string;
  /** The image registered with the digest pinned (`repository@sha256:...`); absent unless pinned. */
  pinned?: string;
  /** True when the image already named its digest: nothing was asked of a registry. */
  fromReference?: boolean;
}

/**
 * The digest of every container's image, in container order; each distinct image is resolved
 * once, all at the same time.
 *
 * @throws {InvalidRequestError} for an image that cannot be parsed, a tag or repository the
 * registry does not have, or a registry that refuses us, naming the container and image
 */
export async function resolveDigests(
  containers: Pick<ContainerDefinition, "name" | "image">[],
  resolver: ImageResolver,
  subject: string,
): Promise<ImageDigest[]> {
  const refs = containers.map(({ name, image }) => {
    try {
      return parseImageReference(image);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      throw new InvalidRequestError(
        `Cannot resolve the image digest of container "${name}" of ${subject}: ` +
          lowerFirst((error as Error).message),
        { cause: error },
      );
    }
  });
  const lookups = new Map<string, Promise<string>>();
  const digestOf = (ref: ImageReference) => {
    const key = formatImageReference(ref);
    let lookup = lookups.get(key);
    if (!lookup) {
      lookup = resolver.resolve({ ...ref, tag: effectiveTag(ref)! }).then((r) => r.digest);
      lookups.set(key, lookup);
    }
    return lookup;
  };
  const settled = await Promise.allSettled(
    refs.map((ref) => ref.digest ? Promise.resolve(ref.digest) : digestOf(ref)),
  );
  return containers.map(({ name, image }, i) => {
    const outcome = settled[i]!;
    if (outcome.status === "rejected") throw failure(outcome.reason, name, image, subject);
    return {
      container: name,
      image,
      digest: outcome.value,
      ...(refs[i]!.digest ? { fromReference: true } : {}),
    };
  });
}

/**
 * The revision with each container's image pinned to its digest (`repository@sha256:...`,
 * the image's own spelling of the repository), and the digests saying what was pinned.
 */
export function pinDigests(
  next: TaskDefinitionInput,
  digests: ImageDigest[],
): { next: TaskDefinitionInput; digests: ImageDigest[] } {
  const pinned = digests.map((entry) =>
    entry.fromReference ? entry : { ...entry, pinned: withDigest(entry.image, entry.digest) }
  );
  const byContainer = new Map(pinned.map((entry) => [entry.container, entry]));
  return {
    next: {
      ...next,
      containerDefinitions: next.containerDefinitions.map((definition) => {
        const entry = byContainer.get(definition.name);
        return entry?.pinned ? { ...definition, image: entry.pinned } : definition;
      }),
    },
    digests: pinned,
  };
}

function failure(error: unknown, container: string, image: string, subject: string): unknown {
  if (error instanceof ImageNotFoundError || error instanceof RegistryAccessError) {
    return new InvalidRequestError(
      `Cannot deploy ${subject}: container "${container}" image "${image}": ` +
        lowerFirst(error.message),
      { cause: error },
    );
  }
  if (error instanceof RegistryError) {
    return new Error(
      `Cannot resolve the image of container "${container}" ("${image}"): ${
        lowerFirst(error.message)
      }; nothing was registered`,
      { cause: error },
    );
  }
  return error;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
