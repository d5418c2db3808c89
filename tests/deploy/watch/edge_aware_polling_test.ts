/**
 * Edge-aware polling on the simulated ECS (fake clock, virtual time only): the watch polls fast
 * where an outcome is near, so it ends within the near rate of ECS finishing, wherever between
 * two polls that happens, and blue/green waits cost fewer calls than two a look.
 */
import assert from "node:assert/strict";
import { defaultPollSettings } from "../../../src/deploy/watch/poll_schedule.ts";
import { defaultTimings, fastTimings } from "../../../src/simulator/timings.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  deployIn,
  recordCallTimes,
  settle,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";

const MINUTE = 60_000;
const NEAR = defaultPollSettings.nearIntervalMs;
const ELB = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

/** Deploys and returns how long after ECS finished our deployment the deploy ended. */
async function detectionLatency(world: SimulatedWorld, timeoutMs = 30 * MINUTE) {
  let finishedAt: number | undefined;
  world.sim.onDeploymentFinished((event) => finishedAt ??= event.at);
  const { result } = await deployIn(world, aDeployRequest({ cluster: "prod", timeoutMs }));
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(finishedAt !== undefined);
  return world.clock.now() - finishedAt;
}

Deno.test("a rolling deploy ends within the near rate of ECS completing it, wherever that falls", async () => {
  const latencies: number[] = [];
  // The completion swept across one usual poll interval, as real rollouts end at random moments.
  for (let step = 0; step < 8; step++) {
    const stabilizationMs = defaultTimings.stabilizationMs + step * 125;
    const world = await aSimulatedWorld({
      cluster: "prod",
      timings: { ...defaultTimings, stabilizationMs },
    });
    latencies.push(await detectionLatency(world));
  }
  assert.ok(latencies.every((ms) => ms >= 0 && ms <= NEAR), latencies.join(", "));
});

/** A world whose service deploys blue/green with a bake of `bakeTimeInMinutes`. */
async function blueGreenWorld(bakeTimeInMinutes: number, stageMs: number) {
  const world = await aSimulatedWorld({
    cluster: "prod",
    timings: { ...fastTimings, lifecycleStageMs: stageMs, drainingMs: 500 },
  });
  await world.sim.call("UpdateService", {
    cluster: world.seeded.cluster,
    service: world.seeded.service,
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes },
  });
  world.calls.length = 0;
  return world;
}

Deno.test("a blue/green deploy ends within the near rate of SUCCESSFUL, wherever its bake ends", async () => {
  const latencies: number[] = [];
  for (let step = 0; step < 8; step++) {
    const world = await blueGreenWorld(2, 1_000 + step * 125);
    latencies.push(await detectionLatency(world));
  }
  assert.ok(latencies.every((ms) => ms >= 0 && ms <= NEAR), latencies.join(", "));
});

Deno.test("waiting through a blue/green bake reads the ServiceDeployment each look, the service seldom", async () => {
  const world = await blueGreenWorld(10, 1_000);
  const times = recordCallTimes(world);
  await detectionLatency(world);
  const update = times.findIndex((call) => call.method === "updateService");
  const waiting = times.slice(update + 1);
  const count = (method: string) => waiting.filter((call) => call.method === method).length;
  const minutes = (waiting.at(-1)!.at - times[update]!.at) / MINUTE;
  const perMinute = waiting.length / minutes;
  // Before, each look made both calls: about 2 x 19.5 a minute through a bake.
  assert.ok(
    count("describeService") * 2 < count("describeServiceDeployments"),
    JSON.stringify({
      describeService: count("describeService"),
      describeServiceDeployments: count("describeServiceDeployments"),
    }),
  );
  assert.ok(perMinute < 21.5, `${perMinute.toFixed(1)} calls a minute over ${minutes} minutes`);
});

/** Calls per minute from `from` to `to` (virtual epoch milliseconds). */
function callsPerMinute(times: { at: number }[], from: number, to: number): number {
  return times.filter((call) => call.at >= from && call.at < to).length / ((to - from) / MINUTE);
}

