/**
 * The image resolver, bounded like the ECS calls of a run (`boundedCall`): no resolution starts
 * after the deadline or a signal, one in flight then is abandoned, and a transient failure (a
 * refused connection, a 5xx, throttling) is tried a few times with back-off. A registry that
 * stays unreachable ends the run well before its deadline, since no ECS change waits on it.
 *
 * @module
 */
import { formatImageReference, type ImageReference } from "../../image/image_reference.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  RegistryAccessError,
  RegistryError,
  type ResolvedImage,
} from "../../registry/image_resolver.ts";
import { boundedCall, type CallBounds } from "./bounded_ecs_client.ts";

/** Attempts at resolving one image, the first included. */
export const RESOLVE_ATTEMPTS = 4;

/** `resolver` within `bounds`. */
export function boundedImageResolver(resolver: ImageResolver, bounds: CallBounds): ImageResolver {
  return {
    resolve(image: ImageReference): Promise<ResolvedImage> {
      return boundedCall(bounds, {
        operation: `resolving "${formatImageReference(image)}"`,
        mutating: false,
        maxAttempts: RESOLVE_ATTEMPTS,
        invoke: (signal) => resolver.resolve(image, signal),
        retryable: (error) => error instanceof RegistryError && error.transient,
        isAnswer: (error) =>
          error instanceof ImageNotFoundError || error instanceof RegistryAccessError ||
          (error instanceof RegistryError && !error.transient),
      });
    },
  };
}
