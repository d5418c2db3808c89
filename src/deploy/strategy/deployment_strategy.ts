/**
 * A deployment strategy: how one observation of our deployment is judged, and what an
 * observation reads. Chosen once per deploy, from the service's data ({@linkcode strategyOf});
 * the watch asks it and never branches on the strategy itself.
 *
 * @module
 */
import type {
  DeploymentStrategyName,
  LifecycleStage,
  Service,
  ServiceDeployment,
} from "../../ecs/types.ts";
import type { TrackedDeployment, Verdict, WatchMemory } from "../watch/judge_deployment.ts";

/** One look at our deployment. */
export interface Observation {
  service: Service;
  /** Our ServiceDeployment, where the strategy reads it and the deployment APIs answer. */
  serviceDeployment?: ServiceDeployment;
}

export interface DeploymentStrategy {
  readonly name: DeploymentStrategyName;
  /** Whether each look also reads our ServiceDeployment, because its status decides. */
  readonly readsServiceDeployment: boolean;
  judge(
    observation: Observation,
    tracked: TrackedDeployment,
    memory: WatchMemory,
  ): { verdict: Verdict; memory: WatchMemory };
  /**
   * Whether ECS is moving the deployment on by the clock (a bake, a hook at work or awaiting
   * approval), which is progress even when nothing else changes: it never counts as a stall.
   */
  advancesByItself(observation: Observation): boolean;
  /**
   * Whether the outcome looks near (the watch then polls fast, for a bounded time), or when it
   * is expected to come near, from this look and when its stage began. A pure function of the
   * observations: the watch's schedule, never its verdict.
   */
  outlook(observation: Observation, stage: StageClock, now: number): Outlook;
}

/**
 * When the lifecycle stage now shown (and, in a production traffic shift, its step) began, as
 * far as the watch's looks can tell.
 */
export interface StageClock {
  stage?: LifecycleStage | undefined;
  /** The production traffic weight shown with the stage: a new one is a new shift step. */
  productionWeight?: number | undefined;
  /**
   * Epoch milliseconds of the last look before the stage showed (or of the watch's start): the
   * stage began after it, so anything timed from the stage's start ends no sooner than that plus
   * its duration.
   */
  enteredAfter: number;
  /** Epoch milliseconds of the first look that showed it: the stage began before. */
  seenAt: number;
}

/** What one look says about the outcome to come. */
export interface Outlook {
  near: boolean;
  /**
   * How much longer than usual a stretch of looking near may last: as long as the moment the
   * edge comes is uncertain (a bake that began somewhere between two looks).
   */
  nearExtraMs?: number;
  /** How long after the outcome first looked near the fast rate begins (the usual rate before). */
  nearFromMs?: number;
  /**
   * Milliseconds from now until the next edge is due (a bake or a traffic step that ends then):
   * the watch looks slowly until then, for failures only.
   */
  dueInMs?: number;
  /** What is due then, for the progress countdown: "bake", "traffic step". */
  dueLabel?: string;
  /** The outcome is far and not timed (a PAUSE hook awaiting someone): look slowly. */
  far?: boolean;
}
