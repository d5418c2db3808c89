/**
 * The port, bounded by one run's deadline and its abort signal: no call starts once either has
 * come, and a call in flight when one comes is abandoned (and aborted, where the adapter can).
 * This is what makes `-t` one deadline for everything a run does, SDK retries included, and what
 * lets a signal end a run while a call hangs. Within those bounds it retries what can be retried:
 * a read after any transient failure, a change only after a failure that proves ECS did not act
 * on it (see `call_errors.ts`), with a capped exponential back-off.
 *
 * @module
 */
import { alarmAt, type Clock } from "../../clock.ts";
import { withCallSignal } from "../../ecs/abortable_ecs_client.ts";
import { EcsApiError, type EcsClient, type TaggedTaskDefinition } from "../../ecs/ecs_client.ts";
import { isTransientError, provesNotApplied } from "./call_errors.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import type { EventSink } from "../deploy_events.ts";
import { describeError } from "../describe_error.ts";
import type {
  RunTaskInput,
  RunTaskOutput,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceUpdate,
  Task,
  TaskDefinitionInput,
} from "../../ecs/types.ts";

/** What bounds the calls. */
export interface CallBounds {
  clock: Clock;
  /** Epoch milliseconds on `clock`: no call starts at or after it; calls in flight end at it. */
  deadline: number;
  /** Aborted on SIGINT/SIGTERM, with the signal's name as reason. */
  signal?: AbortSignal | undefined;
  /** The deadline's name in messages; "the deadline" unless given. */
  deadlineName?: string;
  /** Receives a `retrying` event before each retry. */
  emit?: EventSink | undefined;
}

/** The first pause before a retry; it doubles with each attempt up to the cap. */
const RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 5_000;

/** Why a call did not run or did not finish: the deadline came, or a signal. */
export class CallStoppedError extends Error {
  readonly outcome: "timed_out" | "cancelled";
  /** The ECS operation, such as `UpdateService`. */
  readonly operation: string;
  /** True when the call had been sent: whether ECS carried it out is unknown. */
  readonly inFlight: boolean;

  constructor(
    outcome: "timed_out" | "cancelled",
    operation: string,
    inFlight: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CallStoppedError";
    this.outcome = outcome;
    this.operation = operation;
    this.inFlight = inFlight;
  }
}

/**
 * How long a call that changes ECS may still take after a signal, so the run can say what it
 * changed instead of "may have"; reads are abandoned at once.
 */
export const SIGNAL_GRACE_MS = 1_000;

/** The operations that change ECS. */
export const MUTATING_OPERATIONS: readonly string[] = [
  "RegisterTaskDefinition",
  "UpdateService",
  "DeregisterTaskDefinition",
  "StopServiceDeployment",
  "ContinueServiceDeployment",
  "RunTask",
  "StopTask",
  // CodeDeploy's.
  "CreateDeployment",
  "ContinueDeployment",
  "StopDeployment",
];

/** The calls of a run on `deps`, bounded by `deadline` and the run's signal, retries reported. */
export function boundedCalls(
  deps: Pick<DeployDeps, "ecs" | "clock" | "signal" | "emit">,
  deadline: number,
): BoundedEcsClient {
  return new BoundedEcsClient(deps.ecs, {
    clock: deps.clock,
    deadline,
    signal: deps.signal,
    emit: deps.emit,
  });
}

/** {@linkcode EcsClient} whose calls stay within {@linkcode CallBounds}. */
export class BoundedEcsClient implements EcsClient {
  readonly #ecs: EcsClient;
  readonly #bounds: CallBounds;

  constructor(ecs: EcsClient, bounds: CallBounds) {
    this.#ecs = ecs;
    this.#bounds = bounds;
  }

  describeService(cluster: string, service: string): Promise<Service | undefined> {
    return this.#call("DescribeServices", (ecs) => ecs.describeService(cluster, service));
  }

  listServices(cluster: string): Promise<string[]> {
    return this.#call("ListServices", (ecs) => ecs.listServices(cluster));
  }

  describeServices(cluster: string, services: string[]): Promise<Service[]> {
    return this.#call("DescribeServices", (ecs) => ecs.describeServices(cluster, services));
  }

