import type { Clock } from "../clock.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import type { Service } from "../ecs/types.ts";
import type { DeploymentSnapshot, EventSink } from "./deploy_events.ts";
import {
  type FinalOutcome,
  judgeDeployment,
  judgeServiceDeployment,
  type TrackedDeployment,
  type WatchMemory,
} from "./judge_deployment.ts";
import { defaultPollSettings, nextPollDelay, type PollSettings } from "./poll_schedule.ts";
import { isTransientError } from "./transient_error.ts";

export interface WatchOptions {
  ecs: EcsClient;
  clock: Clock;
  emit: EventSink;
  signal?: AbortSignal;
  cluster: string;
  service: string;
  tracked: TrackedDeployment;
  /** When to give up, in epoch milliseconds. */
  deadline: number;
  /** Service events already seen, so only new ones are reported. */
  seenEventIds?: Set<string>;
  poll?: PollSettings;
  /** Give up when nothing has progressed for this long: no task reached RUNNING, no change. */
  stallTimeoutMs?: number;
}

export interface WatchResult {
  outcome: FinalOutcome | "timed_out" | "cancelled";
  reason: string;
  /** The last observation of the service, for diagnosis. */
  service?: Service;
}

/**
 * Follows our deployment until ECS finishes, fails, rolls back or replaces it, the deadline
 * passes or the signal aborts. Reports only what changed; rides out transient API errors.
 */
export async function watchDeployment(options: WatchOptions): Promise<WatchResult> {
  const { ecs, clock, emit, signal, tracked, deadline } = options;
  const poll = options.poll ?? defaultPollSettings;
  const seen = options.seenEventIds ?? new Set<string>();
  let memory: WatchMemory = {};
  let lastSnapshot = "";
  let lastChangeAt = clock.now();
  let lastProgress = "";
  let lastProgressAt = clock.now();
  let delay = poll.minIntervalMs;
  let service: Service | undefined;
  let phase = "deploying";
  const stallTimeoutMs = options.stallTimeoutMs ?? Infinity;

  while (true) {
    const remaining = deadline - clock.now();
    const stalledFor = clock.now() - lastProgressAt;
    if (remaining <= 0 || stalledFor >= stallTimeoutMs) {
      const reason = remaining <= 0
        ? `still ${phase.replace("_", " ")} when the deadline passed`
        : `stalled: nothing progressed for ${Math.round(stalledFor / 1000)}s ` +
          "(no task reached RUNNING, no deployment changed)";
      return { outcome: "timed_out", reason, ...(service ? { service } : {}) };
    }
    const untilStall = stallTimeoutMs - stalledFor;
    delay = nextPollDelay(poll, delay, clock.now() - lastChangeAt, Math.min(remaining, untilStall));
    try {
      await clock.sleep(delay, signal);
    } catch {
      return { outcome: "cancelled", reason: `interrupted while ${phase.replace("_", " ")}` };
    }

    try {
      service = await ecs.describeService(options.cluster, options.service);
    } catch (error) {
      if (!isTransientError(error)) throw error;
      emit({
        type: "retrying",
        operation: "DescribeServices",
        error: String(error),
        delayMs: delay,
      });
      continue;
    }
    if (!service) {
      return { outcome: "failed", reason: `service "${options.service}" no longer exists` };
    }

    reportNewEvents(service, seen, emit);
    const judged = judgeDeployment(service, tracked, memory);
    memory = judged.memory;
    if (!judged.verdict.done) phase = judged.verdict.phase;
    const progress = progressOf(service);
    if (progress !== lastProgress) {
      lastProgress = progress;
      lastProgressAt = clock.now();
    }
    const snapshot = snapshotDeployments(service, tracked.deploymentId);
    const key = JSON.stringify(snapshot);
    if (key !== lastSnapshot) {
      lastSnapshot = key;
      lastChangeAt = clock.now();
      emit({
        type: "progress",
        phase: judged.verdict.done ? "settled" : judged.verdict.phase,
        deployments: snapshot,
      });
    }
    if (judged.verdict.done) {
      // Where ours is still listed, DescribeServices is conclusive; where ECS has dropped it,
      // only its ServiceDeployment still knows whether it was replaced or rolled back.
      const listed = service.deployments.some((d) => d.id === tracked.deploymentId);
      const confirmed = listed ? undefined : await confirmWithServiceDeployment(ecs, tracked);
      const verdict = confirmed && confirmed.outcome !== judged.verdict.outcome
        ? confirmed
        : judged.verdict;
      return { outcome: verdict.outcome, reason: verdict.reason, service };
    }
  }
}

/** Reports service events not seen before, oldest first. */
function reportNewEvents(service: Service, seen: Set<string>, emit: EventSink): void {
  const fresh = service.events.filter((event) => !seen.has(event.id)).reverse();
  for (const event of fresh) {
    seen.add(event.id);
    emit({ type: "service_event", at: event.createdAt, message: event.message });
  }
}

/** What counts as progress for stall detection: failed tasks being replaced do not. */
function progressOf(service: Service): string {
  return JSON.stringify(
    service.deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount]),
  );
}

/** The service's deployments as progress events show them, ours marked. */
export function snapshotDeployments(service: Service, ourId: string): DeploymentSnapshot[] {
  return service.deployments.map((d) => ({
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    runningCount: d.runningCount,
    pendingCount: d.pendingCount,
    failedTasks: d.failedTasks,
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ours: d.id === ourId,
  }));
}

/**
 * The ServiceDeployment's own verdict, which wins where ECS has finished with it: it still
 * knows our deployment after ECS has removed it from the service's deployments.
 */
async function confirmWithServiceDeployment(ecs: EcsClient, tracked: TrackedDeployment) {
  if (!tracked.serviceDeploymentArn) return undefined;
  try {
    const [deployment] = await ecs.describeServiceDeployments([tracked.serviceDeploymentArn]);
    return deployment ? judgeServiceDeployment(deployment) : undefined;
  } catch {
    // The deployment APIs are an extra witness; DescribeServices has already judged.
    return undefined;
  }
}
