/**
 * The SDK-free half of `AwsEcsClient`: SDK output shapes to domain types, service exceptions told
 * from transport errors, and request batching. Pure functions on structural types, so the SDK
 * stays imported by one module only.
 *
 * @module
 */
import { EcsApiError, type TaggedTaskDefinition } from "./ecs_client.ts";
import type { TaskDefinition } from "./types.ts";

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
