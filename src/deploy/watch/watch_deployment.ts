import type { Clock } from "../../clock.ts";
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { LifecycleStage, Service } from "../../ecs/types.ts";
import {
  CODE_DEPLOY_EVENTS,
  type CodeDeployClient,
  type CodeDeployEvent,
} from "../../codedeploy/codedeploy_client.ts";
import type { WaitStage } from "../deploy_request.ts";
import { taskSetSnapshots } from "../strategy/code_deploy/judge_code_deploy.ts";
import type { DeployEvent, DeploymentSnapshot, EventSink } from "../deploy_events.ts";
import {
  type FinalOutcome,
  judgeServiceDeployment,
  type StageProgress,
  type TrackedDeployment,
  type Verdict,
  type WatchMemory,
} from "./judge_deployment.ts";
import { isTransientError, isUnavailableApi } from "../calls/call_errors.ts";
import type {
  DeploymentStrategy,
  Observation,
  StageClock,
} from "../strategy/deployment_strategy.ts";
import { observationReader } from "./observation_reader.ts";
import { LIFECYCLE_STAGES } from "../strategy/lifecycle_stages.ts";
import { rolling } from "../strategy/rolling.ts";
import type { PollSettings } from "./poll_schedule.ts";
import { pollService } from "./poll_service.ts";

type ProgressEvent = Extract<DeployEvent, { type: "progress" }>;
type ProgressPhase = ProgressEvent["phase"];

export interface WatchOptions {
  ecs: EcsClient;
  /** For CodeDeploy deployments (the CODE_DEPLOY controller). */
  codeDeploy?: CodeDeployClient;
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
  /** How an observation is read and judged; rolling unless given. */
  strategy?: DeploymentStrategy;
  /** End the watch when it gets here, before ECS has finished (see {@linkcode WatchGoal}). */
  goal?: WatchGoal;
}

/**
 * Where a watch may end before ECS has finished: at a PAUSE hook awaiting approval
 * (`--on-pause exit`), or once the deployment reaches a lifecycle stage (`--wait-until`).
 */
export interface WatchGoal {
  exitOnPause?: boolean;
  untilStage?: WaitStage;
}

export interface WatchResult {
  outcome: FinalOutcome | "timed_out" | "cancelled" | "paused";
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
  const absence = new AbsenceCheck();
  let memory: WatchMemory = {};
  let lastProgress = "";
  let lastProgressAt = clock.now();
  let service: Service | undefined;
  let phase = "deploying";
  const stallTimeoutMs = options.stallTimeoutMs ?? Infinity;
  const strategy = options.strategy ?? rolling;
  const reader = observationReader({ ...options, strategy });
  let stageClock: StageClock = { enteredAfter: clock.now(), seenAt: clock.now() };
  let lastLookAt = clock.now();

