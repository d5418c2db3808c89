import assert from "node:assert/strict";
import {
  judgeDeployment,
  judgeServiceDeployment,
  type TrackedDeployment,
} from "../../../src/deploy/watch/judge_deployment.ts";
import type { ServiceDeployment } from "../../../src/ecs/types.ts";
import { aDeployment, aService } from "../../support/builders.ts";

const previous = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
const next = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2";
const tracked: TrackedDeployment = {
  deploymentId: "ecs-svc/2",
  taskDefinitionArn: next,
  previousTaskDefinitionArn: previous,
};
const ours = (overrides = {}) =>
  aDeployment({ id: "ecs-svc/2", taskDefinition: next, rolloutState: "IN_PROGRESS", ...overrides });
const old = (overrides = {}) =>
  aDeployment({ id: "ecs-svc/1", status: "ACTIVE", taskDefinition: previous, ...overrides });

Deno.test("judgeDeployment() waits while our deployment rolls out", () => {
  const service = aService({ deployments: [ours({ runningCount: 1 }), old()] });
  assert.deepEqual(judgeDeployment(service, tracked, {}).verdict, {
    done: false,
    phase: "deploying",
  });
});

Deno.test("judgeDeployment() reports succeeded once ours is COMPLETED and alone", () => {
  const service = aService({ deployments: [ours({ rolloutState: "COMPLETED" })] });
  const { verdict } = judgeDeployment(service, tracked, {});
  assert.equal(verdict.done && verdict.outcome, "succeeded");
});

Deno.test("judgeDeployment() does not report success while old tasks still run", () => {
  const service = aService({ deployments: [ours({ rolloutState: "COMPLETED" }), old()] });
  assert.equal(judgeDeployment(service, tracked, {}).verdict.done, false);
});

Deno.test("judgeDeployment() does not report success while fewer tasks run than desired", () => {
  const service = aService({ deployments: [ours({ rolloutState: "COMPLETED", runningCount: 1 })] });
  assert.equal(judgeDeployment(service, tracked, {}).verdict.done, false);
});

Deno.test("judgeDeployment() judges services without rollout state by their counts", () => {
  const steady = aService({ deployments: [ours({ rolloutState: undefined })] });
  const { verdict } = judgeDeployment(steady, tracked, {});
  assert.equal(verdict.done && verdict.outcome, "succeeded");
});

Deno.test("judgeDeployment() reports failed when ECS fails ours without rollback", () => {
  const service = aService({
    deployments: [ours({ rolloutState: "FAILED", rolloutStateReason: "tasks failed to start." })],
  });
  const { verdict } = judgeDeployment(service, tracked, {});
  assert.deepEqual(verdict, { done: true, outcome: "failed", reason: "tasks failed to start." });
});

Deno.test("judgeDeployment() follows a circuit-breaker rollback to rolled_back, never success", () => {
  const failing = ours({ status: "ACTIVE", rolloutState: "FAILED", rolloutStateReason: "breaker" });
  const rollingBack = aService({
    deployments: [old({ status: "PRIMARY", rolloutState: "IN_PROGRESS" }), failing],
  });
  const first = judgeDeployment(rollingBack, tracked, {});
  assert.deepEqual(first.verdict, { done: false, phase: "rolling_back" });

  const back = aService({ deployments: [old({ status: "PRIMARY", rolloutState: "COMPLETED" })] });
  const { verdict } = judgeDeployment(back, tracked, first.memory);
  assert.equal(verdict.done && verdict.outcome, "rolled_back");
  assert.match(verdict.done ? verdict.reason : "", /breaker; the service is back on .*api:1/);
});

Deno.test("judgeDeployment() reports superseded when a newer deployment replaces ours", () => {
  const newer = aDeployment({
    id: "ecs-svc/3",
    taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:3",
    rolloutState: "IN_PROGRESS",
  });
  const service = aService({ deployments: [newer, ours({ status: "ACTIVE" })] });
  const { verdict } = judgeDeployment(service, tracked, {});
  assert.equal(verdict.done && verdict.outcome, "superseded");
  assert.match(verdict.done ? verdict.reason : "", /ecs-svc\/3/);
});

Deno.test("judgeDeployment() reports failed when ours failed and someone else deployed", () => {
  const failed = judgeDeployment(
    aService({ deployments: [ours({ rolloutState: "FAILED", rolloutStateReason: "crash" })] }),
    tracked,
    {},
  );
  const other = aDeployment({ id: "ecs-svc/9", taskDefinition: "other:7" });
  const { verdict } = judgeDeployment(aService({ deployments: [other] }), tracked, failed.memory);
  assert.deepEqual(verdict, { done: true, outcome: "failed", reason: "crash" });
});

const aServiceDeployment = (status: ServiceDeployment["status"], statusReason?: string) => ({
  serviceDeploymentArn: "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/2",
  serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
  createdAt: new Date(0),
  status,
  ...(statusReason ? { statusReason } : {}),
});

Deno.test("judgeServiceDeployment() says once that the rollback failed", () => {
  assert.equal(
    judgeServiceDeployment(aServiceDeployment("ROLLBACK_FAILED", "no target"))?.reason,
    "the rollback failed: no target",
  );
  const why = "Service deployment rollback failed because lifecycle hook h1 failed.";
  assert.equal(judgeServiceDeployment(aServiceDeployment("ROLLBACK_FAILED", why))?.reason, why);
});

Deno.test("judgeServiceDeployment() maps terminal statuses to outcomes", () => {
  const cases: [ServiceDeployment["status"], string | undefined, string | undefined][] = [
    ["SUCCESSFUL", undefined, "succeeded"],
    ["ROLLBACK_SUCCESSFUL", "circuit breaker", "rolled_back"],
    ["ROLLBACK_FAILED", "no target", "failed"],
    ["STOPPED", "Superseded by a newer deployment", "superseded"],
    [
      "STOPPED",
      "Service deployment stopped because a new service deployment started.",
      "superseded",
    ],
    ["STOPPED", "stopped by user", "failed"],
    ["IN_PROGRESS", undefined, undefined],
    ["ROLLBACK_IN_PROGRESS", undefined, undefined],
    ["PENDING", undefined, undefined],
  ];
  for (const [status, reason, outcome] of cases) {
    assert.equal(
      judgeServiceDeployment(aServiceDeployment(status, reason))?.outcome,
      outcome,
      `${status} ${reason}`,
    );
  }
});

Deno.test("judgeDeployment() finds why ours failed in the events when ECS dropped it between polls", () => {
  const back = aService({
    deployments: [old({ status: "PRIMARY", rolloutState: "COMPLETED" })],
    events: [
      { id: "e2", createdAt: new Date(0), message: "(service api) has reached a steady state." },
      {
        id: "e1",
        createdAt: new Date(0),
        message: "(service api) (deployment ecs-svc/2) deployment failed: tasks failed to start.",
      },
    ],
  });
  const { verdict } = judgeDeployment(back, tracked, {});
  assert.equal(verdict.done && verdict.outcome, "rolled_back");
  assert.match(
    verdict.done ? verdict.reason : "",
    /^tasks failed to start; the service is back on/,
  );
});
