/**
 * How long each step of a simulated rollout takes, in milliseconds of (virtual) clock time.
 *
 * A task goes PROVISIONING -(provisioningMs)-> PENDING -(pendingMs, or slowStartMs for `slow`
 * images)-> RUNNING, then HEALTHY after healthCheckMs when a container has a healthCheck (without one it counts
 * as healthy after runningGraceMs). The
 * scheduler counts a deployment complete once its tasks have been healthy for stabilizationMs.
 */
export interface SimulatedTimings {
  /** PROVISIONING -> PENDING. */
  provisioningMs: number;
  /** PENDING (image pull) -> RUNNING, or -> STOPPED for `fail-pull` images. */
  pendingMs: number;
  /** PENDING -> RUNNING for `slow` images. */
  slowStartMs: number;
  /** RUNNING -> HEALTHY (or UNHEALTHY for `unhealthy` images) when a container has a healthCheck. */
  healthCheckMs: number;
  /**
   * How long a RUNNING task without container health checks waits before it counts as healthy
   * (ECS waits 40 seconds).
   */
  runningGraceMs: number;
  /** RUNNING -> essential container exit for `crash` images (keep it below the grace periods). */
  crashAfterMs: number;
  /**
   * How long a deployment's tasks must all have been healthy (and the deployment have existed)
   * before the scheduler calls its rollout COMPLETED.
   */
  stabilizationMs: number;
  /** DEACTIVATING/STOPPING -> STOPPED for tasks the scheduler or a user stops while running. */
  drainingMs: number;
  /** STOPPING -> STOPPED for tasks that failed or never ran. */
  stoppingMs: number;
  /**
   * How long the scheduler waits after a task of a deployment failed before launching more;
   * doubles with each round of failures (ECS's service throttle), up to maxRelaunchDelayMs.
   */
  relaunchDelayMs: number;
  maxRelaunchDelayMs: number;
  /**
   * How long a lifecycle stage of a BLUE_GREEN, LINEAR or CANARY deployment without its own
   * work (the POST_* stages, a traffic shift) takes; bakes take their configured minutes.
   */
  lifecycleStageMs: number;
  /** How long a Lambda lifecycle hook takes to answer one invocation. */
  hookInvokeMs: number;
  /** After an IN_PROGRESS answer ECS invokes the hook again after this (ECS: 30 seconds). */
  hookCallbackDelayMs: number;
  /**
   * How long the command of a standalone task's container runs when no `sleep-N` word or tag
   * says (see `one_off_commands.ts`).
   */
  commandRunMs: number;
  /** How long STOPPED tasks stay visible to ListTasks/DescribeTasks (ECS: at least an hour). */
  stoppedTaskRetentionMs: number;
  /** DRAINING -> INACTIVE of a deleted service once its tasks are gone; then it is forgotten. */
  inactiveServiceRetentionMs: number;
}

/** Realistic but quick: a healthy two-task rolling deployment completes in a few seconds. */
export const defaultTimings: SimulatedTimings = {
  provisioningMs: 300,
  pendingMs: 700,
  slowStartMs: 30_000,
  healthCheckMs: 1_000,
  runningGraceMs: 1_000,
  crashAfterMs: 300,
  stabilizationMs: 1_000,
  drainingMs: 500,
  stoppingMs: 200,
  relaunchDelayMs: 1_000,
  maxRelaunchDelayMs: 900_000,
  lifecycleStageMs: 1_000,
  hookInvokeMs: 1_000,
  hookCallbackDelayMs: 30_000,
  commandRunMs: 1_000,
  stoppedTaskRetentionMs: 3_600_000,
  inactiveServiceRetentionMs: 3_600_000,
};

/** For tests on a fake clock: every step takes tens of milliseconds. */
export const fastTimings: SimulatedTimings = {
  provisioningMs: 10,
  pendingMs: 20,
  slowStartMs: 1_000,
  healthCheckMs: 30,
  runningGraceMs: 30,
  crashAfterMs: 10,
  stabilizationMs: 20,
  drainingMs: 20,
  stoppingMs: 10,
  relaunchDelayMs: 20,
  maxRelaunchDelayMs: 2_000,
  lifecycleStageMs: 10,
  hookInvokeMs: 10,
  hookCallbackDelayMs: 100,
  commandRunMs: 50,
  stoppedTaskRetentionMs: 3_600_000,
  inactiveServiceRetentionMs: 3_600_000,
};
