/**
 * What ECR's answers mean for a tag being resolved, shared by the AWS SDK adapter and the
 * simulated ECR so both read BatchGetImage the same way: the image's digest, or the failure in
 * `failures[]` (`ImageNotFound`, ...), and ECR's error types as resolver errors. Pure.
 *
 * @module
 */
import {
  ImageNotFoundError,
  isTransientStatus,
  RegistryAccessError,
  RegistryError,
  type ResolvedImage,
} from "./image_resolver.ts";

/** The members of a BatchGetImage answer read here (the SDK's and the wire's shape). */
export interface BatchGetImageAnswer {
  images?:
    | {
      imageId?: { imageDigest?: string | undefined } | undefined;
      imageManifestMediaType?: string | undefined;
    }[]
    | undefined;
  failures?:
    | { failureCode?: string | undefined; failureReason?: string | undefined }[]
    | undefined;
}

/** The failure codes that say the image is not there. */
const NOT_FOUND_CODES = new Set(["ImageNotFound", "ImageTagDoesNotMatchDigest"]);
/** The failure codes of a pull-through cache whose upstream may answer later. */
const TRANSIENT_CODES = new Set(["UpstreamTooManyRequests", "UpstreamUnavailable", "KmsError"]);

/** The digest BatchGetImage gave `name`, or the error its failure means. */
export function resolvedFromBatchGetImage(
  answer: BatchGetImageAnswer,
  name: string,
): ResolvedImage {
  const image = answer.images?.[0];
  const digest = image?.imageId?.imageDigest;
  if (digest) {
    return {
      digest,
      ...(image?.imageManifestMediaType ? { mediaType: image.imageManifestMediaType } : {}),
    };
  }
  const failure = answer.failures?.[0];
  const code = failure?.failureCode ?? "no image and no failure";
  const reason = failure?.failureReason ? `: ${failure.failureReason}` : "";
  if (NOT_FOUND_CODES.has(code)) {
    return fail(new ImageNotFoundError(`image not found: ECR has no "${name}" (${code}${reason})`));
  }
  if (code === "UpstreamAccessDenied" || code === "ImageInaccessible") {
    return fail(new RegistryAccessError(`ECR cannot give "${name}" (${code}${reason})`));
  }
  return fail(
    new RegistryError(`ECR did not resolve "${name}" (${code}${reason})`, {
      transient: TRANSIENT_CODES.has(code),
    }),
  );
}

/** An error ECR answered with, as a resolver error. */
export function resolverErrorOfEcr(
  type: string,
  message: string,
  status: number,
  name: string,
): Error {
  if (type === "RepositoryNotFoundException" || type === "ImageNotFoundException") {
    return new ImageNotFoundError(`image not found: ECR has no "${name}" (${type}: ${message})`);
  }
  if (/AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken/.test(type)) {
    return new RegistryAccessError(
      `ECR refused to resolve "${name}" (${type}: ${message}); the deploy needs ` +
        `ecr:BatchGetImage (or ecr:DescribeImages) on the repository`,
    );
  }
  const transient = isTransientStatus(status) || /Throttl|TooManyRequests/.test(type);
  return new RegistryError(`ECR failed to resolve "${name}" (${type}: ${message})`, {
    transient,
  });
}

function fail(error: Error): never {
  throw error;
}
