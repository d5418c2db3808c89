/**
 * The ECS-controller scheduler of BLUE_GREEN, LINEAR and CANARY deployments: the green
 * (PRIMARY) revision walks the lifecycle stages of its ServiceDeployment while the blue one
 * keeps running, then blue is cleaned up and the deployment is SUCCESSFUL. Facts (developer
 * guide, API reference): RECONCILE_SERVICE only with more than one ACTIVE revision;
 * PRE_SCALE_UP green not started; SCALE_UP green to 100 % with no traffic; TEST_TRAFFIC_SHIFT
 * green takes 100 % of test traffic; PRODUCTION_TRAFFIC_SHIFT green takes production traffic
 * (BLUE_GREEN at once, LINEAR in steps of stepPercent with stepBakeTimeInMinutes between steps
 * and none after 100 %, CANARY canaryPercent for canaryBakeTimeInMinutes then the rest);
 * BAKE_TIME both revisions run for bakeTimeInMinutes; CLEAN_UP blue scales to 0.
 *
 * Lifecycle hooks run at the stages they name and the stage waits for all of them
 * (`lifecycle_hooks.ts` says how they answer); a PRODUCTION_TRAFFIC_SHIFT hook runs again at
 * every step of a LINEAR or CANARY shift.
 *
 * A rollback (failing hook, pause rejected or timed out with ROLLBACK, circuit breaker, alarm,
 * StopServiceDeployment) restores the blue deployment, which never stopped, as PRIMARY and
 * moves all traffic back to it at once; the rolling scheduler then drains green. The hooks ECS
 * runs while rolling back must all succeed first: one that fails fails the rollback
 * (ROLLBACK_FAILED).
 */