  describeTaskDefinition(taskDefinition: string): Promise<TaggedTaskDefinition> {
    return this.#call(
      "DescribeTaskDefinition",
      (ecs) => ecs.describeTaskDefinition(taskDefinition),
    );
  }

  registerTaskDefinition(input: TaskDefinitionInput): Promise<TaggedTaskDefinition> {
    return this.#call("RegisterTaskDefinition", (ecs) => ecs.registerTaskDefinition(input));
  }

  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    return this.#call(
      "DeregisterTaskDefinition",
      (ecs) => ecs.deregisterTaskDefinition(taskDefinitionArn),
    );
  }

  listTaskDefinitions(family: string, status: "ACTIVE" | "INACTIVE"): Promise<string[]> {
    return this.#call("ListTaskDefinitions", (ecs) => ecs.listTaskDefinitions(family, status));
  }

  updateService(update: ServiceUpdate): Promise<Service> {
    return this.#call("UpdateService", (ecs) => ecs.updateService(update));
  }

  listServiceDeployments(
    cluster: string,
    service: string,
    createdAfter?: Date,
  ): Promise<ServiceDeploymentBrief[]> {
    return this.#call(
      "ListServiceDeployments",
      (ecs) => ecs.listServiceDeployments(cluster, service, createdAfter),
    );
  }

  describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]> {
    return this.#call(
      "DescribeServiceDeployments",
      (ecs) => ecs.describeServiceDeployments(arns),
    );
  }

  continueServiceDeployment(
    arn: string,
    hookId: string,
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<void> {
    return this.#call(
      "ContinueServiceDeployment",
      (ecs) => ecs.continueServiceDeployment(arn, hookId, action),
    );
  }

  stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<void> {
    return this.#call("StopServiceDeployment", (ecs) => ecs.stopServiceDeployment(arn, stopType));
  }

  listTasks(
    cluster: string,
    service: string,
    desiredStatus: "RUNNING" | "STOPPED",
  ): Promise<string[]> {
    return this.#call("ListTasks", (ecs) => ecs.listTasks(cluster, service, desiredStatus));
  }

  describeTasks(cluster: string, taskArns: string[]): Promise<Task[]> {
    return this.#call("DescribeTasks", (ecs) => ecs.describeTasks(cluster, taskArns));
  }

  runTask(input: RunTaskInput): Promise<RunTaskOutput> {
    return this.#call("RunTask", (ecs) => ecs.runTask(input));
  }

  stopTask(cluster: string, task: string, reason: string): Promise<Task> {
    return this.#call("StopTask", (ecs) => ecs.stopTask(cluster, task, reason));
  }

  /** One call, retried while it may be and the deadline allows. */
  #call<T>(operation: string, invoke: (ecs: EcsClient) => Promise<T>): Promise<T> {
    return boundedAwsCall(this.#bounds, this.#ecs, operation, invoke);
  }
}

/**
 * One call of an AWS port (ECS, CloudWatch Logs: its service errors are {@linkcode EcsApiError})
 * within `bounds`, through `port.withSignal` where it has it: a change in
 * {@linkcode MUTATING_OPERATIONS} is retried only after a failure that proves it was not
 * applied, a read after any transient failure.
 */
export function boundedAwsCall<Port extends object, T>(
  bounds: CallBounds,
  port: Port,
  operation: string,
  invoke: (port: Port) => Promise<T>,
): Promise<T> {
  const mutating = MUTATING_OPERATIONS.includes(operation);
  return boundedCall(bounds, {
    operation,
    mutating,
    invoke: (signal) => invoke(withCallSignal(port, signal)),
    retryable: mutating ? provesNotApplied : isTransientError,
    isAnswer: (error) => error instanceof EcsApiError,
  });
}

/** One call of any port, as {@linkcode boundedCall} makes it. */
export interface BoundedCall<T> {
  /** The operation's name in messages and `retrying` events, such as `UpdateService`. */
  operation: string;
  /** Makes one attempt; `signal` aborts when the attempt is abandoned. */
  invoke: (signal: AbortSignal) => Promise<T>;
  /** A change gets {@linkcode SIGNAL_GRACE_MS} after a signal; a read is abandoned at once. */
  mutating: boolean;
  /** Whether a failed attempt may be made again. */
  retryable: (error: unknown) => boolean;
  /** Whether an error is the other side's answer, never the stop's doing. */
  isAnswer: (error: unknown) => boolean;
  /** At most this many attempts; until the deadline unless given. */
  maxAttempts?: number;
}

