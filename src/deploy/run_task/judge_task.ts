/**
 * How a stopped one-off task ended, from what ECS says about it: it succeeded only when ECS
 * stopped it because an essential container exited and every essential container exited 0.
 * Pure.
 *
 * @module
 */
import type { Task } from "../../ecs/types.ts";

/** The verdict on a stopped task. */
export interface TaskVerdict {
  outcome: "succeeded" | "failed";
  /** The exit code of the essential container that decided, where it has one. */
  exitCode: number | null;
  reason: string;
}

/** Judges a STOPPED task whose essential containers are named in `essential`. */
export function judgeStoppedTask(task: Task, essential: readonly string[]): TaskVerdict {
  const id = task.taskArn.split("/").pop();
  const why = [task.stopCode, task.stoppedReason].filter((part) => part).join(": ");
  const containers = task.containers.filter((c) => essential.includes(c.name));
  if (task.stopCode === "TaskFailedToStart") {
    return { outcome: "failed", exitCode: null, reason: `task ${id} failed to start: ${why}` };
  }
  const failing = containers.find((c) => c.exitCode !== 0);
  if (failing) {
    const detail = failing.exitCode === undefined
      ? `stopped without an exit code${failing.reason ? ` (${failing.reason})` : ""}`
      : `exited with code ${failing.exitCode}`;
    return {
      outcome: "failed",
      exitCode: failing.exitCode ?? null,
      reason: `task ${id}: container "${failing.name}" ${detail}${why ? `; ${why}` : ""}`,
    };
  }
  if (task.stopCode !== "EssentialContainerExited" || containers.length === 0) {
    // Stopped by someone or something else, even if its containers then exited 0.
    return {
      outcome: "failed",
      exitCode: containers[0]?.exitCode ?? null,
      reason: `task ${id} was stopped before its command finished: ${why || "no reason given"}`,
    };
  }
  return { outcome: "succeeded", exitCode: 0, reason: `task ${id} exited with code 0` };
}
