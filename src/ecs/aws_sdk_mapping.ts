/**
 * The SDK-free half of `AwsEcsClient`: SDK output shapes to domain types, service exceptions told
 * from transport errors, and request batching. Pure functions on structural types, so the SDK
 * stays imported by one module only.
 *
 * @module
 */
import { EcsApiError, type TaggedTaskDefinition } from "./ecs_client.ts";
import { AwsSetupError, type EndpointFailure } from "./setup_errors.ts";
import type { Service, TaskDefinition } from "./types.ts";

/** The call metadata the SDK attaches to outputs and service exceptions. */
export interface SdkMetadata {
  httpStatusCode?: number;
  attempts?: number;
}

/** What every SDK service exception carries, modelled or not. */
export interface SdkServiceException extends Error {
  $fault: "client" | "server";
  $metadata?: SdkMetadata;
}

/**
 * Service exceptions, modelled or not, carry `$fault`; transport errors (refused connections,
 * DNS, TLS) do not, and are left as they are.
 */
export function isServiceException(error: unknown): error is SdkServiceException {
  return error instanceof Error && "$fault" in error &&
    (error.$fault === "client" || error.$fault === "server");
}

/** The domain result of an operation returning a task definition and its tags. */
export function tagged(
  taskDefinition: object | undefined,
  tags: { key?: string | undefined; value?: string | undefined }[] | undefined,
  operation: string,
): TaggedTaskDefinition {
  if (!taskDefinition) {
    throw new EcsApiError("ClientException", `${operation} returned no task definition`);
  }
  return {
    taskDefinition: compact(taskDefinition) as TaskDefinition,
    tags: (tags ?? []).map((tag) => ({ key: tag.key ?? "", value: tag.value ?? "" })),
  };
}

/**
 * A deep copy without `undefined` members, so SDK outputs (every member optional, often
 * present as undefined) satisfy `exactOptionalPropertyTypes` domain types. Dates stay Dates.
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => compact(item)) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && key !== "$metadata") copy[key] = compact(member);
  }
  return copy as T;
}

/** Splits `items` into batches of at most `size`, for ECS limits on batch members per request. */
export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The SDK's error for a missing region or missing credentials, as an {@linkcode AwsSetupError};
 * undefined for anything else. The SDK says "Region is missing" (a plain Error) when neither the
 * client, `AWS_REGION` nor the profile gives one, and throws a `CredentialsProviderError` (or a
 * `TokenProviderError` for an SSO session) when its credential chain found nothing usable.
 */
export function setupErrorOf(
  error: unknown,
  profile: string | undefined,
): AwsSetupError | undefined {
  if (!(error instanceof Error)) return undefined;
  const facts = profile === undefined ? {} : { profile };
  if (error.message === "Region is missing") {
    return new AwsSetupError("no_region", "No AWS region is set", facts, { cause: error });
  }
  if (error.name === "CredentialsProviderError" || error.name === "TokenProviderError") {
    const whose = profile === undefined ? "" : ` for profile "${profile}"`;
    return new AwsSetupError("no_credentials", `No AWS credentials found${whose}`, facts, {
      cause: error,
    });
  }
  return undefined;
}

/** Transport error codes and what they say about the endpoint. */
const ENDPOINT_FAILURES: Record<string, EndpointFailure> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "host_not_found",
  EAI_AGAIN: "host_not_found",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ETIMEDOUT: "timed_out",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  ENETDOWN: "unreachable",
};

/**
 * What a transport failure says about the endpoint: refused, host not found, TLS, timed out,
 * reset, unreachable, or an answer that is not ECS's (the SDK's parser failed on it, as on an
 * HTML page); undefined when it says nothing about the endpoint (an abort, a bug).
 */
export function endpointFailureOf(error: unknown): EndpointFailure | undefined {
  if (!(error instanceof Error) || error.name === "AbortError") return undefined;
  // The SDK throws the parser's SyntaxError with the raw response in a hidden field.
  if (error instanceof SyntaxError && "$response" in error) return "not_ecs";
  const code = transportCode(error);
  if (code !== undefined && code in ENDPOINT_FAILURES) return ENDPOINT_FAILURES[code];
  if (
    code !== undefined && /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)
  ) {
    return "tls";
  }
  if (/certificate|SSL routines|TLS handshake/i.test(error.message)) return "tls";
  if (error.name === "TimeoutError") return "timed_out";
  return undefined;
}

/** The `code` of a transport error (`ECONNREFUSED`), where it has a string one. */
export function transportCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** What an answer that is not ECS's looked like: its HTTP status and content type. */
export function describeForeignAnswer(error: Error): string {
  const response = (error as { $response?: { statusCode?: unknown; headers?: unknown } })
    .$response;
  const headers = (response?.headers ?? {}) as Record<string, unknown>;
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")
    ?.[1];
  const parts = [
    typeof response?.statusCode === "number" ? `HTTP ${response.statusCode}` : undefined,
    typeof type === "string" ? type.split(";")[0]!.trim() : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(", ") : "not JSON";
}

/** The regional ECS endpoint the SDK uses when none is configured. */
export function regionalEndpoint(region: string): string {
  return `https://ecs.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

/**
 * An SDK service as the domain type. ECS leaves `deployments` and `events` out for some
 * services (deleted ones, EXTERNAL ones with task sets); the port promises arrays, so every
 * reader of a service may iterate them.
 */
export function serviceOf(service: object): Service {
  const compacted = compact(service) as Partial<Service>;
  return {
    ...compacted,
    deployments: compacted.deployments ?? [],
    events: compacted.events ?? [],
  } as Service;
}
