/**
 * A simulated Amazon CloudWatch Logs over the log data simulated containers write (the
 * `awslogs` driver): GetLogEvents, FilterLogEvents and DescribeLogStreams with the Logs API's
 * members, tokens and errors (`ResourceNotFoundException` for a missing group or stream,
 * `InvalidParameterException` for bad combinations). Times are epoch milliseconds. Each call
 * first advances the simulated ECS to the clock's now, so lines due by then have been written.
 *
 * @module
 */
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { LogEventRecord, LogGroupRecord, LogStore, LogStreamRecord } from "./log_store.ts";
import type { Wire } from "./sim_records.ts";
import { WireInput } from "./wire_input.ts";

/** The Logs API's default and largest page of events. */
const MAX_EVENTS = 10_000;
const MAX_STREAMS = 50;

type Operation = (logs: SimulatedLogs, input: WireInput) => Wire;

function fail(type: string, message: string): never {
  throw new EcsApiError(type, message);
}

export class SimulatedLogs {
  readonly #store: LogStore;
  readonly #advance: () => void;
  /** `arn:aws:logs:<region>:<account>:`, the start of ARNs in answers. */
  readonly arnPrefix: string;

  constructor(store: LogStore, advance: () => void, where: { region: string; accountId: string }) {
    this.#store = store;
    this.#advance = advance;
    this.arnPrefix = `arn:aws:logs:${where.region}:${where.accountId}:`;
  }

  /** The operations `call` understands. */
  static get operations(): string[] {
    return Object.keys(OPERATIONS);
  }

  /** Runs Logs operation `operation` on decoded wire JSON; rejects as CloudWatch Logs would. */
  call(operation: string, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    try {
      const op = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!op) {
        fail(
          "UnknownOperationException",
          `Operation ${operation} is not supported by the simulated CloudWatch Logs`,
        );
      }
      this.#advance();
      return Promise.resolve(op(this, new WireInput(input ?? {})));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The group an input names (logGroupName or logGroupIdentifier), or the Logs error. */
  group(input: WireInput): LogGroupRecord {
    const name = input.string("logGroupName");
    const identifier = input.string("logGroupIdentifier");
    if (name !== undefined && identifier !== undefined) {
      fail(
        "InvalidParameterException",
        "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
      );
    }
    // An ARN names the group after "log-group:", with or without a trailing ":*".
    const wanted = name ?? identifier?.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, "")
      .replace(/:\*$/, "");
    if (wanted === undefined || wanted === "") {
      fail("InvalidParameterException", "Either logGroupName or logGroupIdentifier is required.");
    }
    const group = this.#store.groups.get(wanted);
    if (!group) fail("ResourceNotFoundException", "The specified log group does not exist.");
    return group;
  }
}

