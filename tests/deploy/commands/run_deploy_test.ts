import assert from "node:assert/strict";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { DeploymentFinishedEvent } from "../../../src/simulator/simulated_ecs.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  deployIn,
} from "../../support/simulated_world.ts";

const IMAGE = DEMO_IMAGE;
const aRequest = aDeployRequest;

Deno.test("runDeploy() succeeds once our revision runs alone, within a poll of ECS finishing", async () => {
  const world = await aSimulatedWorld();
  const finished: DeploymentFinishedEvent[] = [];
  world.sim.onDeploymentFinished((event) => finished.push(event));
  const { result, events } = await deployIn(world, aRequest());

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.exitCode, 0);
  assert.match(result.taskDefinitionArn ?? "", /task-definition\/api:2$/);
  assert.equal(result.previousTaskDefinitionArn, world.seeded.taskDefinitionArn);
  const service = await currentService(world);
  assert.equal(service.taskDefinition, result.taskDefinitionArn);
  assert.deepEqual(service.deployments.map((d) => d.id), [result.deploymentId]);

  const ours = finished.find((event) => event.deploymentId === result.deploymentId);
  assert.equal(ours?.outcome, "COMPLETED");
  const detectedAfterMs = world.clock.now() - ours!.at;
  assert.ok(detectedAfterMs <= 1_000, `detected ${detectedAfterMs} ms after ECS finished`);

  assert.ok(events.some((event) => event.type === "service_event"));
  assert.equal(events.at(-1)?.type, "finished");
  assert.equal(world.countOf("registerTaskDefinition"), 1);
  assert.equal(world.countOf("updateService"), 1);
  assert.equal(result.serviceDeploymentArn, world.sim.serviceDeploymentArnOf(result.deploymentId!));
  assert.equal(world.countOf("listServiceDeployments"), 0, "UpdateService named it already");
});

Deno.test("runDeploy() copies the revision losslessly, tags included", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, aRequest());
  const before = await world.ecs.describeTaskDefinition(world.seeded.taskDefinitionArn);
  const after = await world.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  const strip = (
    { taskDefinitionArn: _a, revision: _r, registeredAt: _t, ...rest }:
      typeof before.taskDefinition,
  ) => rest;
  const expected = strip(before.taskDefinition);
  expected.containerDefinitions = expected.containerDefinitions.map((c) =>
    c.name === "web" ? { ...c, image: `${IMAGE}:1.28` } : c
  );
  assert.deepEqual(strip(after.taskDefinition), expected);
  assert.deepEqual(after.tags, before.tags);
});

Deno.test("runDeploy() reports rolled_back, not success, when the circuit breaker rolls back", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: true, rollback: true } });
  const { result } = await deployIn(world, aRequest({ images: [`${IMAGE}:fail-pull`] }));

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /back on .*api:1/);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("runDeploy() reports failed when the circuit breaker stops a deployment without rollback", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: true, rollback: false } });
  const { result } = await deployIn(world, aRequest({ images: [`${IMAGE}:crash`] }));

  assert.equal(result.outcome, "failed", result.reason);
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /circuit breaker/i);
});

Deno.test("runDeploy() reports superseded when another deployment replaces ours", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push(async (method, count) => {
    if (method === "describeService" && count === 3) {
      await world.sim.call("UpdateService", {
        cluster: "demo",
        service: "api",
        taskDefinition: world.seeded.taskDefinitionArn,
      });
    }
  });
  const { result } = await deployIn(world, aRequest());

  assert.equal(result.outcome, "superseded", result.reason);
  assert.equal(result.exitCode, 1);
});

Deno.test("runDeploy() times out at the deadline while a rollout is stuck, diagnosis included", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: false, rollback: false } });
  const startedAt = world.clock.now();
  const { result } = await deployIn(
    world,
    aRequest({ images: [`${IMAGE}:crash`], timeoutMs: 60_000 }),
  );

  assert.equal(result.outcome, "timed_out", result.reason);
  assert.equal(result.exitCode, 3);
  assert.match(result.diagnosis?.summary ?? "", /tasks? stopped/);
  // The wait leaves a tenth of -t for the diagnosis.
  assert.equal(world.clock.now() - startedAt, 54_000);
  assert.equal(result.durationMs, 54_000);
});

Deno.test("runDeploy() changes nothing for an invalid request", async () => {
  const world = await aSimulatedWorld();
  const cases: Partial<DeployRequest>[] = [
    { service: "nope" },
    { cluster: "nope" },
    { images: ["docker.io/library/redis:7"] },
    { images: [], containerImages: [{ container: "db", image: "postgres:17" }] },
  ];
  for (const overrides of cases) {
    const { result } = await deployIn(world, aRequest(overrides));
    assert.equal(result.outcome, "invalid", JSON.stringify(overrides));
    assert.equal(result.exitCode, 2);
  }
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("runDeploy() changes nothing on a dry run", async () => {
  const world = await aSimulatedWorld();
  const { result, events } = await deployIn(world, aRequest({ dryRun: true }));
  assert.equal(result.outcome, "succeeded");
  assert.ok(events.some((event) => event.type === "planned"));
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("runDeploy() returns once ECS accepted the deployment with --no-wait", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, aRequest({ wait: false }));
  assert.equal(result.outcome, "succeeded");
  assert.match(result.deploymentId ?? "", /^ecs-svc\//);
  assert.equal(world.countOf("describeService"), 1);
});

Deno.test("runDeploy() only registers a revision when no service is given", async () => {
  const world = await aSimulatedWorld();
  const { service: _, ...request } = aRequest({ taskDefinition: "api" });
  const { result } = await deployIn(world, request);
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.taskDefinitionArn ?? "", /api:2$/);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("runDeploy() redeploys the running revision with --force-new-deployment", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, aRequest({ images: [], forceNewDeployment: true }));
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.taskDefinitionArn, world.seeded.taskDefinitionArn);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("runDeploy() rides out throttling and server errors while it waits", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count >= 3 && count <= 6) {
      throw new EcsApiError(count % 2 ? "ThrottlingException" : "ServerException", "Rate exceeded");
    }
  });
  const { result, events } = await deployIn(world, aRequest());
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(events.filter((event) => event.type === "retrying").length, 4);
});

Deno.test("runDeploy() reports error for an AWS error it cannot classify", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push((method) => {
    if (method === "describeService") throw new EcsApiError("AccessDeniedException", "not allowed");
  });
  const { result } = await deployIn(world, aRequest());
  assert.equal(result.outcome, "error");
  assert.equal(result.exitCode, 4);
  assert.match(result.reason, /AccessDeniedException: not allowed/);
});

Deno.test("runDeploy() stops waiting when interrupted and says so", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) controller.abort("SIGTERM");
  });
  const { result } = await deployIn(world, aRequest(), controller.signal);
  assert.equal(result.outcome, "cancelled");
  assert.equal(result.exitCode, 143);
});
