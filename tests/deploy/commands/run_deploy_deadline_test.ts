/**
 * `-t` is one deadline for the whole run: slow and hanging calls, the diagnosis and any rollback
 * fit in it, and nothing that changes ECS starts after it. On the fake clock: a hook that moves
 * time is a slow ECS, one that never answers is a hang.
 */
import assert from "node:assert/strict";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  deployIn,
  MUTATING_METHODS,
  never,
  recordCallTimes,
  registerRevision,
  settle,
  type SimulatedWorld,
  startDeployment,
} from "../../support/simulated_world.ts";

/** Makes every call of `world.ecs` take `ms` of virtual time before ECS sees it. */
function slowCalls(world: SimulatedWorld, ms: number): void {
  world.hooks.push(async () => {
    await world.clock.alarm(world.clock.now() + ms);
  });
}

/** Mutating calls that started at or after `deadline`. */
function lateMutations(times: { method: keyof EcsClient; at: number }[], deadline: number) {
  return times.filter((call) => MUTATING_METHODS.includes(call.method) && call.at >= deadline);
}

Deno.test("runDeploy() starts nothing that changes ECS after the deadline, however slow ECS is", async (t) => {
  // Every call takes 3 s: the deadline comes while reading, registering, updating and waiting.
  for (const timeoutMs of [5_000, 8_000, 11_000, 20_000]) {
    await t.step(`-t ${timeoutMs / 1000}`, async () => {
      const world = await aSimulatedWorld();
      const times = recordCallTimes(world);
      slowCalls(world, 3_000);
      const startedAt = world.clock.now();
      const { result } = await advanceUntilSettled(
        world.clock,
        deployIn(world, aDeployRequest({ images: [`${DEMO_IMAGE}:slow`], timeoutMs })),
      );

      assert.equal(result.outcome, "timed_out", result.reason);
      assert.equal(result.exitCode, 3);
      assert.ok(result.durationMs <= timeoutMs, `${result.durationMs} ms`);
      assert.deepEqual(lateMutations(times, startedAt + timeoutMs), []);
    });
  }
});

Deno.test("runDeploy() names what may have changed when the deadline cuts a call", async () => {
  const world = await aSimulatedWorld();
  slowCalls(world, 3_000);
  const deploy = (timeoutMs: number) =>
    advanceUntilSettled(world.clock, deployIn(world, aDeployRequest({ timeoutMs })));
  const register = await deploy(8_000);
  assert.match(
    register.result.reason,
    /^RegisterTaskDefinition was in flight when the deadline passed; a new revision may have been registered; the service was not changed$/,
  );

  const update = await deploy(11_000);
  assert.match(
    update.result.reason,
    /^UpdateService was in flight when the deadline passed; the service may now run .*api:3: check with: ecs-deploy status -c demo -n api$/,
  );
  assert.match(update.result.taskDefinitionArn ?? "", /api:3$/);
});

/** Runs a deploy in which the `count`th call of `method` never answers; returns its result. */
async function deployWithHang(
  world: SimulatedWorld,
  method: keyof EcsClient,
  count: number,
  timeoutMs: number,
) {
  world.hooks.push((called, n) => called === method && n === count ? never() : undefined);
  return await advanceUntilSettled(world.clock, deployIn(world, aDeployRequest({ timeoutMs })), {
    limitMs: 2 * timeoutMs,
  });
}

Deno.test("runDeploy() ends at the deadline when a call never answers, in every phase", async (t) => {
  const phases: [string, keyof EcsClient, number, RegExp][] = [
    ["reading the service", "describeService", 1, /^DescribeServices was in flight/],
    ["reading the revision", "describeTaskDefinition", 1, /^DescribeTaskDefinition was in/],
    ["registering", "registerTaskDefinition", 1, /^RegisterTaskDefinition was in flight/],
    ["updating", "updateService", 1, /^UpdateService was in flight/],
    ["waiting", "describeService", 2, /^still deploying when the deadline passed/],
  ];
  for (const [phase, method, count, reason] of phases) {
    await t.step(phase, async () => {
      const world = await aSimulatedWorld();
      const times = recordCallTimes(world);
      const startedAt = world.clock.now();
      const { result } = await deployWithHang(world, method, count, 30_000);
      assert.equal(result.outcome, "timed_out", result.reason);
      assert.equal(result.exitCode, 3);
      assert.match(result.reason, reason);
      assert.ok(result.durationMs <= 30_000, `${result.durationMs} ms`);
      assert.deepEqual(lateMutations(times, startedAt + 30_000), []);
    });
  }
});

Deno.test("runDeploy() keeps a share of the deadline for the diagnosis when the wait hangs", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployWithHang(world, "describeService", 2, 60_000);
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.ok(result.diagnosis, "a diagnosis");
  assert.deepEqual(result.diagnosis.unreadable, []);
  assert.ok(result.durationMs <= 60_000, `${result.durationMs} ms`);
});

Deno.test("runDeploy() gives the diagnosis a bounded share: a hanging read does not hold up the result", async () => {
  const world = await aSimulatedWorld();
  let failedAt: number | undefined;
  world.hooks.push((method) => {
    if (method !== "listTasks") return;
    failedAt ??= world.clock.now();
    return never();
  });
  const { result } = await advanceUntilSettled(
    world.clock,
    deployIn(world, aDeployRequest({ images: [`${DEMO_IMAGE}:fail-pull`], timeoutMs: 60_000 })),
  );
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.ok(failedAt !== undefined);
  assert.match(result.diagnosis?.unreadable.join("\n") ?? "", /^ListTasks.*the diagnosis/m);
  // A tenth of -t, and one poll step of the test.
  assert.ok(world.clock.now() - failedAt <= 6_000 + 100, `${world.clock.now() - failedAt} ms`);
});

Deno.test("--rollback fits the rollback of a timed-out deployment in the deadline", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: false, rollback: false } });
  const times = recordCallTimes(world);
  const startedAt = world.clock.now();
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true, timeoutMs: 60_000 }),
  );
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.rollback?.outcome, "succeeded");
  assert.ok(result.durationMs <= 60_000, `${result.durationMs} ms`);
  assert.ok(world.clock.now() - startedAt <= 60_000);
  assert.deepEqual(lateMutations(times, startedAt + 60_000), []);
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("--rollback: a rollback that cannot finish in time ends at the deadline as timed_out", async () => {
  const world = await aSimulatedWorld({ circuitBreaker: { enable: false, rollback: false } });
  // The service runs a revision whose tasks take 30 s to start: rolling back to it is slow.
  const slow = await registerRevision(world, `${DEMO_IMAGE}:slow`);
  await startDeployment(world, slow);
  await settle(world);
  const times = recordCallTimes(world);
  const startedAt = world.clock.now();
  const { result } = await deployIn(
    world,
    aDeployRequest({ images: [`${DEMO_IMAGE}:crash`], rollback: true, timeoutMs: 20_000 }),
  );
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.equal(result.exitCode, 3);
  assert.equal(result.rollback?.outcome, "timed_out");
  assert.equal(result.rollback?.taskDefinitionArn, slow);
  assert.match(result.reason, /the rollback to .*api:2 also ended timed_out/);
  assert.ok(result.durationMs <= 20_000, `${result.durationMs} ms`);
  assert.deepEqual(lateMutations(times, startedAt + 20_000), []);
});