function limitOf(input: WireInput, max: number): number {
  const limit = input.integer("limit") ?? max;
  if (limit < 1 || limit > max) {
    fail(
      "InvalidParameterException",
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: ` +
        `Member must have value between 1 and ${max}`,
    );
  }
  return limit;
}

function inTime(input: WireInput): (event: LogEventRecord) => boolean {
  const start = input.integer("startTime");
  const end = input.integer("endTime");
  return (e) =>
    (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp < end);
}

/** Tokens are positions in a stream: `f/<n>` reads forward from n, `b/<n>` back from n. */
function readToken(token: string | undefined, length: number) {
  if (token === undefined) return undefined;
  const match = /^([fb])\/(\d{1,12})$/.exec(token);
  if (!match || Number(match[2]) > length) {
    fail("InvalidParameterException", "The specified nextToken is invalid.");
  }
  return { forward: match[1] === "f", at: Number(match[2]) };
}

function getLogEvents(logs: SimulatedLogs, input: WireInput): Wire {
  const group = logs.group(input);
  const streamName = input.requiredString(
    "logStreamName",
    "InvalidParameterException",
    "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: " +
      "Member must not be null",
  );
  const stream = group.streams.get(streamName);
  if (!stream) fail("ResourceNotFoundException", "The specified log stream does not exist.");
  const limit = limitOf(input, MAX_EVENTS);
  const fromHead = input.boolean("startFromHead") ?? false;
  const token = readToken(input.string("nextToken"), stream.events.length);
  const keep = inTime(input);
  const indices = stream.events.map((_, i) => i).filter((i) => keep(stream.events[i]!));
  const forward = token?.forward ?? fromHead;
  // Where the read starts (forward) or ends (backward): a token's position, else an end.
  const at = token?.at ?? (forward ? 0 : stream.events.length);
  const picked = forward
    ? indices.filter((i) => i >= at).slice(0, limit)
    : indices.filter((i) => i < at).slice(-limit);
  const last = picked.at(-1);
  const forwardAt = last !== undefined ? last + 1 : at;
  const backwardAt = picked[0] ?? at;
  return {
    events: picked.map((i) => ({ ...stream.events[i]! })),
    nextForwardToken: `f/${forwardAt}`,
    nextBackwardToken: `b/${backwardAt}`,
  };
}

/** A filter pattern's terms: every one must be in the message (a quoted term as a phrase). */
function matcher(pattern: string | undefined): (message: string) => boolean {
  const terms = (pattern ?? "").match(/"[^"]*"|\S+/g)?.map((t) => t.replace(/^"|"$/g, "")) ?? [];
  return (message) => terms.every((term) => message.includes(term));
}

function filterLogEvents(logs: SimulatedLogs, input: WireInput): Wire {
  const group = logs.group(input);
  const names = input.stringList("logStreamNames");
  const prefix = input.string("logStreamNamePrefix");
  if (names !== undefined && prefix !== undefined) {
    fail(
      "InvalidParameterException",
      "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.",
    );
  }
  if (names !== undefined && !names.every((name) => group.streams.has(name))) {
    fail("ResourceNotFoundException", "The specified log stream does not exist.");
  }
  const limit = limitOf(input, MAX_EVENTS);
  const token = input.string("nextToken");
  const offset = token === undefined ? 0 : Number(/^o\/(\d{1,12})$/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(offset)) {
    fail("InvalidParameterException", "The specified nextToken is invalid.");
  }
  const keep = inTime(input);
  const matches = matcher(input.string("filterPattern"));
  const streams = [...group.streams.values()].filter((s) =>
    names ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix)
  );
  const all = streams.flatMap((s) =>
    s.events.map((e, i) => ({ stream: s, event: e, index: i }))
      .filter(({ event }) => keep(event) && matches(event.message))
  ).sort((a, b) =>
    a.event.timestamp - b.event.timestamp || a.stream.name.localeCompare(b.stream.name) ||
    a.index - b.index
  );
  const page = all.slice(offset, offset + limit);
  const out: Wire = {
    events: page.map(({ stream, event, index }) => ({
      logStreamName: stream.name,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: eventId(stream, index),
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
  };
  if (offset + limit < all.length) out.nextToken = `o/${offset + limit}`;
  return out;
}

/** A stable id for an event: its stream and position, as digits (the Logs API's look). */
function eventId(stream: LogStreamRecord, index: number): string {
  let hash = 0;
  for (const ch of stream.name) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) >>> 0;
  return `${String(stream.creationTime).padStart(15, "0")}${String(hash).padStart(10, "0")}${
    String(index).padStart(8, "0")
  }`;
}

function describeLogStreams(logs: SimulatedLogs, input: WireInput): Wire {
  const group = logs.group(input);
  const prefix = input.string("logStreamNamePrefix");
  const orderBy = input.enumValue("orderBy", ["LogStreamName", "LastEventTime"]) ??
    "LogStreamName";
  if (orderBy === "LastEventTime" && prefix !== undefined) {
    fail(
      "InvalidParameterException",
      "Cannot order by LastEventTime with a logStreamNamePrefix.",
    );
  }
  const descending = input.boolean("descending") ?? false;
  const limit = limitOf(input, MAX_STREAMS);
  const token = input.string("nextToken");
  const offset = token === undefined ? 0 : Number(/^o\/(\d{1,12})$/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(offset)) {
    fail("InvalidParameterException", "The specified nextToken is invalid.");
  }
  const lastEvent = (s: LogStreamRecord) => s.events.at(-1)?.timestamp ?? 0;
  const streams = [...group.streams.values()]
    .filter((s) => prefix === undefined || s.name.startsWith(prefix))
    .sort((a, b) =>
      orderBy === "LogStreamName" ? a.name.localeCompare(b.name) : lastEvent(a) - lastEvent(b)
    );
  if (descending) streams.reverse();
  const page = streams.slice(offset, offset + limit);
  const out: Wire = {
    logStreams: page.map((s) => ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(s.events.length > 0
        ? {
          firstEventTimestamp: s.events[0]!.timestamp,
          lastEventTimestamp: lastEvent(s),
          lastIngestionTime: s.events.at(-1)!.ingestionTime,
        }
        : {}),
      arn: `${logs.arnPrefix}log-group:${group.name}:log-stream:${s.name}`,
      storedBytes: 0,
    })),
  };
  if (offset + limit < streams.length) out.nextToken = `o/${offset + limit}`;
  return out;
}

const OPERATIONS: Record<string, Operation> = {
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
  DescribeLogStreams: describeLogStreams,
};
