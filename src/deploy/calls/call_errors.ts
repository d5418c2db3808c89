/**
 * What a failed ECS call says about ECS, which decides what the engine may do next: retry a
 * read, retry a change, reconcile a change that may have happened, or stop.
 *
 * @module
 */
import { EcsApiError } from "../../ecs/ecs_client.ts";

const throttlingTypes = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

const serverTypes = new Set([
  "ServerException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/** Error codes of connections that failed or broke, which say nothing about ECS's state. */
const brokenConnectionCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

/** Operations whose absence or denial means "no witness here", never a verdict. */
const unavailableTypes = new Set([
  "UnknownOperationException",
  "UnsupportedFeatureException",
  "AccessDeniedException",
  "AccessDenied",
  "UnauthorizedOperation",
  "InvalidAction",
]);

/**
 * True for failures that say nothing about the deployment: throttling, ECS server errors,
 * broken connections, timeouts and answers that could not be read. A read is retried on these
 * until the deadline. A bug (a TypeError in an adapter, say) is not transient: it surfaces.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof EcsApiError) {
    return throttlingTypes.has(error.type) || serverTypes.has(error.type) || error.status >= 500;
  }
  if (!(error instanceof Error)) return false;
  return isGarbledAnswer(error) || isBrokenConnection(error);
}

/**
 * True for failures that prove ECS never acted on the request: it was throttled, or no
 * connection was made. Only these make a change (RegisterTaskDefinition, UpdateService) safe
 * to send again as it is; any other transient failure may have happened after ECS applied it.
 */
export function provesNotApplied(error: unknown): boolean {
  if (error instanceof EcsApiError) return throttlingTypes.has(error.type);
  return error instanceof Error && errorCode(error) === "ECONNREFUSED";
}

/**
 * True for failures after which a change may have been carried out all the same: the answer
 * was lost (a server error, a broken connection, a timeout, an answer that could not be read).
 * The engine reads what ECS did before it does anything else.
 */
export function mayHaveApplied(error: unknown): boolean {
  return isTransientError(error) && !provesNotApplied(error);
}

/**
 * True when the operation is not offered here or not allowed to us (unknown operation,
 * unsupported feature, access denied): the witness it would have been is missing, which is
 * never evidence that a deployment succeeded.
 */
export function isUnavailableApi(error: unknown): boolean {
  return error instanceof EcsApiError && unavailableTypes.has(error.type);
}

/**
 * The call's value, or undefined where its API is unavailable (see
 * {@linkcode isUnavailableApi}); every other failure propagates, so a throttled or broken call
 * is never mistaken for an API that is not there.
 */
export async function unlessUnavailable<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isUnavailableApi(error)) return undefined;
    throw error;
  }
}

/** An answer that arrived but could not be parsed: an HTML error page, a cut body. */
export function isGarbledAnswer(error: Error): boolean {
  // The SDK throws the parser's SyntaxError with the raw response attached.
  return error instanceof SyntaxError && "$response" in error;
}

function isBrokenConnection(error: Error): boolean {
  const code = errorCode(error);
  if (code !== undefined && brokenConnectionCodes.has(code)) return true;
  // The SDK's names for a request that timed out or whose socket hung up.
  return error.name === "TimeoutError" || error.name === "RequestTimeout";
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
