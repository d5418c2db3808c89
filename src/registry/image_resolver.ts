/**
 * The port through which a deploy learns which image a tag stands for: the digest the registry
 * gives `repository:tag` now. Adapters: Amazon ECR through its API (`aws_ecr_resolver.ts`), any
 * other registry through the OCI distribution API (`oci_registry_resolver.ts`), and the simulated
 * ECR. The engine depends on this interface only.
 *
 * @module
 */
import type { ImageReference } from "../image/image_reference.ts";

/** What a registry said a tag stands for. */
export interface ResolvedImage {
  /** `sha256:` and 64 hex digits: of the manifest, or of the index for a multi-arch image. */
  digest: string;
  /** The manifest's media type, where the registry said it. */
  mediaType?: string;
}

/** Resolves image tags to digests. */
export interface ImageResolver {
  /**
   * The digest `image` (which has a tag) stands for now.
   *
   * @throws {ImageNotFoundError} when the registry has no such repository or tag
   * @throws {RegistryAccessError} when the registry refuses us (credentials, permissions)
   * @throws {RegistryError} for anything else; `transient` ones may pass when tried again
   */
  resolve(image: ImageReference, signal?: AbortSignal): Promise<ResolvedImage>;
}

/** The registry has no such repository or tag: the image cannot be pulled either. */
export class ImageNotFoundError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageNotFoundError";
  }
}

/** The registry refused to tell us: missing or wrong credentials, or no permission. */
export class RegistryAccessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RegistryAccessError";
  }
}

/** Any other failure to resolve: an unreachable registry, a server error, an odd answer. */
export class RegistryError extends Error {
  /** True when trying again may succeed: a refused or broken connection, throttling, a 5xx. */
  readonly transient: boolean;

  constructor(message: string, options: { transient: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RegistryError";
    this.transient = options.transient;
  }
}

/** Whether a registry's HTTP status may pass when asked again: throttling (429) or a 5xx. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
