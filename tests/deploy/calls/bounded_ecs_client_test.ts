import assert from "node:assert/strict";
import {
  BoundedEcsClient,
  CallStoppedError,
  SIGNAL_GRACE_MS,
} from "../../../src/deploy/calls/bounded_ecs_client.ts";
import { EcsApiError, type EcsClient } from "../../../src/ecs/ecs_client.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import { aSimulatedWorld, never, type SimulatedWorld } from "../../support/simulated_world.ts";

function bounded(world: SimulatedWorld, deadlineInMs: number, signal?: AbortSignal) {
  return new BoundedEcsClient(world.ecs, {
    clock: world.clock,
    deadline: world.clock.now() + deadlineInMs,
    signal,
  });
}

async function stoppedBy(call: Promise<unknown>): Promise<CallStoppedError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof CallStoppedError, `a CallStoppedError, not ${error}`);
  return error;
}

Deno.test("BoundedEcsClient passes calls and their errors through within the bounds", async () => {
  const world = await aSimulatedWorld();
  const ecs = bounded(world, 60_000);
  assert.equal((await ecs.describeService("demo", "api"))?.serviceName, "api");
  await assert.rejects(ecs.describeService("nope", "api"), EcsApiError);
});

Deno.test("BoundedEcsClient starts no call once the deadline has come", async () => {
  const world = await aSimulatedWorld();
  const ecs = bounded(world, 1_000);
  world.clock.advance(1_000);
  const error = await stoppedBy(ecs.updateService({ cluster: "demo", service: "api" }));
  assert.equal(error.outcome, "timed_out");
  assert.equal(error.inFlight, false);
  assert.equal(error.message, "Did not start UpdateService: the deadline passed");
  assert.deepEqual(world.calls, []);
});

Deno.test("BoundedEcsClient abandons a call in flight when the deadline comes", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push(() => never());
  const ecs = bounded(world, 5_000);
  const error = await advanceUntilSettled(
    world.clock,
    stoppedBy(ecs.listTasks("demo", "api", "RUNNING")),
  );
  assert.equal(error.outcome, "timed_out");
  assert.equal(error.inFlight, true);
  assert.equal(error.message, "ListTasks was in flight when the deadline passed");
  assert.equal(world.clock.nextAlarm(), undefined, "no alarm left behind");
});

Deno.test("BoundedEcsClient stops a read at once on a signal, and starts nothing after it", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push(() => never());
  const controller = new AbortController();
  const ecs = bounded(world, 60_000, controller.signal);
  const call = stoppedBy(ecs.describeService("demo", "api"));
  controller.abort("SIGTERM");
  const error = await call;
  assert.equal(error.outcome, "cancelled");
  assert.equal(error.message, "DescribeServices was in flight when it was interrupted (SIGTERM)");
  const next = await stoppedBy(ecs.describeService("demo", "api"));
  assert.equal(next.inFlight, false);
  assert.equal(world.countOf("describeService"), 1);
});

Deno.test("BoundedEcsClient gives a call that changes ECS a moment to answer after a signal", async () => {
  const world = await aSimulatedWorld();
  const controller = new AbortController();
  let answer: (() => void) | undefined;
  world.hooks.push((_method, _count, _args, proceed) =>
    new Promise((resolve) => answer = () => resolve(proceed()))
  );
  const ecs = bounded(world, 60_000, controller.signal);
  const registering = ecs.registerTaskDefinition({
    family: "api",
    containerDefinitions: [{ name: "web", image: "nginx", memory: 128 }],
  });
  controller.abort("SIGINT");
  world.clock.advance(SIGNAL_GRACE_MS - 1);
  answer!();
  const { taskDefinition } = await registering;
  assert.match(taskDefinition.taskDefinitionArn, /api:2$/);

  // One that does not answer within the grace is abandoned when the grace ends.
  world.hooks.length = 0;
  world.hooks.push(() => never());
  const again = new AbortController();
  const updating = stoppedBy(
    bounded(world, 60_000, again.signal).updateService({ cluster: "demo", service: "api" }),
  );
  const signalledAt = world.clock.now();
  again.abort("SIGINT");
  const error = await advanceUntilSettled(world.clock, updating);
  assert.equal(error.inFlight, true);
  assert.equal(world.clock.now() - signalledAt, SIGNAL_GRACE_MS);
});

Deno.test("BoundedEcsClient aborts the call it abandons, where the adapter can", async () => {
  const world = await aSimulatedWorld();
  const signals: AbortSignal[] = [];
  const abortable = {
    ...world.ecs,
    describeService: () => never(),
    withSignal(signal: AbortSignal): EcsClient {
      signals.push(signal);
      return this;
    },
  } as EcsClient;
  const ecs = new BoundedEcsClient(abortable, {
    clock: world.clock,
    deadline: world.clock.now() + 1_000,
  });
  const error = await advanceUntilSettled(
    world.clock,
    stoppedBy(ecs.describeService("demo", "api")),
  );
  assert.equal(error.outcome, "timed_out");
  assert.equal(signals.length, 1);
  assert.equal(signals[0]!.aborted, true);
});
