/**
 * How a one-off task's end is reported: the result member (`task`, `runBefore[]`) and the
 * diagnosis of a task that did not succeed. Pure.
 *
 * @module
 */
import type { Task } from "../../ecs/types.ts";
import type { OneOffTaskResult } from "../deploy_events.ts";
import type { Diagnosis } from "../diagnose/diagnose_deployment.ts";

/** The result of a one-off task as ECS last showed it. */
export function taskRunResult(
  base: Pick<OneOffTaskResult, "command" | "container" | "taskDefinitionArn">,
  task: Task,
  outcome: OneOffTaskResult["outcome"],
  reason: string,
  exitCode: number | null,
  more: { tail: string[]; stoppedByUs: boolean },
): OneOffTaskResult {
  return {
    ...base,
    taskArn: task.taskArn,
    outcome,
    reason,
    exitCode,
    lastStatus: task.lastStatus,
    stopCode: task.stopCode ?? null,
    stoppedReason: task.stoppedReason ?? null,
    containers: task.containers.map((c) => ({
      name: c.name,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
    })),
    logTail: more.tail,
    stoppedByUs: more.stoppedByUs,
  };
}

/** The diagnosis of a one-off task that did not succeed: the task, and its last lines. */
export function taskDiagnosis(result: OneOffTaskResult): Diagnosis {
  return {
    summary: result.reason,
    stoppedTasks: result.taskArn && result.lastStatus === "STOPPED"
      ? [{
        taskArn: result.taskArn,
        taskDefinitionArn: result.taskDefinitionArn,
        ...(result.stopCode ? { stopCode: result.stopCode } : {}),
        ...(result.stoppedReason ? { stoppedReason: result.stoppedReason } : {}),
        containers: result.containers,
      }]
      : [],
    events: [],
    unreadable: [],
    ...(result.logTail.length > 0 ? { logLines: result.logTail } : {}),
  };
}
