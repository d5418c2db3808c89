/**
 * Lifecycle hook runs of BLUE_GREEN, LINEAR and CANARY deployments: the hooks of a stage, or of
 * a rollback, started and answered on the clock. PAUSE hooks are AWAITING_ACTION until
 * ContinueServiceDeployment or their timeout (default 1440 minutes, action ROLLBACK).
 * AWS_LAMBDA hooks are simulated from the function name in hookTargetArn (like the image-tag
 * keywords of tasks): a name containing `rollback-fail` answers SUCCEEDED, except during a
 * rollback, where it answers FAILED; any other name containing `fail` answers FAILED; `slow`
 * answers IN_PROGRESS three times (ECS invokes it again after `hookCallbackDelayMs`, 30 s on
 * ECS); any other name answers SUCCEEDED. Each answer takes `hookInvokeMs`.
 *
 * The developer guide (lifecycle hooks): "When a rollback happens, Amazon ECS runs the lifecycle
 * hooks for the following lifecycle stages: PRODUCTION_TRAFFIC_SHIFT, TEST_TRAFFIC_SHIFT".
 * Assumed: only the AWS_LAMBDA hooks among them run then (a rollback does not pause).
 *
 * @module
 */
import type { HookRunRecord, ServiceDeploymentRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { hooksOf } from "./strategy_config.ts";

/** How many IN_PROGRESS answers a `slow` Lambda hook gives before SUCCEEDED. */
export const SLOW_HOOK_ANSWERS = 3;

/** The stages whose hooks ECS runs again while it rolls a deployment back. */
const ROLLBACK_HOOK_STAGES = ["TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT"];

/** Starts a run of every hook of `sd` configured for `stage`. */
export function startHooks(
  state: SimState,
  sd: ServiceDeploymentRecord,
  stage: string,
): HookRunRecord[] {
  return hooksOf(sd.deploymentConfiguration)
    .filter((hook) => hook.lifecycleStages.includes(stage))
    .map((hook) => startRun(state, sd, hook));
}

/** Starts the Lambda hooks a rollback of `sd` runs: one run per hook of those stages. */
export function startRollbackHooks(
  state: SimState,
  sd: ServiceDeploymentRecord,
): HookRunRecord[] {
  return hooksOf(sd.deploymentConfiguration)
    .filter((hook) =>
      hook.targetType === "AWS_LAMBDA" &&
      hook.lifecycleStages.some((stage) => ROLLBACK_HOOK_STAGES.includes(stage))
    )
    .map((hook) => startRun(state, sd, hook, true));
}

function startRun(
  state: SimState,
  sd: ServiceDeploymentRecord,
  hook: ReturnType<typeof hooksOf>[number],
  duringRollback = false,
): HookRunRecord {
  const pause = hook.targetType === "PAUSE";
  const run: HookRunRecord = {
    hookId: `ecs-${pause ? "pause" : "lambda"}-${state.random.alphanumeric(43)}`,
    targetType: hook.targetType,
    ...(!pause && hook.hookTargetArn !== undefined ? { targetArn: hook.hookTargetArn } : {}),
    status: pause ? "AWAITING_ACTION" : "IN_PROGRESS",
    expiresAt: state.now + hook.timeoutMs,
    timeoutAction: hook.timeoutAction,
    invocations: 0,
    ...(pause ? {} : { nextAnswerAt: state.now + state.timings.hookInvokeMs }),
    ...(duringRollback ? { duringRollback: true } : {}),
  };
  if (run.nextAnswerAt !== undefined) state.wakeAt(sd.service, run.nextAnswerAt);
  state.wakeAt(sd.service, run.expiresAt);
  return run;
}

/** What a simulated Lambda hook answers to its `invocation`-th call (0-based). */
export function lambdaAnswer(
  targetArn: string | undefined,
  invocation: number,
  duringRollback = false,
): "SUCCEEDED" | "FAILED" | "IN_PROGRESS" {
  const name = (targetArn ?? "").split(":function:").pop()!.split(":")[0]!.toLowerCase();
  if (name.includes("rollback-fail")) return duringRollback ? "FAILED" : "SUCCEEDED";
  if (name.includes("fail")) return "FAILED";
  if (name.includes("slow") && invocation < SLOW_HOOK_ANSWERS) return "IN_PROGRESS";
  return "SUCCEEDED";
}

/** Where the hook runs of a stage (or a rollback) stand after {@linkcode advanceHooks}. */
export type HooksState =
  | { kind: "waiting" }
  | { kind: "done" }
  /** A hook answered FAILED, or timed out with action ROLLBACK. */
  | { kind: "failed"; hook: HookRunRecord; timedOut: boolean };

/** Advances `hooks` to `state.now`: Lambda answers that fell due, timeouts that passed. */
export function advanceHooks(
  state: SimState,
  sd: ServiceDeploymentRecord,
  hooks: HookRunRecord[],
): HooksState {
  for (const hook of hooks) {
    const pending = hook.status === "IN_PROGRESS" || hook.status === "AWAITING_ACTION";
    if (!pending) continue;
    if (hook.nextAnswerAt !== undefined && hook.nextAnswerAt <= hook.expiresAt) {
      if (state.now < hook.nextAnswerAt) continue;
      const answer = lambdaAnswer(hook.targetArn, hook.invocations++, hook.duringRollback);
      sd.updatedAt = state.now;
      if (answer === "IN_PROGRESS") {
        hook.nextAnswerAt = state.now + state.timings.hookCallbackDelayMs +
          state.timings.hookInvokeMs;
        state.wakeAt(sd.service, hook.nextAnswerAt);
        continue;
      }
      delete hook.nextAnswerAt;
      hook.status = answer;
      if (answer === "FAILED") return { kind: "failed", hook, timedOut: false };
    } else if (state.now >= hook.expiresAt) {
      hook.status = "TIMED_OUT";
      delete hook.nextAnswerAt;
      sd.updatedAt = state.now;
      if (hook.timeoutAction === "ROLLBACK") return { kind: "failed", hook, timedOut: true };
    }
  }
  const done = hooks.every((h) =>
    h.status === "SUCCEEDED" || (h.status === "TIMED_OUT" && h.timeoutAction === "CONTINUE")
  );
  return { kind: done ? "done" : "waiting" };
}
