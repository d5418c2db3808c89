/**
 * How one simulated CodeDeploy deployment of an ECS service moves on the clock: the lifecycle
 * events in order (hooks run as Lambda functions whose names choose the answer, as for ECS's own
 * hooks: `fail` fails, `slow` takes three invocations), green's task set installed (failing on
 * the image tags that fail ECS tasks, `image_faults.ts`), test traffic, the Ready wait of
 * `deploymentReadyOption` STOP_DEPLOYMENT, production traffic shifted by the deployment config,
 * the wait before blue is terminated, then Succeeded, when ECS adopts green's revision. A failure
 * or a stop rolls back (a `codeDeployRollback` deployment) where auto-rollback says so.
 *
 * Time is lazy: `advanceDeployment(d, now)` runs every transition due up to `now`, in order.
 *
 * @module
 */
import { faultOfImage } from "../image_faults.ts";
import type { SimulatedTimings } from "../timings.ts";
import type { DeploymentRecord, Failure, TaskSetRecord } from "./codedeploy_records.ts";
import { shiftSteps } from "./deployment_configs.ts";

export const EVENTS = [
  "BeforeInstall",
  "Install",
  "AfterInstall",
  "AllowTestTraffic",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AllowTraffic",
  "AfterAllowTraffic",
] as const;

const INSTALL = EVENTS.indexOf("Install");
const ALLOW_TRAFFIC = EVENTS.indexOf("AllowTraffic");
const READY_AFTER = EVENTS.indexOf("AfterAllowTestTraffic");

/** What a rollout needs from around it. */
export interface RolloutWorld {
  timings: SimulatedTimings;
  /** Green's revision became PRIMARY: ECS now runs it. */
  adopt(d: DeploymentRecord): void;
  /** Starts the deployment that rolls `d` back; its id. */
  startRollback(d: DeploymentRecord, now: number): string;
  /** The identity of green's new task set, and the target group it serves. */
  newTaskSet(d: DeploymentRecord): { id: string; arn: string; targetGroup?: string };
}

/** Why green's tasks cannot start, from its images; undefined when they can. */
export function taskFailureOf(images: string[]): string | undefined {
  for (const image of images) {
    const fault = faultOfImage(image);
    if (fault === "fail-pull") {
      return `CannotPullContainerError: pull image manifest has been retried 1 time(s): ${image}: not found`;
    }
    if (fault === "crash") return "Essential container in task exited (exit code 1)";
    if (fault === "unhealthy") return "Task failed ELB health checks in (target-group green)";
  }
  return undefined;
}

/** Starts `d` at `now`: InProgress, its first event running. */
export function startDeployment(d: DeploymentRecord, now: number, world: RolloutWorld): void {
  d.status = "InProgress";
  d.startTime = now;
  d.targetStatus = "InProgress";
  beginEvent(d, 0, now, world);
}

/** Runs every transition of `d` due up to `now`. */
export function advanceDeployment(d: DeploymentRecord, now: number, world: RolloutWorld): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const phase = d.phase;
    if (phase.kind === "done" || phase.until > now) return;
    const at = phase.until;
    d.updatedAt = at;
    switch (phase.kind) {
      case "event":
        endEvent(d, phase.index, at, world, phase.fails);
        break;
      case "shift": {
        const steps = shiftSteps(d.routing);
        const weight = steps[phase.step]!;
        setWeight(d, weight, at);
        if (phase.step + 1 < steps.length) {
          d.phase = {
            kind: "shift",
            index: phase.index,
            step: phase.step + 1,
            until: at + d.routing.intervalMinutes! * 60_000,
          };
        } else endEvent(d, phase.index, at, world);
        break;
      }
      case "ready":
        fail(d, at, world, {
          code: "TIMEOUT",
          message: "The deployment timed out while waiting for the replacement task set to " +
            "receive traffic (deploymentReadyOption STOP_DEPLOYMENT): ContinueDeployment was " +
            "not called in time",
        }, "Stopped");
        break;
      case "termination":
        succeed(d, at, world);
        break;
      case "rollback":
        d.phase = { kind: "done" };
        d.status = "Succeeded";
        d.targetStatus = "Succeeded";
        d.completeTime = at;
        break;
    }
  }
  throw new Error("Simulated CodeDeploy deployment did not settle");
}

