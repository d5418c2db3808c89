import assert from "node:assert/strict";
import { aPullFailure as pullFailure } from "../support/builders.ts";
import type { StoppedTask } from "../../src/deploy/diagnose/diagnose_deployment.ts";
import { renderDiagnosis } from "../../src/report/render_diagnosis.ts";

Deno.test("renderDiagnosis() puts the summary first and groups alike stopped tasks", () => {
  const crash: StoppedTask = {
    taskArn: "arn:aws:ecs:us-east-1:1:task/prod/9",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed" }],
  };
  const lines = renderDiagnosis({
    summary: "7 tasks failed to start: CannotPullContainerError: not found",
    stoppedTasks: [...[1, 2, 3, 4, 5, 6, 7].map(pullFailure), crash],
    circuitBreaker: { status: "TRIGGERED", failureCount: 8, threshold: 3 },
    events: [{ at: "2026-01-01T00:00:01.000Z", message: "(service api) deployment failed" }],
    unreadable: ["ListServiceDeployments: AccessDeniedException: no"],
  });
  assert.deepEqual(lines, [
    "Why: 7 tasks failed to start: CannotPullContainerError: not found",
    "Circuit breaker: TRIGGERED, 8 failed tasks (threshold 3)",
    "Stopped tasks:",
    "  7 tasks (api:2) TaskFailedToStart: CannotPullContainerError: not found [1, 2, 3, ...]",
    "  1 task (api:2) EssentialContainerExited: Essential container in task exited [9]",
    '    container "web": exit code 137, OutOfMemoryError: Container killed',
    "Last service events:",
    "  2026-01-01T00:00:01.000Z (service api) deployment failed",
    "Could not read ListServiceDeployments: AccessDeniedException: no",
  ]);
});
