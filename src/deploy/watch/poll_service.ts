import type { Clock } from "../../clock.ts";
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { Service } from "../../ecs/types.ts";
import { CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { EventSink } from "../deploy_events.ts";
import { defaultPollSettings, nextPollDelay, type PollSettings } from "./poll_schedule.ts";
import { isTransientError } from "../calls/call_errors.ts";

export interface PollServiceOptions {
  ecs: EcsClient;
  clock: Clock;
  /** Receives `retrying` events for transient errors. */
  emit: EventSink;
  signal?: AbortSignal | undefined;
  cluster: string;
  service: string;
  /** When to stop polling, in epoch milliseconds; asked before every sleep. */
  until: () => number;
  poll?: PollSettings | undefined;
  /** Look right away instead of after the first interval. */
  immediate?: boolean;
  /** How to look; DescribeServices, undefined for a missing service, unless given. */
  describe?: () => Promise<Service | undefined>;
}

/**
 * What one look at the service decided; one in progress may say that the outcome looks near
 * (poll fast for a while) or when it is expected to (see {@linkcode nextPollDelay}).
 */
export type Observation<T> = { done: true; value: T } | {
  done: false;
  changed: boolean;
  near?: boolean;
  nearExtraMs?: number | undefined;
  nearFromMs?: number | undefined;
  dueInMs?: number | undefined;
  far?: boolean | undefined;
};

export type PollEnd<T> = { kind: "done"; value: T } | { kind: "deadline" } | { kind: "cancelled" };

/**
 * Looks at a service with DescribeServices on the adaptive schedule until `observe` is done
 * with it, `until()` passes or the signal aborts. Observations that report a change keep the
 * usual rate; quiet ones let it back off; near ones poll fast for a bounded time; far ones, and
 * those expecting an edge later, poll slowly. Transient API errors are reported and ridden out;
 * a call stopped by the deadline or the signal ends the poll; other errors are thrown.
 */
export async function pollService<T>(
  options: PollServiceOptions,
  observe: (service: Service | undefined) => Observation<T> | Promise<Observation<T>>,
): Promise<PollEnd<T>> {
  const { clock } = options;
  const poll = options.poll ?? defaultPollSettings;
  let delay = poll.minIntervalMs;
  let lastChangeAt = clock.now();
  let nearSince: number | undefined;
  let nearExtraMs: number | undefined;
  let nearFromMs: number | undefined;
  let dueAt: number | undefined;
  let far: boolean | undefined;

  for (let first = true;; first = false) {
    if (!first || !options.immediate) {
      const remaining = options.until() - clock.now();
      if (remaining <= 0) return { kind: "deadline" };
      delay = nextPollDelay(poll, delay, clock.now() - lastChangeAt, remaining, {
        nearForMs: nearSince === undefined ? undefined : clock.now() - nearSince,
        nearExtraMs,
        nearFromMs,
        dueInMs: dueAt === undefined ? undefined : dueAt - clock.now(),
        far,
      });
      try {
        await clock.sleep(delay, options.signal);
      } catch {
        return { kind: "cancelled" };
      }
    }
    let service: Service | undefined;
    try {
      service = options.describe
        ? await options.describe()
        : await options.ecs.describeService(options.cluster, options.service);
    } catch (error) {
      // The deadline or a signal stopped the call: the poll ends as it would between calls.
      if (error instanceof CallStoppedError) {
        return { kind: error.outcome === "cancelled" ? "cancelled" : "deadline" };
      }
      if (!isTransientError(error)) throw error;
      options.emit({
        type: "retrying",
        operation: "DescribeServices",
        error: String(error),
        delayMs: delay,
      });
      continue;
    }
    const observation = await observe(service);
    if (observation.done) return { kind: "done", value: observation.value };
    // An expected edge that has come (a step's bake over) is like a change: the usual rate.
    const dueCame = dueAt !== undefined && clock.now() >= dueAt;
    if (observation.changed || dueCame) lastChangeAt = clock.now();
    nearSince = observation.near ? nearSince ?? clock.now() : undefined;
    nearExtraMs = observation.nearExtraMs;
    nearFromMs = observation.nearFromMs;
    dueAt = observation.dueInMs === undefined ? undefined : clock.now() + observation.dueInMs;
    far = observation.far;
  }
}