/** ContinueDeployment READY_WAIT: traffic goes on to green now. */
export function continueFromReady(d: DeploymentRecord, now: number, world: RolloutWorld): void {
  d.status = "InProgress";
  d.targetStatus = "InProgress";
  beginEvent(d, READY_AFTER + 1, now, world);
}

/** ContinueDeployment TERMINATION_WAIT: blue goes now. */
export function skipTerminationWait(d: DeploymentRecord, now: number, world: RolloutWorld): void {
  succeed(d, now, world);
}

/** StopDeployment: Stopped, rolled back when asked. */
export function stopDeployment(
  d: DeploymentRecord,
  now: number,
  world: RolloutWorld,
  rollBack: boolean,
): void {
  fail(
    d,
    now,
    world,
    {
      code: "MANUAL_STOP",
      message: "The deployment was stopped by a StopDeployment request",
    },
    "Stopped",
    rollBack,
  );
}

function beginEvent(d: DeploymentRecord, index: number, now: number, world: RolloutWorld): void {
  const event = d.events[index]!;
  event.status = "InProgress";
  event.startTime = now;
  const t = world.timings;
  const name = EVENTS[index]!;
  const hook = d.hooks[name];
  if (index === INSTALL) {
    d.green = greenTaskSet(d, now, world);
    const starting = t.provisioningMs + t.pendingMs;
    if (d.taskFailure) {
      d.green.pendingCount = d.green.desiredCount;
      const failure: Failure = {
        code: "ECS_UPDATE_ERROR",
        message: `The ECS deployment failed: the replacement task set ${d.green.id} could not ` +
          `reach a steady state: ${d.taskFailure}`,
        diagnostics: {
          errorCode: "UnknownError",
          scriptName: "",
          message: `Tasks of task set ${d.green.id} stopped: ${d.taskFailure}`,
          logTail: "",
        },
      };
      d.phase = {
        kind: "event",
        index,
        until: now + starting + 3 * t.relaunchDelayMs,
        fails: failure,
      };
    } else {
      d.phase = { kind: "event", index, until: now + starting + t.stabilizationMs };
    }
    return;
  }
  // All at once: production traffic moves as the event begins; it ends once the move is done.
  if (index === ALLOW_TRAFFIC && d.routing.type === "AllAtOnce") setWeight(d, 100, now);
  if (index === ALLOW_TRAFFIC && d.routing.type !== "AllAtOnce") {
    d.phase = { kind: "shift", index, step: 0, until: now + t.lifecycleStageMs };
    return;
  }
  if (hook !== undefined) {
    const lower = hook.toLowerCase();
    const slow = lower.includes("slow") ? 3 : 1;
    const until = now + slow * t.hookInvokeMs;
    const failure: Failure | undefined = lower.includes("fail")
      ? {
        code: "HOOK_EXECUTION_FAILURE",
        message: `The deployment failed because a lifecycle event hook failed: ${name} ` +
          `(Lambda function ${hook}) reported Failed`,
        diagnostics: {
          errorCode: "ScriptFailed",
          scriptName: hook,
          message: `Lambda function ${hook} reported Failed for ${name}`,
          logTail: "",
        },
      }
      : undefined;
    d.phase = { kind: "event", index, until, ...(failure ? { fails: failure } : {}) };
    return;
  }
  const traffic = index === ALLOW_TRAFFIC || EVENTS[index] === "AllowTestTraffic";
  d.phase = { kind: "event", index, until: now + (traffic ? t.lifecycleStageMs : 0) };
}

