import { EcsApiError } from "../ecs/ecs_client.ts";

const transientTypes = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ServerException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * True for errors that say nothing about the deployment: throttling, ECS server errors and
 * dropped connections. A watch rides these out until its deadline.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof EcsApiError) {
    return transientTypes.has(error.type) || error.status >= 500;
  }
  return error instanceof TypeError ||
    (error instanceof Error && /ECONN|socket|network|timed? ?out/i.test(error.message));
}
