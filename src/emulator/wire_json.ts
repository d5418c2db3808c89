/**
 * The JSON codec of the ECS wire protocol (`application/x-amz-json-1.1`): timestamps travel as
 * epoch seconds (fractional allowed) and are `Date`s on our side of the wire.
 *
 * @module
 */
import { EcsApiError } from "../ecs/ecs_client.ts";

/**
 * Input members that are timestamps, per operation, as paths into the request. Only these are
 * turned into `Date`s: a number elsewhere (a desired count, a port) must stay a number.
 */
export type TimestampInputs = Record<string, string[][]>;

/** Serialises an output or error body: every `Date` becomes epoch seconds. */
export function encodeWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, encoded) {
    // `encoded` has already been through Date.prototype.toJSON; look at the raw member instead.
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : encoded;
  });
}

/**
 * Parses a request body into an operation's input, with the members at `timestamps` as `Date`s.
 * An empty body is an empty input, as the AWS CLI sends for operations without parameters.
 * Throws {@linkcode EcsApiError} `SerializationException` for anything that is not a JSON object
 * or a timestamp that is not epoch seconds.
 */
export function decodeWireJson(
  body: string,
  timestamps: string[][] = [],
): Record<string, unknown> {
  if (body.trim() === "") return {};
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch (error) {
    throw new EcsApiError(
      "SerializationException",
      "Start of structure or map found where not expected",
      {
        cause: error,
      },
    );
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new EcsApiError("SerializationException", "Start of structure or map expected");
  }
  const record = input as Record<string, unknown>;
  for (const path of timestamps) decodeTimestampAt(record, path);
  return record;
}

function decodeTimestampAt(record: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in record)) return;
  const member = record[head];
  if (rest.length > 0) {
    if (member !== null && typeof member === "object" && !Array.isArray(member)) {
      decodeTimestampAt(member as Record<string, unknown>, rest);
    }
    return;
  }
  // The SDKs send epoch seconds; an ISO 8601 string is accepted too, as some tools send it.
  const date = typeof member === "number"
    ? new Date(member * 1000)
    : typeof member === "string"
    ? new Date(member)
    : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new EcsApiError(
      "SerializationException",
      `Cannot read member "${path.join(".")}": expected a timestamp in epoch seconds`,
    );
  }
  record[head] = date;
}