function endEvent(
  d: DeploymentRecord,
  index: number,
  now: number,
  world: RolloutWorld,
  failure?: Failure,
): void {
  const event = d.events[index]!;
  event.endTime = now;
  if (failure) {
    event.status = "Failed";
    if (failure.diagnostics) event.diagnostics = failure.diagnostics;
    fail(d, now, world, failure, "Failed");
    return;
  }
  event.status = "Succeeded";
  if (index === INSTALL) {
    d.green!.runningCount = d.green!.desiredCount;
    d.green!.pendingCount = 0;
    d.green!.steady = true;
    d.green!.updatedAt = now;
  }
  if (index === ALLOW_TRAFFIC) setWeight(d, 100, now);
  if (index === READY_AFTER && readyWaitMinutes(d) !== undefined) {
    d.status = "Ready";
    d.targetStatus = "Ready";
    d.phase = { kind: "ready", until: now + readyWaitMinutes(d)! * 60_000 };
    return;
  }
  if (index + 1 < EVENTS.length) return beginEvent(d, index + 1, now, world);
  const wait = terminationWaitMinutes(d);
  if (wait > 0) {
    d.instanceTerminationWaitTimeStarted = true;
    d.phase = { kind: "termination", until: now + wait * 60_000 };
    return;
  }
  succeed(d, now, world);
}

/** The Ready wait, in minutes, where the group stops to wait for ContinueDeployment. */
function readyWaitMinutes(d: DeploymentRecord): number | undefined {
  const ready = d.blueGreen?.deploymentReadyOption as Record<string, unknown> | undefined;
  if (ready?.actionOnTimeout !== "STOP_DEPLOYMENT") return undefined;
  return Number(ready.waitTimeInMinutes ?? 0);
}

function terminationWaitMinutes(d: DeploymentRecord): number {
  const terminate = d.blueGreen?.terminateBlueInstancesOnDeploymentSuccess as
    | Record<string, unknown>
    | undefined;
  if (terminate?.action === "KEEP_ALIVE") return 0;
  return Number(terminate?.terminationWaitTimeInMinutes ?? 0);
}

function succeed(d: DeploymentRecord, now: number, world: RolloutWorld): void {
  d.phase = { kind: "done" };
  d.status = "Succeeded";
  d.targetStatus = "Succeeded";
  d.completeTime = now;
  d.green!.status = "PRIMARY";
  d.blue.status = "DRAINING";
  d.blue.desiredCount = d.blue.runningCount = 0;
  d.blue.updatedAt = now;
  world.adopt(d);
}

/** Ends `d` Failed or Stopped, and rolls back where auto-rollback (or the stop) says so. */
function fail(
  d: DeploymentRecord,
  now: number,
  world: RolloutWorld,
  failure: Failure,
  status: "Failed" | "Stopped",
  rollBack?: boolean,
): void {
  d.phase = { kind: "done" };
  d.status = status;
  d.targetStatus = "Failed";
  d.completeTime = now;
  d.errorInformation = { code: failure.code, message: failure.message };
  for (const event of d.events) if (event.status === "Pending") event.status = "Skipped";
  for (const event of d.events) {
    if (event.status === "InProgress") {
      event.status = "Failed";
      event.endTime = now;
    }
  }
  const auto = d.autoRollback;
  const wanted = rollBack ??
    (auto?.enabled === true &&
      auto.events.includes(
        status === "Failed" ? "DEPLOYMENT_FAILURE" : "DEPLOYMENT_STOP_ON_REQUEST",
      ));
  setWeight(d, 0, now);
  if (d.green) {
    d.green.status = "DRAINING";
    d.green.desiredCount = d.green.runningCount = d.green.pendingCount = 0;
  }
  if (wanted) {
    const id = world.startRollback(d, now);
    d.rollbackInfo = {
      rollbackDeploymentId: id,
      rollbackMessage: `Automatic rollback triggered: ${id} restores ${d.blueTaskDefinition}`,
    };
  }
}

function setWeight(d: DeploymentRecord, weight: number, now: number): void {
  if (d.green) {
    d.green.trafficWeight = weight;
    d.green.updatedAt = now;
  }
  d.blue.trafficWeight = 100 - weight;
  d.blue.updatedAt = now;
}

function greenTaskSet(d: DeploymentRecord, now: number, world: RolloutWorld): TaskSetRecord {
  return {
    ...world.newTaskSet(d),
    label: "Green",
    taskDefinition: d.taskDefinition,
    status: "ACTIVE",
    desiredCount: d.blue.desiredCount,
    runningCount: 0,
    pendingCount: d.blue.desiredCount,
    trafficWeight: 0,
    steady: false,
    createdAt: now,
    updatedAt: now,
  };
}
