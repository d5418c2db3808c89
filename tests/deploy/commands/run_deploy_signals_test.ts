/**
 * SIGINT/SIGTERM at every phase of a deploy, including while a call hangs and during a rollback:
 * the run ends at once as `cancelled` (130/143), says what may have changed, and a rollback
 * started by one signal is stopped by the next.
 */
import assert from "node:assert/strict";
import { SIGNAL_GRACE_MS } from "../../../src/deploy/calls/bounded_ecs_client.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  deployIn,
  never,
} from "../../support/simulated_world.ts";

/** The circuit breaker stops a failing deployment, but ECS does not roll it back. */
const WITHOUT_ECS_ROLLBACK = { circuitBreaker: { enable: true, rollback: false } };

Deno.test("a signal while a call hangs ends the deploy at once, in every phase", async (t) => {
  const phases: [string, keyof EcsClient, number, RegExp][] = [
    ["reading", "describeService", 1, /^DescribeServices was in flight when it was interrupted/],
    ["registering", "registerTaskDefinition", 1, /a new revision may have been registered/],
    ["updating", "updateService", 1, /the service may now run .*api:2: check with: ecs-deploy/],
    ["waiting", "describeService", 2, /^interrupted while deploying; .*goes on in ECS/],
  ];
  for (const [phase, method, count, reason] of phases) {
    await t.step(phase, async () => {
      const world = await aSimulatedWorld();
      const controller = new AbortController();
      let signalledAt = 0;
      world.hooks.push((called, n) => {
        if (called !== method || n !== count) return;
        signalledAt = world.clock.now();
        // The signal arrives while the call is in flight, after the deploy started waiting.
        queueMicrotask(() => controller.abort("SIGINT"));
        return never();
      });
      const { result } = await advanceUntilSettled(
        world.clock,
        deployIn(world, aDeployRequest(), controller.signal),
      );
      assert.equal(result.outcome, "cancelled", result.reason);
      assert.equal(result.exitCode, 130);
      assert.match(result.reason, reason);
      // A call that changes ECS gets a moment to answer; reads none.
      const grace = method === "describeService" ? 0 : SIGNAL_GRACE_MS;
      assert.equal(world.clock.now() - signalledAt, grace);
    });
  }
});

Deno.test("a signal during the --rollback rollback stops it: cancelled, with the rollback's outcome", async () => {
  const world = await aSimulatedWorld(WITHOUT_ECS_ROLLBACK);
  const controller = new AbortController();
  world.hooks.push((method) => {
    // The rollback's UpdateService has been made: the next look at the service is its watch.
    if (method === "describeService" && world.countOf("updateService") === 2) {
      controller.abort("SIGTERM");
    }
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true }),
    controller.signal,
  );
  assert.equal(result.outcome, "cancelled", result.reason);
  assert.equal(result.exitCode, 143);
  assert.equal(result.rollback?.outcome, "cancelled");
  assert.equal(result.rollback?.taskDefinitionArn, world.seeded.taskDefinitionArn);
  assert.match(result.reason, /interrupted while rolling back to .*api:1: deployment ecs-svc\//);
  assert.match(result.reason, /ecs-deploy wait -c demo -n api/);
  assert.equal(world.countOf("updateService"), 2);
});

Deno.test("--on-cancel rollback after SIGTERM exits 143, the rollback's outcome in the result", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) controller.abort("SIGTERM");
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ onCancel: "rollback" }),
    controller.signal,
    new AbortController().signal,
  );
  assert.equal(result.outcome, "cancelled", result.reason);
  assert.equal(result.exitCode, 143);
  assert.equal(result.rollback?.outcome, "succeeded", result.rollback?.reason);
  assert.equal(result.rollback?.taskDefinitionArn, world.seeded.taskDefinitionArn);
  assert.match(result.reason, /^interrupted while deploying; rolled back from .*api:2 to .*api:1$/);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("--on-cancel rollback: a second signal stops watching the rollback and reports", async () => {
  const world = await aSimulatedWorld();
  const first = new AbortController();
  const second = new AbortController();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) first.abort("SIGINT");
    if (method === "describeService" && world.countOf("updateService") === 2) {
      second.abort("SIGINT");
    }
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ onCancel: "rollback" }),
    first.signal,
    second.signal,
  );
  assert.equal(result.outcome, "cancelled", result.reason);
  assert.equal(result.exitCode, 130);
  assert.equal(result.rollback?.outcome, "cancelled");
  assert.match(result.reason, /interrupted while rolling back to .*api:1/);
  assert.equal(world.countOf("updateService"), 2);
});

Deno.test("--on-cancel rollback starts no rollback once the deadline has passed", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  world.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) {
      world.clock.advance(60_000);
      controller.abort("SIGINT");
    }
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ onCancel: "rollback", timeoutMs: 30_000 }),
    controller.signal,
    new AbortController().signal,
  );
  assert.equal(result.outcome, "cancelled", result.reason);
  assert.equal(result.exitCode, 130);
  assert.equal(result.rollback?.outcome, "timed_out");
  assert.equal(world.countOf("updateService"), 1);
});
