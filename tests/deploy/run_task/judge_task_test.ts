import assert from "node:assert/strict";
import { judgeStoppedTask } from "../../../src/deploy/run_task/judge_task.ts";
import type { Task } from "../../../src/ecs/types.ts";

function aStoppedTask(overrides: Partial<Task> = {}): Task {
  return {
    taskArn: "arn:aws:ecs:us-east-1:123456789012:task/prod/abc123",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/job:1",
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    createdAt: new Date(0),
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: "app", exitCode: 0 }, { name: "sidecar", exitCode: 137 }],
    ...overrides,
  };
}

Deno.test("judgeStoppedTask() succeeds only when every essential container exited 0", () => {
  assert.deepEqual(judgeStoppedTask(aStoppedTask(), ["app"]), {
    outcome: "succeeded",
    exitCode: 0,
    reason: "task abc123 exited with code 0",
  });
  const failed = judgeStoppedTask(aStoppedTask(), ["app", "sidecar"]);
  assert.equal(failed.outcome, "failed");
  assert.equal(failed.exitCode, 137);
  assert.match(failed.reason, /container "sidecar" exited with code 137; EssentialContainerExited/);
});

Deno.test("judgeStoppedTask() fails a task that could not start, or was stopped by someone", () => {
  const notStarted = judgeStoppedTask(
    aStoppedTask({
      stopCode: "TaskFailedToStart",
      stoppedReason: "CannotPullContainerError: not found",
      containers: [{ name: "app", reason: "CannotPullContainerError: not found" }],
    }),
    ["app"],
  );
  assert.deepEqual(notStarted, {
    outcome: "failed",
    exitCode: null,
    reason: "task abc123 failed to start: TaskFailedToStart: CannotPullContainerError: not found",
  });
  const stopped = judgeStoppedTask(
    aStoppedTask({ stopCode: "UserInitiated", stoppedReason: "Task stopped by user" }),
    ["app"],
  );
  assert.equal(stopped.outcome, "failed");
  assert.match(stopped.reason, /stopped before its command finished: UserInitiated/);
  const noCode = judgeStoppedTask(
    aStoppedTask({ containers: [{ name: "app", reason: "OutOfMemoryError" }] }),
    ["app"],
  );
  assert.equal(noCode.exitCode, null);
  assert.match(noCode.reason, /stopped without an exit code \(OutOfMemoryError\)/);
});
