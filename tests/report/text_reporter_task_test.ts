import assert from "node:assert/strict";
import { deployResult } from "../../src/deploy/deploy_result.ts";
import { TextReporter } from "../../src/report/text_reporter.ts";
import { FakeClock } from "../support/fake_clock.ts";

const TASK = "arn:aws:ecs:us-east-1:1:task/prod/0123456789abcdef0123456789abcdef";
const TD = "arn:aws:ecs:us-east-1:1:task-definition/api:42";

Deno.test("TextReporter shows a one-off task: start, statuses, log lines, stop, verdict and last lines", () => {
  const out = { stdout: "", stderr: "" };
  const reporter = new TextReporter({
    stdout: (text) => out.stdout += text,
    stderr: (text) => out.stderr += text,
    clock: new FakeClock(),
    showPlan: false,
    command: "run",
  });
  reporter.report({
    type: "task_started",
    taskArn: TASK,
    taskDefinitionArn: TD,
    container: "app",
    command: ["bin/migrate", "up"],
  });
  reporter.report({
    type: "task_status",
    taskArn: TASK,
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
  });
  reporter.report({
    type: "task_log",
    taskArn: TASK,
    container: "app",
    timestamp: 1,
    message: "migrating",
  });
  reporter.report({
    type: "logs_unavailable",
    taskArn: TASK,
    reason: 'Cannot read the logs of container "app"',
  });
  reporter.report({
    type: "task_stopping",
    taskArn: TASK,
    reason: "ecs-deploy run: the deadline passed",
  });
  const result = deployResult({
    outcome: "timed_out",
    reason: "task 0123456789abcdef0123456789abcdef still RUNNING at the deadline; stopped it",
    cluster: "prod",
    taskDefinitionArn: TD,
    diagnosis: {
      summary: "still running",
      stoppedTasks: [],
      events: [],
      unreadable: [],
      logLines: ["migrating"],
    },
  });
  reporter.report({ type: "finished", result });
  const lines = out.stderr.trimEnd().split("\n");
  assert.deepEqual(lines, [
    'Started task 89abcdef of api:42 (container "app": bin/migrate up)',
    "[0s] task running",
    "  app | migrating",
    '[0s] Cannot read the logs of container "app"; the task is still followed',
    "[0s] Stopping task 89abcdef: ecs-deploy run: the deadline passed",
    "[0s] Task of api:42 timed out: task 0123456789abcdef0123456789abcdef still RUNNING at the " +
    "deadline; stopped it (exit 3)",
    "  Why: still running",
    "  Last log lines:",
    "    migrating",
  ]);
  assert.equal(out.stdout, "");
});
