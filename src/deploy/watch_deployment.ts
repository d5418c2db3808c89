import type { Clock } from "../clock.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import type { Service } from "../ecs/types.ts";
import type { DeployEvent, DeploymentSnapshot, EventSink } from "./deploy_events.ts";
import {
  type FinalOutcome,
  judgeDeployment,
  judgeServiceDeployment,
  type TrackedDeployment,
  type WatchMemory,
} from "./judge_deployment.ts";
import type { PollSettings } from "./poll_schedule.ts";
import { pollService } from "./poll_service.ts";

type ProgressPhase = Extract<DeployEvent, { type: "progress" }>["phase"];

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
  const { clock, emit, tracked } = options;
  const seen = options.seenEventIds ?? new Set<string>();
  const reportProgress = progressReporter(emit);
  let memory: WatchMemory = {};
  let lastProgress = "";
  let lastProgressAt = clock.now();
  let service: Service | undefined;
  let phase = "deploying";
  const stallTimeoutMs = options.stallTimeoutMs ?? Infinity;

  const end = await pollService({
    ...options,
    until: () => Math.min(options.deadline, lastProgressAt + stallTimeoutMs),
  }, (observed) => {
    if (!observed) return { done: true, value: undefined };
    service = observed;
    reportNewEvents(observed, seen, emit);
    const judged = judgeDeployment(observed, tracked, memory);
    memory = judged.memory;
    if (!judged.verdict.done) phase = judged.verdict.phase;
    const progress = progressOf(observed);
    if (progress !== lastProgress) {
      lastProgress = progress;
      lastProgressAt = clock.now();
    }
    const changed = reportProgress(
      judged.verdict.done ? "settled" : judged.verdict.phase,
      snapshotDeployments(observed, tracked.deploymentId),
    );
    return judged.verdict.done ? { done: true, value: judged.verdict } : { done: false, changed };
  });

  const doing = phase.replace("_", " ");
  const last = service ? { service } : {};
  if (end.kind === "cancelled") {
    return { outcome: "cancelled", reason: `interrupted while ${doing}`, ...last };
  }
  if (end.kind === "deadline") {
    const stalledFor = clock.now() - lastProgressAt;
    const reason = clock.now() >= options.deadline
      ? `still ${doing} when the deadline passed`
      : `stalled: nothing progressed for ${Math.round(stalledFor / 1000)}s ` +
        "(no task reached RUNNING, no deployment changed)";
    return { outcome: "timed_out", reason, ...last };
  }
  if (!end.value) {
    return { outcome: "failed", reason: `service "${options.service}" no longer exists` };
  }
  // Where ours is still listed, DescribeServices is conclusive; where ECS has dropped it,
  // only its ServiceDeployment still knows whether it was replaced or rolled back.
  const listed = service?.deployments.some((d) => d.id === tracked.deploymentId) ?? false;
  const confirmed = listed ? undefined : await confirmWithServiceDeployment(options.ecs, tracked);
  const verdict = confirmed && confirmed.outcome !== end.value.outcome ? confirmed : end.value;
  return { outcome: verdict.outcome, reason: verdict.reason, ...last };
}

/**
 * Emits a `progress` event when the deployments differ from the last ones reported, and says
 * whether they did.
 */
export function progressReporter(emit: EventSink) {
  let last = "";
  return (phase: ProgressPhase, deployments: DeploymentSnapshot[]): boolean => {
    const key = JSON.stringify(deployments);
    if (key === last) return false;
    last = key;
    emit({ type: "progress", phase, deployments });
    return true;
  };
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
