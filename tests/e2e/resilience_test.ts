import assert from "node:assert/strict";
import { systemClock } from "../../src/clock.ts";
import { runDeploy } from "../../src/deploy/commands/run_deploy.ts";
import { AwsEcsClient } from "../../src/ecs/aws_ecs_client.ts";
import type { EmulatorFaults } from "../../src/emulator/fault_injector.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import type { DeployEvent } from "../../src/deploy/deploy_events.ts";
import { aDeployRequest } from "../support/simulated_world.ts";
import { PausableClock, waitUntilSteady, type WireService } from "./e2e_world.ts";

const quickTimings = {
  provisioningMs: 100,
  pendingMs: 200,
  healthCheckMs: 200,
  runningGraceMs: 200,
  stabilizationMs: 300,
  drainingMs: 100,
};

/**
 * A real deploy through the AWS SDK against an emulator that injects `faults`. The emulator's
 * clock stands still from the deploy's start until its UpdateService is answered, so where the
 * registration and the update fall in the fault schedule does not depend on the host's speed:
 * they happen at the first emulator time, after the seeded rollout, for which `applyAt` (given
 * milliseconds since the emulator started) holds.
 */
async function deployThroughFaults(
  faults: EmulatorFaults,
  applyAt: (emulatorMs: number) => boolean = () => true,
) {
  const clock = new PausableClock();
  // The same instant the emulator's fault schedule starts from (no await in between).
  const startedAt = clock.now();
  const emulator = await serveEmulator({ port: 0, clock, timings: quickTimings, faults });
  const ecs = new AwsEcsClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  try {
    const seeded = await seedDemo(emulator.sim);
    // A deploy refuses to go over the first rollout, so wait for it (straight in the simulated
    // ECS: the faults are for the deploy's calls).
    await waitUntilSteady(async () => {
      const { services } = await emulator.sim.call("DescribeServices", {
        cluster: seeded.cluster,
        services: [seeded.service],
      });
      return (services as WireService[])[0]!;
    });
    while (!applyAt(clock.now() - startedAt)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    clock.pause(); // in the same turn as the check above
    const events: DeployEvent[] = [];
    const result = await runDeploy(aDeployRequest({ timeoutMs: 120_000 }), {
      ecs,
      clock: systemClock,
      emit: (event) => {
        events.push(event);
        if (event.type === "service_updated") clock.resume();
      },
    });
    return { result, events, calls: emulator.calls };
  } finally {
    clock.resume();
    ecs.destroy();
    await emulator.shutdown();
  }
}

Deno.test("a deploy succeeds with 30% of ECS calls throttled", async () => {
  const { result, calls } = await deployThroughFaults({ throttleRate: 0.3, seed: 7 });
  assert.equal(result.outcome, "succeeded", result.reason);
  const throttled = calls.filter((call) => call.errorType === "ThrottlingException").length;
  assert.ok(throttled >= 2, `only ${throttled} of ${calls.length} calls were throttled`);
});

Deno.test("a deploy succeeds through 2-second bursts in which every ECS call fails", async () => {
  // A burst every 3 seconds from the emulator's start. The deploy applies late in a gap (the
  // engine does not retry RegisterTaskDefinition or UpdateService through a burst), and its
  // rollout, about a second of emulator time, ends in the next burst: the watch must get
  // through that burst to see it finish.
  const outages = Array.from(
    { length: 40 },
    (_, i) => ({ startMs: i * 3_000, durationMs: 2_000 }),
  );
  const inLateGap = (ms: number) => ms % 3_000 >= 2_200 && ms % 3_000 < 2_900;
  const { result, calls } = await deployThroughFaults({ outages }, inLateGap);
  assert.equal(result.outcome, "succeeded", result.reason);
  const failed = calls.filter((call) => call.status >= 500).length;
  assert.ok(failed >= 1, `none of ${calls.length} calls hit an outage`);
});
