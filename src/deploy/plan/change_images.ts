/**
 * Applies the image options of a deploy (`-l NAME=IMAGE`, `-i IMAGE`, `--tag TAG`) to the
 * container definitions of a task definition. Pure: returns new definitions and what changed.
 *
 * @module
 */

import type { ContainerDefinition } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import {
  parseImageReference,
  repositoryOf,
  sameImage,
  validateTag,
  withTag,
} from "../../image/image_reference.ts";

/** The image changes a deploy asks for. */
export interface ImageRequest {
  /** `-i IMAGE`: every container whose image has IMAGE's repository gets IMAGE. */
  images: string[];
  /** `-l NAME=IMAGE`: the named container gets IMAGE. */
  containerImages: { container: string; image: string }[];
  /** `--tag TAG`: every container not given an image above gets its own image with TAG. */
  tag?: string | undefined;
}

/** One container's image before and after. */
export interface ImageChange {
  container: string;
  from: string;
  to: string;
  /** The container already ran this image; the new revision makes tasks pull it again. */
  unchanged: boolean;
}

/** The task definition members {@linkcode changeImages} reads. */
export interface ImageTarget {
  family: string;
  revision: number;
  containerDefinitions: ContainerDefinition[];
}

/**
 * Computes the container definitions with the requested images, and the change per container
 * (in container order). `-l` and `-i` set images exactly as the user wrote them; `--tag`
 * retags every other container, keeping the spelling of its repository. The input is never
 * mutated.
 *
 * @throws {InvalidRequestError} for an invalid image or tag, an unknown container, an image
 * that matches no container, two different images for one container, or a tag that applies to
 * no container
 */
export function changeImages(
  taskDefinition: ImageTarget,
  request: ImageRequest,
): { containerDefinitions: ContainerDefinition[]; changes: ImageChange[] } {
  const { family, revision, containerDefinitions: containers } = taskDefinition;
  const fail = (detail: string, cause?: unknown): never => {
    throw new InvalidRequestError(
      `Cannot change images of "${family}:${revision}": ${detail}`,
      cause === undefined ? undefined : { cause },
    );
  };
  const validate = (image: string): string => {
    try {
      return repositoryOf(parseImageReference(image));
    } catch (error) {
      return fail(lowerFirst((error as Error).message), error);
    }
  };

  const planned = new Map<string, string>();
  const plan = (container: string, image: string) => {
    const previous = planned.get(container);
    if (previous !== undefined && !isSameImage(previous, image)) {
      fail(`container "${container}" is given two images, "${previous}" and "${image}"`);
    }
    if (previous === undefined) planned.set(container, image);
  };

  for (const { container, image } of request.containerImages) {
    validate(image);
    if (!containers.some((definition) => definition.name === container)) {
      fail(`container "${container}" not found; ${describeContainers(containers)}`);
    }
    plan(container, image);
  }

  for (const image of request.images) {
    const repository = validate(image);
    const matches = containers.filter((definition) =>
      repositoryOrUndefined(definition.image) === repository
    );
    if (matches.length === 0) {
      fail(`image "${image}" matches no container; ${describeImages(containers)}`);
    }
    for (const definition of matches) plan(definition.name, image);
  }

  if (request.tag !== undefined) {
    const tag = request.tag;
    const others = containers.filter((definition) => !planned.has(definition.name));
    try {
      validateTag(tag);
    } catch (error) {
      fail(lowerFirst((error as Error).message), error);
    }
    if (others.length === 0) {
      fail(`tag "${tag}" applies to no container: every container is given an image`);
    }
    for (const definition of others) {
      try {
        planned.set(definition.name, withTag(definition.image, tag));
      } catch (error) {
        fail(
          `cannot set tag "${tag}" on container "${definition.name}": ` +
            lowerFirst((error as Error).message),
          error,
        );
      }
    }
  }

  const changes: ImageChange[] = [];
  const containerDefinitions = containers.map((definition) => {
    const copy = structuredClone(definition);
    const to = planned.get(definition.name);
    if (to !== undefined) {
      copy.image = to;
      const from = definition.image;
      changes.push({ container: definition.name, from, to, unchanged: isSameImage(from, to) });
    }
    return copy;
  });
  return { containerDefinitions, changes };
}

/**
 * Splits a `-l` argument, `NAME=IMAGE` (or the seed's `NAME|IMAGE`), into container name and
 * image. The image is validated later, by {@linkcode changeImages}.
 *
 * @throws {InvalidRequestError} when the argument has no separator, an empty side, or a
 * container name ECS would not accept
 */
export function parseContainerImage(arg: string): { container: string; image: string } {
  const fail = (why: string): never => {
    throw new InvalidRequestError(
      `Invalid container image ${JSON.stringify(arg)}: ${why}; expected NAME=IMAGE, such as ` +
        `"app=repo/app:1.2"`,
    );
  };
  // Neither container names nor image references contain "=" or "|", so the first one splits.
  const separator = arg.search(/[=|]/);
  if (separator < 0) fail(`no "=" between container name and image`);
  const container = arg.slice(0, separator);
  const image = arg.slice(separator + 1);
  if (container.length === 0) fail("container name is empty");
  if (image.length === 0) fail("image is empty");
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(container)) {
    fail(
      `container name ${JSON.stringify(container)} may contain only letters, digits, "_" and "-"`,
    );
  }
  return { container, image };
}

function repositoryOrUndefined(image: string): string | undefined {
  try {
    return repositoryOf(parseImageReference(image));
  } catch {
    // An image ECS accepted but we cannot parse matches no requested repository.
    return undefined;
  }
}

function isSameImage(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return sameImage(a, b);
  } catch {
    return false;
  }
}

function describeContainers(containers: ContainerDefinition[]): string {
  if (containers.length === 0) return "the task definition has no containers";
  return `containers are ${containers.map((c) => `"${c.name}"`).join(", ")}`;
}

function describeImages(containers: ContainerDefinition[]): string {
  if (containers.length === 0) return "the task definition has no containers";
  return `container images are ${containers.map((c) => `"${c.image}" (${c.name})`).join(", ")}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