  type Ended = { outcome: WatchResult["outcome"]; reason: string } | undefined;
  const end = await pollService<Ended>({
    ...options,
    until: () => Math.min(options.deadline, lastProgressAt + stallTimeoutMs),
    describe: reader.read,
  }, async (observed) => {
    if (!observed) return { done: true, value: undefined };
    service = observed;
    reportNewEvents(observed, seen, emit);
    const observation = reader.observation(observed);
    stageClock = nextStageClock(stageClock, observation, lastLookAt, clock.now());
    lastLookAt = clock.now();
    const judged = strategy.judge(observation, tracked, memory);
    memory = judged.memory;
    if (!judged.verdict.done) phase = judged.verdict.phase;
    const progress = progressOf(observation);
    if (progress !== lastProgress || strategy.advancesByItself(observation)) {
      lastProgress = progress;
      lastProgressAt = clock.now();
    }
    const listed = observed.deployments.some((d) => d.id === tracked.deploymentId);
    let verdict = judged.verdict;
    // CodeDeploy's verdict rests on its own record, never on ECS's deployments[].
    if (verdict.done && !listed && !observation.serviceDeployment && !observation.codeDeploy) {
      verdict = await absence.confirm(verdict, {
        now: clock.now(),
        evidence: memory.failureReason !== undefined,
        witness: () => serviceDeploymentVerdict(options.ecs, tracked),
      });
    } else if (listed) absence.reset();
    const reached = verdict.done ? undefined : goalReached(verdict, options);
    const outlook = verdict.done || reached
      ? undefined
      : strategy.outlook(observation, stageClock, clock.now());
    const changed = reportProgress(
      verdict.done || reached ? "settled" : verdict.phase,
      (observation.codeDeploy && taskSetSnapshots(observation.codeDeploy, tracked)) ??
        snapshotDeployments(observed, tracked.deploymentId),
      verdict.done ? undefined : verdict.stage,
      outlook?.dueInMs !== undefined && outlook.dueLabel
        ? { label: outlook.dueLabel, endsAt: new Date(clock.now() + outlook.dueInMs) }
        : undefined,
    );
    if (reached) return { done: true, value: reached };
    if (verdict.done) return { done: true, value: verdict };
    return { done: false, changed, ...outlook };
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
  return { outcome: end.value.outcome, reason: end.value.reason, ...last };
}

/** The stage clock after a look at `now`: a new one where the stage or its step changed. */
function nextStageClock(
  clock: StageClock,
  { serviceDeployment: sd }: Observation,
  lastLookAt: number,
  now: number,
): StageClock {
  const stage = sd?.lifecycleStage;
  const productionWeight = sd?.targetServiceRevision?.requestedProductionTrafficWeight;
  if (stage === clock.stage && productionWeight === clock.productionWeight) return clock;
  return { stage, productionWeight, enteredAfter: lastLookAt, seenAt: now };
}

/** Where the request lets the watch end before ECS has finished. */
export function watchGoal(
  request: { onPause?: "wait" | "exit"; waitUntilStage?: WaitStage },
): WatchGoal {
  return {
    ...(request.onPause === "exit" ? { exitOnPause: true } : {}),
    ...(request.waitUntilStage ? { untilStage: request.waitUntilStage } : {}),
  };
}

/** The early end the goal asks for, once an observation in progress meets it. */
function goalReached(
  verdict: Extract<Verdict, { done: false }>,
  options: WatchOptions,
): { outcome: "paused" | "succeeded"; reason: string } | undefined {
  const { goal, tracked } = options;
  const stage = verdict.stage?.lifecycleStage;
  const target = `-c ${options.cluster} -n ${options.service}`;
  if (goal?.exitOnPause && verdict.phase === "paused" && verdict.stage?.awaitingHookId) {
    const hook = verdict.stage.awaitingHookId;
    return {
      outcome: "paused",
      reason: `deployment ${tracked.deploymentId} is paused${stage ? ` at ${stage}` : ""}: ` +
        `hook ${hook} awaits approval; go on with: ecs-deploy continue ${target} --hook-id ` +
        `${hook}; or roll back with: ecs-deploy continue ${target} --hook-id ${hook} --reject`,
    };
  }
  if (goal?.exitOnPause && verdict.phase === "paused" && verdict.stage?.awaitingContinue) {
    return {
      outcome: "paused",
      reason: `CodeDeploy deployment ${tracked.deploymentId} is Ready: it reroutes production ` +
        `traffic once approved; go on with: ecs-deploy continue ${target}; or roll back with: ` +
        `ecs-deploy continue ${target} --reject`,
    };
  }
  const wanted = goal?.untilStage;
  const event = verdict.stage?.lifecycleEvent as CodeDeployEvent | undefined;
  if (
    wanted && event && CODE_DEPLOY_EVENTS.includes(wanted as CodeDeployEvent) &&
    CODE_DEPLOY_EVENTS.indexOf(event) >= CODE_DEPLOY_EVENTS.indexOf(wanted as CodeDeployEvent)
  ) {
    return {
      outcome: "succeeded",
      reason: `CodeDeploy deployment ${tracked.deploymentId} reached ${event} and goes on ` +
        `(still in progress); watch it to the end with: ecs-deploy wait ${target}`,
    };
  }
  if (
    wanted && stage &&
    LIFECYCLE_STAGES.indexOf(stage) >= LIFECYCLE_STAGES.indexOf(wanted as LifecycleStage)
  ) {
    return {
      outcome: "succeeded",
      reason: `deployment ${tracked.deploymentId} reached ${stage} and goes on in ECS ` +
        `(still in progress); watch it to the end with: ecs-deploy wait ${target}`,
    };
  }
  return undefined;
}

/** How long ECS may go on showing the service as it was before our UpdateService. */
export const STALE_READ_MS = 5_000;

/**
 * Whether a verdict that rests on our deployment's absence from `deployments[]` is true. ECS is
 * eventually consistent: a DescribeServices answer from before our UpdateService does not list
 * ours yet, which proves nothing. The ServiceDeployment decides where it can be read; without
 * it, the absence must show in a second observation, and, unless ECS has listed ours before or
 * its events name our deployment's failure, for {@linkcode STALE_READ_MS}.
 */
class AbsenceCheck {
  #seenOurs = false;
  #absentSince: number | undefined;
  #absentObservations = 0;

  /** Our deployment was listed. */
  reset(): void {
    this.#seenOurs = true;
    this.#absentSince = undefined;
    this.#absentObservations = 0;
  }

  async confirm(
    verdict: Extract<Verdict, { done: true }>,
    options: { now: number; evidence: boolean; witness: () => Promise<Witness> },
  ): Promise<Verdict> {
    const witness = await options.witness();
    if (witness.kind === "ended") {
      // Where both agree, the observation's reason says more (why, and which revision runs).
      return witness.verdict.outcome === verdict.outcome
        ? verdict
        : { done: true, ...witness.verdict };
    }
    if (witness.kind === "in_progress") return { done: false, phase: "deploying" };
    this.#absentSince ??= options.now;
    this.#absentObservations++;
    if (options.evidence) return verdict;
    const confirmed = this.#absentObservations >= 2 &&
      (this.#seenOurs || options.now - this.#absentSince >= STALE_READ_MS);
    return confirmed ? verdict : { done: false, phase: "deploying" };
  }
}

/** What our ServiceDeployment says, where it can be read. */
type Witness =
  | { kind: "ended"; verdict: { outcome: FinalOutcome; reason: string } }
  | { kind: "in_progress" }
  | { kind: "unavailable" };

/**
 * The ServiceDeployment's own verdict, which wins where ECS has finished with it: it still
 * knows our deployment after ECS has removed it from the service's deployments. Unavailable
 * where the deployment APIs are not offered or not allowed, or did not answer this time.
 */
async function serviceDeploymentVerdict(
  ecs: EcsClient,
  tracked: TrackedDeployment,
): Promise<Witness> {
  if (!tracked.serviceDeploymentArn) return { kind: "unavailable" };
  let deployment;
  try {
    [deployment] = await ecs.describeServiceDeployments([tracked.serviceDeploymentArn]);
  } catch (error) {
    if (isUnavailableApi(error) || isTransientError(error)) return { kind: "unavailable" };
    throw error;
  }
  if (!deployment) return { kind: "unavailable" };
  const verdict = judgeServiceDeployment(deployment);
  return verdict ? { kind: "ended", verdict } : { kind: "in_progress" };
}

/**
 * Emits a `progress` event when the deployments differ from the last ones reported, and says
 * whether they did.
 */
export function progressReporter(emit: EventSink) {
  let last = "";
  return (
    phase: ProgressPhase,
    deployments: DeploymentSnapshot[],
    stage?: StageProgress,
    countdown?: ProgressEvent["countdown"],
  ): boolean => {
    const key = JSON.stringify([phase, deployments, stage, countdown]);
    if (key === last) return false;
    last = key;
    emit({
      type: "progress",
      phase,
      deployments,
      ...(stage ? { stage } : {}),
      ...(countdown
        ? { countdown }
        : stage?.bakeEndsAt
        ? { countdown: { label: "bake", endsAt: stage.bakeEndsAt } }
        : {}),
    });
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
function progressOf({ service, serviceDeployment: sd, codeDeploy }: Observation): string {
  return JSON.stringify([
    service.deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount]),
    sd ? [sd.status, sd.lifecycleStage, sd.lifecycleHookDetails?.map((h) => h.status)] : null,
    codeDeploy
      ? [codeDeploy.deployment.status, codeDeploy.target?.lifecycleEvents.map((e) => e.status)]
      : null,
  ]);
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
