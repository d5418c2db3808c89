import assert from "node:assert/strict";
import { groupTasks, runStatus } from "../../../src/deploy/commands/run_status.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { Task } from "../../../src/ecs/types.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import {
  aSimulatedWorld,
  failing,
  FAST_PROD,
  registerRevision,
  startDeployment,
} from "../../support/simulated_world.ts";

Deno.test("runStatus() shows a rollout in flight: both deployments and tasks per revision", async () => {
  const f = await aSimulatedWorld({ ...FAST_PROD, desiredCount: 3 });
  const next = await registerRevision(f, "repo/api:1.1.0");
  const ours = await startDeployment(f, next);
  f.clock.advance(15); // New tasks are launched and pending; the old ones still run.

  const status = await runStatus(f.ecs, { cluster: "prod", service: "api" });

  assert.equal(status.taskDefinitionArn, next);
  assert.deepEqual(
    status.deployments.map((d) => [d.id, d.status, d.taskDefinitionArn, d.rolloutState]),
    [
      [ours.id, "PRIMARY", next, "IN_PROGRESS"],
      [status.deployments[1]!.id, "ACTIVE", f.seeded.taskDefinitionArn, "COMPLETED"],
    ],
  );
  assert.deepEqual(status.tasks.map((g) => [g.taskDefinitionArn, g.total]), [
    [next, 3],
    [f.seeded.taskDefinitionArn, 3],
  ]);
  assert.deepEqual(status.tasks[1]!.byStatus, { RUNNING: 3 });
  assert.equal(status.tasks[0]!.byStatus.RUNNING, undefined);
  assert.match(status.events[0]!.message, /^\(service api\) has started 3 tasks: /);
  assert.deepEqual(status.unreadable, []);
});

Deno.test("runStatus() keeps the newest 10 events, newest first", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  for (const n of [1, 2, 3, 4]) {
    await startDeployment(f, await registerRevision(f, `repo/api:1.${n}.0`));
    f.clock.advance(1_000);
  }
  const all = (await f.ecs.describeService("prod", "api"))!.events;
  assert.ok(all.length > 10);

  const status = await runStatus(f.ecs, { cluster: "prod", service: "api" });

  assert.equal(status.events.length, 10);
  assert.deepEqual(
    status.events.map((e) => e.message),
    all.slice(0, 10).map((e) => e.message),
  );
});

Deno.test("runStatus() still shows the service when its tasks cannot be read", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(failing({
    listTasks: new EcsApiError("AccessDeniedException", "not authorized to ListTasks"),
  }));

  const status = await runStatus(f.ecs, { cluster: "prod", service: "api" });

  assert.equal(status.deployments.length, 1);
  assert.deepEqual(status.tasks, []);
  assert.deepEqual(status.unreadable, [
    "tasks: AccessDeniedException: not authorized to ListTasks",
  ]);
});

Deno.test("runStatus() names a missing service or cluster", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await assert.rejects(
    runStatus(f.ecs, { cluster: "prod", service: "nope" }),
    new InvalidRequestError(`Cannot show "nope": service not found in cluster "prod"`),
  );
  await assert.rejects(
    runStatus(f.ecs, { cluster: "nope", service: "api" }),
    new InvalidRequestError(`Cannot show "api": cluster "nope" not found`),
  );
});

Deno.test("groupTasks() counts by status and health, in deployment order", () => {
  const task = (td: string, lastStatus: string, healthStatus?: Task["healthStatus"]): Task => ({
    taskArn: `arn:task/${Math.random()}`,
    clusterArn: "arn:cluster/prod",
    taskDefinitionArn: td,
    lastStatus,
    desiredStatus: "RUNNING",
    createdAt: new Date(0),
    containers: [],
    ...(healthStatus ? { healthStatus } : {}),
  });
  const groups = groupTasks([
    task("api:1", "RUNNING", "HEALTHY"),
    task("api:3", "RUNNING"),
    task("api:2", "PENDING", "UNKNOWN"),
    task("api:2", "RUNNING", "UNHEALTHY"),
    task("api:2", "RUNNING", "HEALTHY"),
  ], ["api:2", "api:1"]);

  assert.deepEqual(groups, [
    {
      taskDefinitionArn: "api:2",
      total: 3,
      byStatus: { PENDING: 1, RUNNING: 2 },
      byHealth: { UNKNOWN: 1, UNHEALTHY: 1, HEALTHY: 1 },
    },
    { taskDefinitionArn: "api:1", total: 1, byStatus: { RUNNING: 1 }, byHealth: { HEALTHY: 1 } },
    { taskDefinitionArn: "api:3", total: 1, byStatus: { RUNNING: 1 }, byHealth: { UNKNOWN: 1 } },
  ]);
});

Deno.test("runStatus() of a blue/green service paused at a hook shows its strategy, stage and hook", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await f.sim.call("UpdateService", {
    cluster: "prod",
    service: "api",
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
    },
  });
  await startDeployment(f, await registerRevision(f, "repo/api:2"));
  let status;
  for (let i = 0; i < 200 && !status?.serviceDeployment?.awaitingHooks.length; i++) {
    f.clock.advance(100);
    status = await runStatus(f.ecs, { cluster: "prod", service: "api" });
  }

  assert.equal(status?.strategy, "BLUE_GREEN");
  assert.equal(status?.serviceDeployment?.lifecycleStage, "POST_TEST_TRAFFIC_SHIFT");
  assert.equal(status?.serviceDeployment?.awaitingHooks.length, 1);
});
