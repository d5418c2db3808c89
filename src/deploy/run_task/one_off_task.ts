/**
 * One one-off task from RunTask to its end: start it with the container overrides, follow its
 * status (and its awslogs lines) until ECS reports it STOPPED, and judge how it ended. Polls
 * often enough to see the end within a second of ECS showing it, and faster once ECS is
 * stopping the task. At the watch's deadline the task is stopped, unless it is to keep running.
 * Shared by `run` and `deploy --run-before`.
 *
 * @module
 */
import { InvalidRequestError } from "../../errors.ts";
import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type {
  CapacityProviderStrategyItem,
  KeyValuePair,
  NetworkConfiguration,
  RunTaskInput,
  Task,
  TaskDefinition,
} from "../../ecs/types.ts";
import type { Clock } from "../../clock.ts";
import type { LogsClient } from "../../logs/logs_client.ts";
import type { EventSink, OneOffTaskResult } from "../deploy_events.ts";
import type { Diagnosis } from "../diagnose/diagnose_deployment.ts";
import { TaskLogFollower } from "./follow_task_logs.ts";
import { CallStoppedError } from "../calls/bounded_ecs_client.ts";
import { describeError } from "../describe_error.ts";
import { judgeStoppedTask } from "./judge_task.ts";
import { taskLogStreams } from "./task_log_streams.ts";
import { taskDiagnosis, taskRunResult } from "./task_run_result.ts";

/** Between two looks while the task runs: the end is seen within a second of ECS showing it. */
export const RUNNING_POLL_MS = 750;
/** Between two looks once ECS is stopping the task. */
export const STOPPING_POLL_MS = 250;
/**
 * Between two reads of the task's log streams while it runs (and once more when it stopped):
 * slower than the looks, since CloudWatch Logs allows few GetLogEvents a second per account.
 */
export const LOG_READ_INTERVAL_MS = 2_000;

/** Where and how the task runs (from the flags or the service it borrows them from). */
export interface TaskPlacement {
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  networkConfiguration?: NetworkConfiguration;
}

/** Everything one run of a task needs, checked. */
export interface OneOffTaskSpec {
  cluster: string;
  taskDefinition: TaskDefinition;
  container: string;
  command?: string[];
  environment: KeyValuePair[];
  placement: TaskPlacement;
  /** Until when (clock ms) to wait for the task to stop; then it times out. */
  watchUntil: number;
  keepRunning: boolean;
  /** The RunTask client token, so a retried RunTask starts no second task. */
  clientToken: string;
}

export interface OneOffTaskDeps {
  ecs: EcsClient;
  logs?: LogsClient | undefined;
  clock: Clock;
  emit: EventSink;
  signal?: AbortSignal | undefined;
}

/** How the task ended, for the result and its diagnosis. */
export interface OneOffTaskRun {
  result: OneOffTaskResult;
  diagnosis?: Diagnosis;
}

/**
 * Runs the task and waits for its end. Throws {@linkcode InvalidRequestError} when ECS rejects
 * the RunTask request (nothing started); calls the deadline or a signal stops throw their
 * `CallStoppedError`.
 */