import type {
  DeploymentRecord,
  LifecycleRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  TaskRecord,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { completeDeployment, failRollback, startRollback } from "./deployment_lifecycle.ts";
import { addServiceEvent, serviceMessages } from "./service_events.ts";
import {
  isHealthy,
  launchFor,
  loadBalancerEvents,
  scalingReason,
  stopOrder,
} from "./service_tasks.ts";
import { swapTargetGroups } from "./load_balancer_config.ts";
import { configNumber } from "./strategy_config.ts";
import { advanceHooks, startHooks } from "./lifecycle_hooks.ts";
import { stopTask } from "./task_lifecycle.ts";

/** Whether the PRIMARY of `service` is a traffic-shifting deployment still walking its stages. */
export function runsLifecycle(service: ServiceRecord): boolean {
  const primary = service.deployments[0];
  const sd = primary?.serviceDeployment;
  return sd?.lifecycle !== undefined && sd.deployment === primary &&
    (sd.status === "IN_PROGRESS" || sd.status === "ROLLBACK_REQUESTED");
}

/**
 * Whether the rollback the PRIMARY of `service` stands for may finish: every hook ECS runs while
 * rolling a traffic-shifting deployment back has answered. One that fails or times out with
 * ROLLBACK fails the rollback. True for anything else.
 */
export function rollbackHooksDone(state: SimState, service: ServiceRecord): boolean {
  const restored = service.deployments[0];
  const sd = restored?.serviceDeployment;
  if (!restored?.restoredFor || !sd?.lifecycle || sd.status !== "ROLLBACK_IN_PROGRESS") {
    return true;
  }
  const runs = sd.lifecycle.hooks.filter((hook) => hook.duringRollback);
  const run = advanceHooks(state, sd, runs);
  if (run.kind !== "failed") return run.kind === "done";
  failRollback(
    state,
    restored,
    `Service deployment rollback failed because lifecycle hook ${run.hook.hookId} ${
      run.timedOut ? "timed out" : "failed"
    }.`,
  );
  return false;
}

/** Runs the scheduler of a service whose PRIMARY `runsLifecycle`, at `state.now`. */
export function reconcileLifecycle(state: SimState, service: ServiceRecord): void {
  const green = service.deployments[0]!;
  const sd = green.serviceDeployment;
  const life = sd.lifecycle!;
  // A requested rollback holds everything until it starts.
  if (sd.status !== "IN_PROGRESS") return;
  if (life.index < 0) enterStage(state, sd, 0);
  for (let guard = 0; guard < 100; guard++) {
    manageTasks(state, service, green, life);
    if (!hooksDone(state, sd) || sd.status !== "IN_PROGRESS") return;
    if (!stageWorkDone(state, service, sd)) return;
    if (life.index === life.stages.length - 1) {
      completeDeployment(state, service);
      // Green ran behind the alternate target group, which now takes production traffic.
      if (life.managesTraffic) swapTargetGroups(service);
      return;
    }
    enterStage(state, sd, life.index + 1);
  }
}

function enterStage(state: SimState, sd: ServiceDeploymentRecord, index: number): void {
  const life = sd.lifecycle!;
  const stage = life.stages[index]!;
  life.index = index;
  life.stageStartedAt = state.now;
  sd.updatedAt = state.now;
  if (stage === "TEST_TRAFFIC_SHIFT") life.testWeight = 100;
  if (stage === "PRODUCTION_TRAFFIC_SHIFT") {
    life.step = 0;
    life.productionWeight = 0;
    takeStep(state, sd);
    return;
  }
  life.hooks = startHooks(state, sd, stage);
}

/** One production shift step: green's weight up, the step's bake timer, the stage's hooks. */
function takeStep(state: SimState, sd: ServiceDeploymentRecord): void {
  const life = sd.lifecycle!;
  const config = sd.deploymentConfiguration;
  const first = life.step === 0;
  const step = life.strategy === "LINEAR"
    ? configNumber(config, "linearConfiguration", "stepPercent", 10)
    : life.strategy === "CANARY" && first
    ? configNumber(config, "canaryConfiguration", "canaryPercent", 5)
    : 100;
  life.step++;
  // Rounded to 0.1 %, the granularity ECS accepts for the percentages.
  life.productionWeight = Math.min(100, Math.round((life.productionWeight + step) * 10) / 10);
  const bakeMinutes = life.strategy === "LINEAR"
    ? configNumber(config, "linearConfiguration", "stepBakeTimeInMinutes", 6)
    : configNumber(config, "canaryConfiguration", "canaryBakeTimeInMinutes", 10);
  life.stepEndsAt = state.now +
    (life.productionWeight >= 100 ? state.timings.lifecycleStageMs : bakeMinutes * 60_000);
  state.wakeAt(sd.service, life.stepEndsAt);
  life.hooks = startHooks(state, sd, "PRODUCTION_TRAFFIC_SHIFT");
  sd.updatedAt = state.now;
}

/** Advances the hooks of the current stage; true once all of them let the stage go on. */
function hooksDone(state: SimState, sd: ServiceDeploymentRecord): boolean {
  const run = advanceHooks(state, sd, sd.lifecycle!.hooks);
  if (run.kind !== "failed") return run.kind === "done";
  const { hookId } = run.hook;
  rollBackStrategyDeployment(
    state,
    sd,
    run.timedOut ? "Lifecycle hook timeout" : "Lifecycle hook",
    `Service deployment rolled back because lifecycle hook ${hookId} ${
      run.timedOut ? "timed out" : "failed"
    }.`,
  );
  return false;
}

function stageWorkDone(
  state: SimState,
  service: ServiceRecord,
  sd: ServiceDeploymentRecord,
): boolean {
  const life = sd.lifecycle!;
  const timer = (at: number) => {
    if (state.now >= at) return true;
    state.wakeAt(service, at);
    return false;
  };
  switch (life.stages[life.index]) {
    case "SCALE_UP": {
      const green = liveOf(state, service).filter((t) => t.deployment === sd.deployment);
      return green.length === service.desiredCount && green.every(isHealthy);
    }
    case "PRODUCTION_TRAFFIC_SHIFT":
      if (!timer(life.stepEndsAt!)) return false;
      if (life.productionWeight >= 100) return true;
      takeStep(state, sd);
      return false;
    case "BAKE_TIME":
      return timer(
        life.stageStartedAt +
          configNumber(sd.deploymentConfiguration, undefined, "bakeTimeInMinutes", 0) *
            60_000,
      );
    case "CLEAN_UP":
      return state.tasksOf(service).every((t) => t.deployment === sd.deployment);
    default:
      return timer(life.stageStartedAt + state.timings.lifecycleStageMs);
  }
}

function liveOf(state: SimState, service: ServiceRecord): TaskRecord[] {
  return state.tasksOf(service).filter((t) => t.desiredStatus === "RUNNING");
}

/** Green at the desired count from SCALE_UP on (no maximumPercent: blue keeps running); blue
 * stopped in CLEAN_UP. */
function manageTasks(
  state: SimState,
  service: ServiceRecord,
  green: DeploymentRecord,
  life: LifecycleRecord,
): void {
  const desired = service.desiredCount;
  green.desiredCount = desired;
  const started: TaskRecord[] = [];
  const stopped: TaskRecord[] = [];
  const stop = (t: TaskRecord) => {
    stopTask(state, t, "ServiceSchedulerInitiated", scalingReason(green));
    stopped.push(t);
  };
  if (life.index >= life.stages.indexOf("SCALE_UP")) {
    const greenLive = liveOf(state, service).filter((t) => t.deployment === green);
    if (greenLive.length > desired) {
      greenLive.sort(stopOrder).slice(0, greenLive.length - desired).forEach(stop);
    }
    const need = desired - greenLive.length;
    if (green.launching && need > 0) {
      if (state.now < green.nextLaunchAt) state.wakeAt(service, green.nextLaunchAt);
      else for (let i = 0; i < need; i++) started.push(launchFor(state, service));
    }
  }
  if (life.stages[life.index] === "CLEAN_UP") {
    liveOf(state, service).filter((t) => t.deployment !== green).forEach(stop);
  }
  if (started.length > 0) {
    addServiceEvent(state, service, serviceMessages.started(service, started));
  }
  loadBalancerEvents(state, service, stopped);
  if (stopped.length > 0) {
    addServiceEvent(state, service, serviceMessages.stopped(service, stopped));
  }
  for (const d of service.deployments.slice(1)) {
    const remaining = liveOf(state, service).filter((t) => t.deployment === d).length;
    if (d.desiredCount !== remaining) {
      d.desiredCount = remaining;
      d.updatedAt = state.now;
    }
  }
}

/**
 * Fails the green deployment of `sd` and rolls back to the last completed revision (the blue
 * one, no new revision); without one it is STOPPED.
 */
export function rollBackStrategyDeployment(
  state: SimState,
  sd: ServiceDeploymentRecord,
  reason: string,
  statusReason: string,
): void {
  const service = sd.service;
  const green = sd.deployment;
  green.rolloutState = "FAILED";
  green.rolloutStateReason = statusReason;
  green.launching = false;
  green.updatedAt = state.now;
  if (!service.lastCompleted || service.lastCompleted.id === green.id) {
    sd.status = "STOPPED";
    sd.statusReason = statusReason;
    sd.stoppedAt = state.now;
    sd.updatedAt = state.now;
    if (!sd.reported) {
      sd.reported = true;
      state.emitFinished({
        deploymentId: green.id,
        serviceDeploymentArn: sd.arn,
        outcome: "FAILED",
        at: state.now,
      });
    }
    state.markDirty(service);
    return;
  }
  startRollback(state, service, green, reason);
  sd.statusReason = statusReason;
}
