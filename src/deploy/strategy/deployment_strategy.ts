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
import type {
  CodeDeployClient,
  CodeDeployDeployment,
  EcsDeploymentTarget,
} from "../../codedeploy/codedeploy_client.ts";
import type { Clock } from "../../clock.ts";
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { EventSink } from "../deploy_events.ts";

/** One look at our deployment. */
export interface Observation {
  service: Service;
  /** Our ServiceDeployment, where the strategy reads it and the deployment APIs answer. */
  serviceDeployment?: ServiceDeployment;
  /** Our CodeDeploy deployment, for a service of the CODE_DEPLOY controller. */
  codeDeploy?: CodeDeployObservation;
}

/** What one look at a CodeDeploy deployment read. */
export interface CodeDeployObservation {
  deployment: CodeDeployDeployment;
  /** The ECS target: lifecycle events and task sets; absent before CodeDeploy has one. */
  target?: EcsDeploymentTarget;
  /** The deployment CodeDeploy started to roll ours back, once there is one. */
  rollback?: CodeDeployDeployment;
}

/** What reading, starting or stopping a deployment works with: the run's bounded clients. */
export interface StrategyDeps {
  ecs: EcsClient;
  /** Present where the CLI can reach CodeDeploy (always, for the real CLI). */
  codeDeploy?: CodeDeployClient | undefined;
  clock: Clock;
  emit: EventSink;
}

/** How an observation is read, where the strategy reads more than ECS shows. */
export interface ObservationSource {
  /** The service (fresh or reused), undefined once it is missing; reads the rest too. */
  read(): Promise<Service | undefined>;
  observation(service: Service): Observation;
}

/**
 * A deployment that does not start by UpdateService (CodeDeploy's CreateDeployment): `prepare`
 * reads what starting needs before anything is changed, refusing with `InvalidRequestError`.
 */
export interface Launcher {
  prepare(
    service: Service,
    request: DeployRequest,
    deps: StrategyDeps,
  ): Promise<PreparedLaunch>;
}

export interface PreparedLaunch {
  /** What the plan and the dry run show of it. */
  summary: LaunchSummary;
  /** Starts the deployment of the registered revision; its id. */
  start(taskDefinitionArn: string): Promise<string>;
}

/** A launch as the plan shows it. */
export interface LaunchSummary {
  /** Such as `CodeDeploy application "api-app", deployment group "api-group"`. */
  via: string;
  /** The request that starts it, with the revision still to be registered as `<new revision>`. */
  request: Record<string, unknown>;
}

export interface DeploymentStrategy {
  readonly name: DeploymentStrategyName | "CODE_DEPLOY";
  /** How the deployment starts, where UpdateService does not start it. */
  readonly launcher?: Launcher;
  /** How each look reads our deployment, where ECS's own reads do not show it. */
  source?(tracked: TrackedDeployment, context: SourceContext): ObservationSource;
  /**
   * Stops our deployment in flight so that it rolls back by itself; false where it is no longer
   * in flight (the caller then deploys the previous revision instead).
   */
  stopWithRollback?(tracked: TrackedDeployment, deps: StrategyDeps): Promise<boolean>;
  /** Our deployment in flight on `service`, found from what the service shows. */
  inFlight?(service: Service, deps: StrategyDeps): Promise<TrackedDeployment | undefined>;
  /**
   * Answers the approval the deployment in flight awaits (`continue`), or rejects it so that it
   * rolls back (`continue --reject`); where the strategy has its own (CodeDeploy's Ready).
   * Throws InvalidRequestError when nothing awaits approval.
   */
  answerPause?(
    service: Service,
    reject: boolean,
    deps: StrategyDeps,
  ): Promise<{ tracked: TrackedDeployment; answered: string; action: "CONTINUE" | "ROLLBACK" }>;
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

/** Where a source reads. */
export interface SourceContext extends StrategyDeps {
  cluster: string;
  service: string;
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