export async function runOneOffTask(
  spec: OneOffTaskSpec,
  deps: OneOffTaskDeps,
): Promise<OneOffTaskRun> {
  const { ecs, emit } = deps;
  const td = spec.taskDefinition;
  const base = {
    command: spec.command ?? null,
    container: spec.container,
    taskDefinitionArn: td.taskDefinitionArn,
  };
  let output;
  try {
    output = await ecs.runTask(runTaskInput(spec));
  } catch (error) {
    if (error instanceof EcsApiError && isRejection(error)) {
      throw new InvalidRequestError(
        `ECS refused to run a task of "${td.family}:${td.revision}": ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  const started = output.tasks[0];
  if (!started) {
    const failure = output.failures[0];
    const reason = `ECS could not place a task of "${td.family}:${td.revision}": ${
      failure?.reason ?? "no task and no failure returned"
    }${failure?.detail ? ` (${failure.detail})` : ""}`;
    return {
      result: {
        ...base,
        taskArn: null,
        outcome: "failed",
        reason,
        exitCode: null,
        lastStatus: null,
        stopCode: null,
        stoppedReason: null,
        containers: [],
        logTail: [],
        stoppedByUs: false,
      },
      diagnosis: { summary: reason, stoppedTasks: [], events: [], unreadable: [] },
    };
  }
  const taskArn = started.taskArn;
  emit({ type: "task_started", taskArn, ...base });
  const streams = taskLogStreams(td, taskArn.split("/").pop()!);
  const follower = deps.logs && streams.length > 0
    ? new TaskLogFollower(deps.logs, streams, emit, taskArn)
    : undefined;
  if (deps.logs && !streams.some((s) => s.container === spec.container)) {
    // Asked for logs, the person would otherwise wait for lines that never come.
    emit({
      type: "logs_unavailable",
      taskArn,
      reason: `No logs to show for container "${spec.container}": it does not log with the ` +
        "awslogs driver and an awslogs-stream-prefix",
    });
  }
  const essential = td.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name);

  const state = { seen: started as Task, lastStatus: "" };
  try {
    return await followTask(spec, deps, { base, taskArn, follower, essential, state });
  } catch (error) {
    // Whatever ended the watch, the task was started: the result names it and how to stop it.
    const stopped = error instanceof CallStoppedError;
    const reason = `${stopped ? error.message : describeError(error)}; ` +
      goesOn(spec.cluster, taskArn, state.seen.lastStatus);
    return {
      result: taskRunResult(base, state.seen, stopped ? error.outcome : "error", reason, null, {
        tail: follower?.tail ?? [],
        stoppedByUs: false,
      }),
    };
  }
}

/** The watch of a started task, up to its end or the deadline (then it is stopped). */
async function followTask(
  spec: OneOffTaskSpec,
  deps: OneOffTaskDeps,
  { base, taskArn, follower, essential, state }: {
    base: Pick<OneOffTaskResult, "command" | "container" | "taskDefinitionArn">;
    taskArn: string;
    follower: TaskLogFollower | undefined;
    essential: string[];
    state: { seen: Task; lastStatus: string };
  },
): Promise<OneOffTaskRun> {
  const { ecs, clock, emit } = deps;
  let lastLogRead = -Infinity;
  for (;;) {
    const [shown] = await ecs.describeTasks(spec.cluster, [taskArn]);
    // ECS's API is eventually consistent: a task RunTask just started may not show yet (MISSING);
    // it is looked at again, as last seen, up to the deadline.
    const task = shown ?? state.seen;
    state.seen = task;
    const started = task.lastStatus !== "PROVISIONING" && task.lastStatus !== "PENDING";
    const due = clock.now() - lastLogRead >= LOG_READ_INTERVAL_MS;
    const readLogs = async () => {
      if (!follower || !started || !(due || task.lastStatus === "STOPPED")) return;
      lastLogRead = clock.now();
      await follower.read();
    };
    // Once the task is stopping, its last lines come before the status that ends it.
    const stopping = task.desiredStatus === "STOPPED";
    if (stopping) await readLogs();
    if (task.lastStatus !== state.lastStatus) {
      state.lastStatus = task.lastStatus;
      emit({
        type: "task_status",
        taskArn,
        lastStatus: task.lastStatus,
        desiredStatus: task.desiredStatus,
      });
    }
    if (!stopping) await readLogs();
    if (task.lastStatus === "STOPPED") {
      const verdict = judgeStoppedTask(task, essential);
      const result = taskRunResult(base, task, verdict.outcome, verdict.reason, verdict.exitCode, {
        tail: follower?.tail ?? [],
        stoppedByUs: false,
      });
      return verdict.outcome === "succeeded"
        ? { result }
        : { result, diagnosis: taskDiagnosis(result) };
    }
    const left = spec.watchUntil - clock.now();
    if (left <= 0) break;
    const interval = task.desiredStatus === "STOPPED" ? STOPPING_POLL_MS : RUNNING_POLL_MS;
    try {
      await clock.sleep(Math.min(interval, left), deps.signal);
    } catch (error) {
      // Only the run's signal ends the sleep early; anything else is not an interruption.
      if (!deps.signal?.aborted) throw error;
      const reason = `interrupted; ${goesOn(spec.cluster, taskArn, task.lastStatus)}`;
      return {
        result: taskRunResult(base, state.seen, "cancelled", reason, null, {
          tail: follower?.tail ?? [],
          stoppedByUs: false,
        }),
      };
    }
  }

  const seen = state.seen;
  const waited = `still ${seen.lastStatus} at the deadline`;
  if (spec.keepRunning) {
    const reason = `task ${taskIdOf(taskArn)} ${waited}; it goes on in ECS (--keep-running)`;
    const result = taskRunResult(base, seen, "timed_out", reason, null, {
      tail: follower?.tail ?? [],
      stoppedByUs: false,
    });
    return { result, diagnosis: taskDiagnosis(result) };
  }
  const stopReason = "ecs-deploy run: the deadline passed";
  let stopped;
  try {
    stopped = await ecs.stopTask(spec.cluster, taskArn, stopReason);
  } catch (error) {
    if (error instanceof CallStoppedError) throw error;
    const reason = `task ${taskIdOf(taskArn)} ${waited}; could not stop it: ` +
      `${describeError(error)}; ${goesOn(spec.cluster, taskArn)}`;
    const result = taskRunResult(base, seen, "timed_out", reason, null, {
      tail: follower?.tail ?? [],
      stoppedByUs: false,
    });
    return { result, diagnosis: taskDiagnosis(result) };
  }
  emit({ type: "task_stopping", taskArn, reason: stopReason });
  await follower?.read();
  const result = taskRunResult(
    base,
    stopped,
    "timed_out",
    `task ${taskIdOf(taskArn)} ${waited}; stopped it`,
    null,
    {
      tail: follower?.tail ?? [],
      stoppedByUs: true,
    },
  );
  return { result, diagnosis: taskDiagnosis(result) };
}

/** That a task goes on in ECS (in `status`, where known), and the command that stops it. */
function goesOn(cluster: string, taskArn: string, status?: string): string {
  return `task ${taskIdOf(taskArn)} goes on in ECS${status ? ` (${status})` : ""}: stop it ` +
    `with: aws ecs stop-task --cluster ${cluster} --task ${taskArn}`;
}

/** The task id, the last part of its ARN, as reasons name tasks. */
function taskIdOf(taskArn: string): string {
  return taskArn.split("/").pop()!;
}

function runTaskInput(spec: OneOffTaskSpec): RunTaskInput {
  const override = {
    name: spec.container,
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.environment.length > 0 ? { environment: spec.environment } : {}),
  };
  const overridden = spec.command !== undefined || spec.environment.length > 0;
  return {
    cluster: spec.cluster,
    taskDefinition: spec.taskDefinition.taskDefinitionArn,
    count: 1,
    ...spec.placement,
    ...(overridden ? { overrides: { containerOverrides: [override] } } : {}),
    startedBy: "ecs-deploy",
    clientToken: spec.clientToken,
  };
}

function isRejection(error: EcsApiError): boolean {
  return [
    "ClientException",
    "InvalidParameterException",
    "PlatformUnknownException",
    "PlatformTaskDefinitionIncompatibilityException",
    "UnsupportedFeatureException",
    "AccessDeniedException",
    "BlockedException",
  ].includes(error.type);
}