/**
 * One call within {@linkcode CallBounds}: no attempt starts once the deadline or the signal has
 * come, an attempt in flight then is abandoned, and a failure `retryable` allows is tried again
 * after a capped exponential back-off, each retry reported as a `retrying` event.
 */
export async function boundedCall<T>(bounds: CallBounds, call: BoundedCall<T>): Promise<T> {
  const { clock, deadline, signal } = bounds;
  const { operation } = call;
  let lastError: unknown;
  for (let attempt = 1;; attempt++) {
    try {
      return await attemptOnce(bounds, call, lastError);
    } catch (error) {
      const retryable = !(error instanceof CallStoppedError) && call.retryable(error) &&
        attempt < (call.maxAttempts ?? Infinity);
      if (!retryable) throw error;
      lastError = error;
      // Up to the deadline at most: the next attempt then reports the deadline, not the error.
      const backOff = Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** (attempt - 1));
      const delayMs = Math.max(0, Math.min(backOff, deadline - clock.now()));
      bounds.emit?.({ type: "retrying", operation, error: describeError(error), delayMs });
      await clock.sleep(delayMs, signal).catch(() => {
        // The signal came: the next attempt reports it.
      });
    }
  }
}

async function attemptOnce<T>(
  bounds: CallBounds,
  call: BoundedCall<T>,
  lastError: unknown,
): Promise<T> {
  const { clock, deadline, signal } = bounds;
  const { operation } = call;
  const deadlineName = bounds.deadlineName ?? "the deadline";
  const stopped = (outcome: "timed_out" | "cancelled", inFlight: boolean, cause?: unknown) => {
    const why = outcome === "cancelled"
      ? `interrupted (${signal?.reason ?? "aborted"})`
      : `${deadlineName} passed`;
    const after = lastError === undefined ? "" : ` (after ${describeError(lastError)})`;
    const message = inFlight
      ? `${operation} was in flight when ${why.replace(/^interrupted/, "it was interrupted")}`
      : `Did not start ${operation}: ${why}${after}`;
    return new CallStoppedError(
      outcome,
      operation,
      inFlight,
      message,
      cause === undefined ? undefined : { cause },
    );
  };
  if (signal?.aborted) throw stopped("cancelled", false, lastError);
  if (clock.now() >= deadline) throw stopped("timed_out", false, lastError);

  // Aborts the call we stop waiting for; ends the timers once it has settled.
  const abandon = new AbortController();
  const settled = new AbortController();
  const deadlineCame = alarmAt(clock, deadline, settled.signal).then(() => "timed_out" as const);
  const interrupted = signal ? whenAborted(signal, settled.signal) : new Promise<never>(() => {});
  const stopping = !call.mutating ? interrupted : interrupted.then(() =>
    Promise.race([
      deadlineCame,
      alarmAt(clock, clock.now() + SIGNAL_GRACE_MS, settled.signal).then(() =>
        "cancelled" as const
      ),
    ])
  );
  try {
    const first = await Promise.race([
      call.invoke(abandon.signal).then((value) => ({ value })),
      deadlineCame,
      stopping,
    ]);
    if (typeof first === "object") return first.value;
    const error = stopped(first, true);
    abandon.abort(error);
    throw error;
  } catch (error) {
    if (error instanceof CallStoppedError || call.isAnswer(error)) throw error;
    // A transport failure once the run is stopped (an abort, say) is the stop's doing.
    if (signal?.aborted) throw stopped("cancelled", true, error);
    if (clock.now() >= deadline) throw stopped("timed_out", true, error);
    throw error;
  } finally {
    settled.abort();
  }
}

/** Resolves to "cancelled" when `signal` aborts; rejects when `until` aborts first. */
function whenAborted(signal: AbortSignal, until: AbortSignal): Promise<"cancelled"> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve("cancelled");
    const onAbort = () => {
      until.removeEventListener("abort", onDone);
      resolve("cancelled");
    };
    const onDone = () => {
      signal.removeEventListener("abort", onAbort);
      reject(until.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    until.addEventListener("abort", onDone, { once: true });
  });
}
