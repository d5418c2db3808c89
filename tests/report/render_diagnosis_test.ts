import assert from "node:assert/strict";
import type { StoppedTask } from "../../src/deploy/diagnose_deployment.ts";
import { renderDiagnosis } from "../../src/report/render_diagnosis.ts";

const pullFailure = (n: number): StoppedTask => ({
  taskArn: `arn:aws:ecs:us-east-1:1:task/prod/${n}`,
  taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
  stopCode: "TaskFailedToStart",
  stoppedReason: "CannotPullContainerError: not found",
  containers: [{ name: "web", reason: "CannotPullContainerError: not found" }],
});

Deno.test("renderDiagnosis() puts the summary first and shortens long task lists", () => {
  const lines = renderDiagnosis({
    summary: "7 tasks failed to start: CannotPullContainerError: not found",
    stoppedTasks: [1, 2, 3, 4, 5, 6, 7].map(pullFailure),
    circuitBreaker: { status: "TRIGGERED", failureCount: 7, threshold: 3 },
    events: [{ at: "2026-01-01T00:00:01.000Z", message: "(service api) deployment failed" }],
    unreadable: ["ListServiceDeployments: AccessDeniedException: no"],
  });
  assert.deepEqual(lines, [
    "Why: 7 tasks failed to start: CannotPullContainerError: not found",
    "Circuit breaker: TRIGGERED, 7 failed tasks (threshold 3)",
    "Stopped tasks:",
    "  task 1 (api:2) TaskFailedToStart: CannotPullContainerError: not found",
    "  task 2 (api:2) TaskFailedToStart: CannotPullContainerError: not found",
    "  task 3 (api:2) TaskFailedToStart: CannotPullContainerError: not found",
    "  task 4 (api:2) TaskFailedToStart: CannotPullContainerError: not found",
    "  task 5 (api:2) TaskFailedToStart: CannotPullContainerError: not found",
    "  ... and 2 more",
    "Last service events:",
    "  2026-01-01T00:00:01.000Z (service api) deployment failed",
    "Could not read ListServiceDeployments: AccessDeniedException: no",
  ]);
});
