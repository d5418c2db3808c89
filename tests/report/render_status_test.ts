import assert from "node:assert/strict";
import type { ServiceStatus } from "../../src/deploy/commands/run_status.ts";
import { renderStatus } from "../../src/report/render_status.ts";

const td = (revision: number) => `arn:aws:ecs:us-east-1:1:task-definition/api:${revision}`;

Deno.test("renderStatus() fits a rollout on one screen: service, deployments, tasks, events", () => {
  const status: ServiceStatus = {
    cluster: "prod",
    service: "api",
    serviceArn: "arn:aws:ecs:us-east-1:1:service/prod/api",
    status: "ACTIVE",
    taskDefinitionArn: td(8),
    desiredCount: 2,
    runningCount: 3,
    pendingCount: 1,
    deployments: [
      {
        id: "ecs-svc/8",
        status: "PRIMARY",
        taskDefinitionArn: td(8),
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 1,
        failedTasks: 2,
        rolloutState: "IN_PROGRESS",
        rolloutStateReason: "ECS deployment ecs-svc/8 in progress.",
        createdAt: "2026-01-01T00:01:00.000Z",
        updatedAt: "2026-01-01T00:01:05.000Z",
      },
      {
        id: "ecs-svc/7",
        status: "ACTIVE",
        taskDefinitionArn: td(7),
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        failedTasks: 0,
        rolloutState: "COMPLETED",
        rolloutStateReason: "ECS deployment ecs-svc/7 completed.",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:30.000Z",
      },
    ],
    tasks: [
      {
        taskDefinitionArn: td(8),
        total: 2,
        byStatus: { RUNNING: 1, PENDING: 1 },
        byHealth: { UNKNOWN: 2 },
      },
      { taskDefinitionArn: td(7), total: 1, byStatus: { RUNNING: 1 }, byHealth: { HEALTHY: 1 } },
    ],
    events: [{ at: "2026-01-01T00:01:02.000Z", message: "(service api) has started 1 tasks" }],
    strategy: "ROLLING",
    serviceDeployment: null,
    unreadable: [],
  };

  assert.deepEqual(renderStatus(status), [
    `Service "api" in cluster "prod": ACTIVE, api:8, 3/2 running, 1 pending`,
    "Deployments:",
    "  PRIMARY api:8 1/2 running, 1 pending, 2 failed IN_PROGRESS  ecs-svc/8 since " +
    "2026-01-01T00:01:00.000Z",
    "          ECS deployment ecs-svc/8 in progress.",
    "  ACTIVE  api:7 2/2 running COMPLETED  ecs-svc/7 since 2026-01-01T00:00:00.000Z",
    "Tasks:",
    "  api:8: 2 tasks (1 PENDING, 1 RUNNING; health 2 UNKNOWN)",
    "  api:7: 1 task (1 RUNNING; health 1 HEALTHY)",
    "Recent events:",
    "  2026-01-01T00:01:02.000Z (service api) has started 1 tasks",
  ]);
});

Deno.test("renderStatus() says none for empty sections and names what it could not read", () => {
  const lines = renderStatus({
    cluster: "prod",
    service: "api",
    serviceArn: "arn:aws:ecs:us-east-1:1:service/prod/api",
    status: "DRAINING",
    taskDefinitionArn: td(3),
    desiredCount: 0,
    runningCount: 0,
    pendingCount: 0,
    deployments: [],
    tasks: [],
    events: [],
    strategy: "ROLLING",
    serviceDeployment: null,
    unreadable: ["tasks: AccessDeniedException: no"],
  });
  assert.deepEqual(lines, [
    `Service "api" in cluster "prod": DRAINING, api:3, 0/0 running`,
    "Deployments:",
    "  none",
    "Tasks:",
    "  none",
    "Recent events:",
    "  none",
    "Could not read tasks: AccessDeniedException: no",
  ]);
});

Deno.test("renderStatus() shows a blue/green deployment's stage, traffic and the hook awaiting approval", () => {
  const lines = renderStatus({
    cluster: "prod",
    service: "api",
    serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
    status: "ACTIVE",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2",
    desiredCount: 2,
    runningCount: 4,
    pendingCount: 0,
    deployments: [],
    strategy: "BLUE_GREEN",
    serviceDeployment: {
      arn: "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/x",
      status: "IN_PROGRESS",
      lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
      productionTrafficPercent: 0,
      awaitingHooks: ["ecs-pause-1"],
    },
    tasks: [],
    events: [],
    unreadable: [],
  });
  assert.equal(
    lines[1],
    "Strategy: BLUE_GREEN (IN_PROGRESS, POST_TEST_TRAFFIC_SHIFT, production 0% on the new revision)",
  );
  assert.equal(
    lines[2],
    "  hook ecs-pause-1 awaits approval: ecs-deploy continue -c prod -n api --hook-id " +
      "ecs-pause-1 [--reject]",
  );
});
