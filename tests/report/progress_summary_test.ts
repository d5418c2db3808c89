import assert from "node:assert/strict";
import type { DeploymentSnapshot } from "../../src/deploy/deploy_events.ts";
import {
  formatDeployment,
  progressSummary,
  stageSummary,
} from "../../src/report/progress_summary.ts";

const ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:";

function aSnapshot(overrides: Partial<DeploymentSnapshot>): DeploymentSnapshot {
  return {
    id: "ecs-svc/1",
    status: "PRIMARY",
    taskDefinition: `${ARN}19`,
    desiredCount: 4,
    runningCount: 2,
    pendingCount: 1,
    failedTasks: 0,
    rolloutState: "IN_PROGRESS",
    ours: true,
    ...overrides,
  };
}

const OLD = aSnapshot({
  id: "ecs-svc/0",
  status: "ACTIVE",
  taskDefinition: `${ARN}18`,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  rolloutState: "COMPLETED",
  ours: false,
});

Deno.test("progressSummary() counts new tasks, pending ones and the old ones draining", () => {
  assert.equal(
    progressSummary([aSnapshot({}), OLD]),
    "2/4 new tasks running, 1 pending, old 2/2 draining",
  );
  assert.equal(
    progressSummary([aSnapshot({ pendingCount: 0, failedTasks: 3 })]),
    "2/4 new tasks running, 3 failed",
  );
});

Deno.test("progressSummary() while ECS rolls back names the revision it goes back to", () => {
  const back = { ...OLD, status: "PRIMARY", runningCount: 1 };
  const ours = aSnapshot({ status: "ACTIVE", desiredCount: 1, runningCount: 1, pendingCount: 0 });
  assert.equal(progressSummary([back, ours]), "1/2 api:18 tasks running, ours 1/1 draining");
});

Deno.test("formatDeployment() marks ours in words, never with a bare asterisk", () => {
  assert.equal(
    formatDeployment(aSnapshot({})),
    "api:19 (ours) PRIMARY 2/4 running, 1 pending, IN_PROGRESS",
  );
  assert.equal(formatDeployment(OLD), "api:18 ACTIVE 2/2 running, COMPLETED");
});

Deno.test("stageSummary() names the lifecycle stage, the production split and a waiting hook", () => {
  assert.equal(stageSummary(undefined), "");
  assert.equal(
    stageSummary({ lifecycleStage: "BAKE_TIME", productionTrafficPercent: 100 }),
    "stage BAKE_TIME, production 100% new",
  );
  assert.equal(
    stageSummary({ lifecycleStage: "POST_TEST_TRAFFIC_SHIFT", awaitingHookId: "ecs-pause-1" }),
    "stage POST_TEST_TRAFFIC_SHIFT, hook ecs-pause-1 awaits approval",
  );
});
