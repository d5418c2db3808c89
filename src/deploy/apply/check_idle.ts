/**
 * Whether a service is busy with a deployment someone else started, and waiting until it is
 * not, so a deploy never replaces a rollout in flight without being told to.
 *
 * @module
 */

import type { Clock } from "../../clock.ts";
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { Deployment, Service } from "../../ecs/types.ts";
import type { EventSink } from "../deploy_events.ts";
import { describeExistingService } from "../plan/describe_existing_service.ts";
import type { PollSettings } from "../watch/poll_schedule.ts";
import { pollService } from "../watch/poll_service.ts";
import { progressReporter, snapshotDeployments } from "../watch/watch_deployment.ts";

/**
 * The deployment in progress on a service, before we change anything: the one ECS reports
 * IN_PROGRESS (the PRIMARY first), or, where ECS reports no rollout state, a PRIMARY that
 * still shares the service with older deployments. Undefined when the service is idle.
 */
export function findForeignDeployment(service: Service): Deployment | undefined {
  const inProgress = service.deployments
    .filter((d) => d.rolloutState === "IN_PROGRESS")
    .sort((a, b) => rank(a) - rank(b));
  if (inProgress[0]) return inProgress[0];
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  if (primary && primary.rolloutState === undefined && service.deployments.length > 1) {
    return primary;
  }
  return undefined;
}

function rank(d: Deployment): number {
  return d.status === "PRIMARY" ? 0 : 1;
}

/** Why {@linkcode waitForIdle} gave up. */
export class WaitForIdleError extends Error {
  /** `timed_out` at the deadline, `cancelled` when the signal aborted. */
  readonly outcome: "timed_out" | "cancelled";
  /** The deployment last seen in progress; undefined if the service could not be read. */
  readonly deployment: Deployment | undefined;

  constructor(
    outcome: "timed_out" | "cancelled",
    deployment: Deployment | undefined,
    message: string,
  ) {
    super(message);
    this.name = "WaitForIdleError";
    this.outcome = outcome;
    this.deployment = deployment;
  }
}

export interface WaitForIdleOptions {
  cluster: string;
  service: string;
  /** When to give up, in epoch milliseconds. */
  deadline: number;
  poll?: PollSettings;
  /** Receives `progress` of the foreign deployment (none is ours) and `retrying` events. */
  emit?: EventSink;
}

/**
 * Polls the service, on the watch's adaptive schedule, until no deployment is in progress,
 * and returns the idle service. Rides out transient API errors.
 *
 * @throws {WaitForIdleError} at the deadline or when `signal` aborts
 * @throws {InvalidRequestError} when the service or cluster does not exist
 */
export async function waitForIdle(
  ecs: EcsClient,
  clock: Clock,
  signal: AbortSignal | undefined,
  options: WaitForIdleOptions,
): Promise<Service> {
  const emit = options.emit ?? (() => {});
  const reportProgress = progressReporter(emit);
  let busy: Deployment | undefined;
  const end = await pollService({
    ecs,
    clock,
    emit,
    signal,
    cluster: options.cluster,
    service: options.service,
    until: () => options.deadline,
    poll: options.poll,
    immediate: true,
    describe: () => describeExistingService(ecs, options.cluster, options.service, "wait for"),
  }, (service) => {
    if (!service) return { done: false, changed: false }; // describeExistingService throws first
    busy = findForeignDeployment(service);
    if (!busy) return { done: true, value: service };
    const changed = reportProgress("deploying", snapshotDeployments(service, ""));
    return { done: false, changed };
  });
  if (end.kind === "done") return end.value;
  const what = busy
    ? `deployment ${busy.id} of "${options.service}"`
    : `service "${options.service}"`;
  throw end.kind === "deadline"
    ? new WaitForIdleError(
      "timed_out",
      busy,
      `Stopped waiting for ${what} to finish: the deadline passed`,
    )
    : new WaitForIdleError("cancelled", busy, `Interrupted while waiting for ${what}`);
}
