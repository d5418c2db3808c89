import assert from "node:assert/strict";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  deployIn,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";

/** The circuit breaker stops a failing deployment, but ECS does not roll it back. */
const WITHOUT_ECS_ROLLBACK = { circuitBreaker: { enable: true, rollback: false } };

Deno.test("--rollback goes back to the previous revision after ECS fails ours", async () => {
  const world = await aSimulatedWorld(WITHOUT_ECS_ROLLBACK);
  const { result, events } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true }),
  );

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /rolled back from .*api:2 to .*api:1/);
  assert.equal(result.rollback?.outcome, "succeeded");
  assert.equal(result.rollback?.taskDefinitionArn, world.seeded.taskDefinitionArn);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
  assert.equal(events.filter((event) => event.type === "finished").length, 1);
  assert.ok(events.some((event) => event.type === "rollback_started"));
});

Deno.test("--rollback also rolls back a deployment that timed out", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: false, rollback: false } });
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true, timeoutMs: 60_000 }),
  );
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.match(result.reason, /deadline passed; rolled back/);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("--rollback says plainly when the rollback itself fails", async () => {
  const world = await aSimulatedWorld(WITHOUT_ECS_ROLLBACK);
  world.hooks.push((method, count) => {
    if (method === "updateService" && count === 2) {
      throw new EcsApiError("AccessDeniedException", "not allowed to roll back");
    }
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true }),
  );
  assert.equal(result.outcome, "failed");
  assert.match(result.reason, /the rollback to .*api:1 also ended error: .*not allowed/);
  assert.equal(result.rollback?.outcome, "error");
});

Deno.test("runDeploy() does not roll back what ECS already rolled back", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:fail-pull`], rollback: true }),
  );
  assert.equal(result.outcome, "rolled_back");
  assert.equal(result.rollback, undefined);
  assert.equal(world.countOf("updateService"), 1);
});

Deno.test("runDeploy() explains a failure: stopped tasks, circuit breaker, events", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, aDeployRequest({ images: [`${DEMO_IMAGE}:fail-pull`] }));
  const diagnosis = result.diagnosis;
  assert.ok(diagnosis, "a diagnosis");
  assert.match(diagnosis.summary, /tasks? failed to start: CannotPullContainerError/);
  assert.ok(diagnosis.stoppedTasks.length >= 3);
  assert.ok(
    diagnosis.stoppedTasks.every((task) => task.taskDefinitionArn === result.taskDefinitionArn),
  );
  assert.equal(diagnosis.circuitBreaker?.threshold, 3);
  assert.ok(diagnosis.events.some((event) => /deployment failed/.test(event.message)));
});

Deno.test("runDeploy() gives no diagnosis for a success", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, aDeployRequest());
  assert.equal(result.diagnosis, undefined);
});

Deno.test("--stall-timeout ends a deploy early when nothing progresses", async () => {
  const world = await aSimulatedWorld();
  const startedAt = world.clock.now();
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:slow`], stallTimeoutMs: 10_000 }),
  );
  assert.equal(result.outcome, "timed_out");
  assert.match(result.reason, /^stalled: nothing progressed for 1\ds/);
  assert.ok(world.clock.now() - startedAt < 30_000, "before the slow tasks start");
  assert.ok(result.diagnosis);
});

async function startForeignDeployment(world: SimulatedWorld) {
  await world.sim.call("UpdateService", {
    cluster: "demo",
    service: "api",
    forceNewDeployment: true,
  });
}

Deno.test("runDeploy() refuses to deploy over someone else's deployment in progress", async () => {
  const world = await aSimulatedWorld();
  await startForeignDeployment(world);
  const { result } = await deployIn(world, aDeployRequest());
  assert.equal(result.outcome, "invalid");
  assert.match(result.reason, /deployment ecs-svc\/\d+ \(api:1\) is still in progress/);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("--wait-for-idle waits for the deployment in progress, then deploys", async () => {
  const world = await aSimulatedWorld();
  await startForeignDeployment(world);
  const { result, events } = await deployIn(world, aDeployRequest({ whenBusy: "wait" }));
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(events.some((event) => event.type === "waiting_for_idle"));
  assert.equal(world.countOf("registerTaskDefinition"), 1);
});

Deno.test("--force deploys over a deployment in progress", async () => {
  const world = await aSimulatedWorld();
  await startForeignDeployment(world);
  const { result } = await deployIn(world, aDeployRequest({ whenBusy: "force" }));
  assert.equal(result.outcome, "succeeded", result.reason);
});

Deno.test("--keep-revisions deregisters old revisions but never the running or previous one", async () => {
  const world = await aSimulatedWorld();
  for (const tag of ["a", "b", "c"]) {
    await deployIn(world, aDeployRequest({ images: [`${DEMO_IMAGE}:${tag}`] }));
  }
  const { result } = await deployIn(world, aDeployRequest({ keepRevisions: 1 }));
  assert.equal(result.outcome, "succeeded", result.reason);
  const active = await world.ecs.listTaskDefinitions("api", "ACTIVE");
  assert.deepEqual(active.map((arn) => arn.split(":").pop()), ["4", "5"]);
  assert.deepEqual(result.prunedRevisions?.map((arn) => arn.split(":").pop()), ["1", "2", "3"]);
});

Deno.test("a signal between registering and updating leaves the service untouched", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  world.hooks.push((method) => {
    if (method === "registerTaskDefinition") controller.abort("SIGINT");
  });
  const { result, events } = await deployIn(world, aDeployRequest(), controller.signal);
  assert.equal(result.outcome, "cancelled");
  assert.equal(result.exitCode, 130);
  assert.match(result.reason, /after registering .*api:2; the service was not changed/);
  assert.equal(world.countOf("updateService"), 0);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
  assert.ok(events.some((event) => event.type === "interrupted"));
});

Deno.test("a signal while waiting stops at once and says how to resume or roll back", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) controller.abort("SIGINT");
  });
  const { result } = await deployIn(world, aDeployRequest(), controller.signal);
  assert.equal(result.outcome, "cancelled");
  assert.match(result.reason, /goes on in ECS/);
  assert.match(result.reason, /ecs-deploy wait -c demo -n api/);
  assert.match(result.reason, /ecs-deploy rollback -c demo -n api --to .*api:1/);
});