Deno.test("a bake with minutes left is looked at every 10 s: 8 calls a minute at most", async () => {
  const world = await blueGreenWorld(10, 1_000);
  const times = recordCallTimes(world);
  const latency = await detectionLatency(world);
  const updatedAt = times.find((call) => call.method === "updateService")!.at;
  // The stages before the bake take about 8 s; the bake 10 minutes: its middle 9 minutes.
  const rate = callsPerMinute(times, updatedAt + 30_000, updatedAt + 9.5 * MINUTE);
  assert.ok(rate <= 8, `${rate.toFixed(1)} calls a minute while baking`);
  assert.ok(latency <= NEAR, `detected ${latency} ms after SUCCESSFUL`);
});

Deno.test("a PAUSE hook awaiting approval is looked at slowly, and never a stall", async () => {
  const world = await blueGreenWorld(0, 1_000);
  await world.sim.call("UpdateService", {
    cluster: world.seeded.cluster,
    service: world.seeded.service,
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"] }],
    },
  });
  const times = recordCallTimes(world);
  const { result } = await deployIn(
    world,
    aDeployRequest({ cluster: "prod", timeoutMs: 10 * MINUTE, stallTimeoutMs: MINUTE }),
  );
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.match(result.reason, /deadline/);
  const updatedAt = times.find((call) => call.method === "updateService")!.at;
  const rate = callsPerMinute(times, updatedAt + MINUTE, updatedAt + 9 * MINUTE);
  assert.ok(rate <= 8, `${rate.toFixed(1)} calls a minute while paused`);
});

Deno.test("a canary's step bake is looked at slowly too", async () => {
  const world = await blueGreenWorld(0, 1_000);
  const canary = (canaryBakeTimeInMinutes: number) => ({
    strategy: "CANARY",
    bakeTimeInMinutes: 0,
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes },
  });
  const target = { cluster: world.seeded.cluster, service: world.seeded.service };
  // Behind a load balancer, where ECS shows the traffic weights of each step.
  await world.sim.call("UpdateService", {
    ...target,
    loadBalancers: [{
      targetGroupArn: `${ELB}:targetgroup/api-a/1`,
      containerName: "web",
      containerPort: 80,
      advancedConfiguration: {
        alternateTargetGroupArn: `${ELB}:targetgroup/api-b/2`,
        productionListenerRule: `${ELB}:listener-rule/app/api/1/2/3`,
        roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructure",
      },
    }],
    deploymentConfiguration: canary(0),
  });
  await settle(world);
  await world.sim.call("UpdateService", { ...target, deploymentConfiguration: canary(10) });
  const times = recordCallTimes(world);
  const latency = await detectionLatency(world);
  const updatedAt = times.find((call) => call.method === "updateService")!.at;
  const rate = callsPerMinute(times, updatedAt + 30_000, updatedAt + 9.5 * MINUTE);
  assert.ok(rate <= 8, `${rate.toFixed(1)} calls a minute through the canary step`);
  assert.ok(latency <= NEAR, `detected ${latency} ms after SUCCESSFUL`);
});

Deno.test("progress counts the bake down: it ends its minutes after the last look before it", async () => {
  const world = await blueGreenWorld(10, 1_000);
  const { events } = await deployIn(
    world,
    aDeployRequest({ cluster: "prod", timeoutMs: 30 * MINUTE }),
  );
  const baking = events.flatMap((e) =>
    e.type === "progress" && e.stage?.lifecycleStage === "BAKE_TIME" ? [e] : []
  );
  const countdowns = baking.flatMap((e) => e.countdown ? [e.countdown] : []);
  assert.ok(countdowns.length > 0, "no countdown while baking");
  assert.deepEqual(
    [...new Set(countdowns.map((c) => `${c.label} ${c.endsAt.getTime()}`))].length,
    1,
  );
  const [countdown] = countdowns;
  assert.equal(countdown!.label, "bake");
  const succeededAt = world.clock.now();
  // The bake is over a moment before SUCCESSFUL (the clean-up), never after.
  assert.ok(
    countdown!.endsAt.getTime() <= succeededAt,
    `${countdown!.endsAt.getTime()} > ${succeededAt}`,
  );
  assert.ok(succeededAt - countdown!.endsAt.getTime() < 5_000);
});
