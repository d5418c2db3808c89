import assert from "node:assert/strict";
import {
  findForeignDeployment,
  waitForIdle,
  WaitForIdleError,
} from "../../../src/deploy/apply/check_idle.ts";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { Deployment, Service } from "../../../src/ecs/types.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import {
  aSimulatedWorld,
  currentService,
  FAST_PROD,
  registerRevision,
  startDeployment,
} from "../../support/simulated_world.ts";

const at = new Date(Date.UTC(2026, 0, 1));
const aDeployment = (overrides: Partial<Deployment>): Deployment => ({
  id: "ecs-svc/1",
  status: "PRIMARY",
  taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/api:1",
  desiredCount: 2,
  pendingCount: 0,
  runningCount: 2,
  failedTasks: 0,
  createdAt: at,
  updatedAt: at,
  ...overrides,
});
const aService = (deployments: Deployment[]): Service => ({
  serviceArn: "arn:aws:ecs:us-east-1:1:service/prod/api",
  serviceName: "api",
  clusterArn: "arn:aws:ecs:us-east-1:1:cluster/prod",
  status: "ACTIVE",
  taskDefinition: deployments[0]!.taskDefinition,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments,
  events: [],
});

Deno.test("findForeignDeployment() finds nothing on a service that has settled", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  assert.equal(findForeignDeployment(await currentService(f)), undefined);
});

Deno.test("findForeignDeployment() finds the deployment someone else started", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const theirs = await startDeployment(f, await registerRevision(f, "repo/api:slow"));
  assert.equal(findForeignDeployment(await currentService(f))?.id, theirs.id);
});

Deno.test("findForeignDeployment() finds the rollback ECS is doing", () => {
  const service = aService([
    aDeployment({ id: "ecs-svc/1", rolloutState: "IN_PROGRESS" }),
    aDeployment({ id: "ecs-svc/2", status: "ACTIVE", rolloutState: "FAILED" }),
  ]);
  assert.equal(findForeignDeployment(service)?.id, "ecs-svc/1");
});

Deno.test("findForeignDeployment() without rollout states counts older deployments", () => {
  const draining = aService([
    aDeployment({ id: "ecs-svc/2" }),
    aDeployment({ id: "ecs-svc/1", status: "ACTIVE" }),
  ]);
  assert.equal(findForeignDeployment(draining)?.id, "ecs-svc/2");
  assert.equal(findForeignDeployment(aService([aDeployment({})])), undefined);
  const failed = aService([aDeployment({ rolloutState: "FAILED" })]);
  assert.equal(findForeignDeployment(failed), undefined);
});

Deno.test("waitForIdle() returns the service once the other deployment has finished", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const next = await registerRevision(f, "repo/api:1.1.0");
  const theirs = await startDeployment(f, next);
  const events: DeployEvent[] = [];
  const startedAt = f.clock.now();

  const service = await waitForIdle(f.ecs, f.clock, undefined, {
    cluster: "prod",
    service: "api",
    deadline: startedAt + 60_000,
    emit: (e) => events.push(e),
  });

  assert.equal(service.taskDefinition, next);
  assert.deepEqual(service.deployments.map((d) => [d.id, d.rolloutState]), [
    [theirs.id, "COMPLETED"],
  ]);
  // The first poll is at once; then the watch's fastest rate, one a second.
  assert.equal(f.clock.sleeps[0], 1_000);
  assert.ok(f.clock.now() - startedAt <= 2_000, `${f.clock.now() - startedAt} ms`);
  const progress = events.filter((e) => e.type === "progress");
  assert.ok(progress.length >= 1);
  assert.ok(progress.every((e) => e.type === "progress" && e.deployments.every((d) => !d.ours)));
});

Deno.test("waitForIdle() on an idle service answers without sleeping", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const sleepsBefore = f.clock.sleeps.length;
  await waitForIdle(f.ecs, f.clock, undefined, {
    cluster: "prod",
    service: "api",
    deadline: f.clock.now() + 1,
  });
  assert.equal(f.clock.sleeps.length, sleepsBefore);
});

Deno.test("waitForIdle() gives up at the deadline, naming the deployment", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const theirs = await startDeployment(f, await registerRevision(f, "repo/api:slow"));
  const deadline = f.clock.now() + 500;

  await assert.rejects(
    waitForIdle(f.ecs, f.clock, undefined, { cluster: "prod", service: "api", deadline }),
    (error: unknown) => {
      assert.ok(error instanceof WaitForIdleError);
      assert.equal(error.outcome, "timed_out");
      assert.equal(error.deployment?.id, theirs.id);
      assert.equal(
        error.message,
        `Stopped waiting for deployment ${theirs.id} of "api" to finish: the deadline passed`,
      );
      return true;
    },
  );
  assert.equal(f.clock.now(), deadline);
});

Deno.test("waitForIdle() stops when the signal aborts", async () => {
  // Without a circuit breaker, a deployment whose image cannot be pulled never ends.
  const f = await aSimulatedWorld({
    ...FAST_PROD,
    circuitBreaker: { enable: false, rollback: false },
  });
  await startDeployment(f, await registerRevision(f, "repo/api:fail-pull"));
  const controller = new AbortController();
  f.hooks.push((method) => {
    if (method === "describeService" && f.calls.length >= 3) controller.abort("SIGTERM");
  });

  await assert.rejects(
    waitForIdle(f.ecs, f.clock, controller.signal, {
      cluster: "prod",
      service: "api",
      deadline: f.clock.now() + 600_000,
    }),
    (error: unknown) => error instanceof WaitForIdleError && error.outcome === "cancelled",
  );
  assert.equal(f.calls.length, 3);
});

Deno.test("waitForIdle() rides out throttling", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await startDeployment(f, await registerRevision(f, "repo/api:1.1.0"));
  f.hooks.push((method) => {
    if (method === "describeService" && f.calls.length % 2 === 0) {
      throw new EcsApiError("ThrottlingException", "Rate exceeded");
    }
  });
  const events: DeployEvent[] = [];

  const service = await waitForIdle(f.ecs, f.clock, undefined, {
    cluster: "prod",
    service: "api",
    deadline: f.clock.now() + 60_000,
    emit: (e) => events.push(e),
  });

  assert.equal(findForeignDeployment(service), undefined);
  assert.ok(events.some((e) => e.type === "retrying"));
});

Deno.test("waitForIdle() says when the service or cluster does not exist", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  for (
    const [cluster, service, message] of [
      ["prod", "nope", `Cannot wait for "nope": service not found in cluster "prod"`],
      ["nope", "api", `Cannot wait for "api": cluster "nope" not found`],
    ] as const
  ) {
    await assert.rejects(
      waitForIdle(f.ecs, f.clock, undefined, { cluster, service, deadline: f.clock.now() + 1 }),
      new InvalidRequestError(message),
    );
  }
});
