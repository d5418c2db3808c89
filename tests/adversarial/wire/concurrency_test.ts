/**
 * Concurrency on the wire: many deploys at once through the real AWS SDK against one emulator
 * that throttles half of all calls, and two deploys racing for one service. Every deploy must end
 * with the truth, and throttling is never a reason to give up before the deadline.
 */
import assert from "node:assert/strict";
import { systemClock } from "../../../src/clock.ts";
import type { DeployResult } from "../../../src/deploy/deploy_events.ts";
import { runDeploy } from "../../../src/deploy/commands/run_deploy.ts";
import { AwsEcsClient } from "../../../src/ecs/aws_ecs_client.ts";
import { serveEmulator } from "../../../src/emulator/serve_emulator.ts";
import { seedDemo } from "../../../src/emulator/seed_demo.ts";
import { aDeployRequest } from "../../support/simulated_world.ts";
import {
  E2E_TIMINGS,
  inWorld,
  REPO,
  waitUntilSteady,
  type WireService,
} from "../../e2e/e2e_world.ts";

const CONCURRENT_DEPLOYS = 12;

function clientFor(url: string) {
  return new AwsEcsClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

Deno.test(`${CONCURRENT_DEPLOYS} concurrent deploys all succeed with half of all ECS calls throttled`, async () => {
  const emulator = await serveEmulator({
    port: 0,
    timings: E2E_TIMINGS,
    faults: { throttleRate: 0.5, seed: 30 },
  });
  const ecs = clientFor(emulator.url);
  try {
    const services = Array.from({ length: CONCURRENT_DEPLOYS }, (_, i) => `svc${i}`);
    for (const name of services) {
      await seedDemo(emulator.sim, { cluster: "busy", service: name });
    }
    for (const name of services) {
      await waitUntilSteady(async () => {
        const { services: [service] } = await emulator.sim.call("DescribeServices", {
          cluster: "busy",
          services: [name],
        }) as { services: WireService[] };
        return service!;
      });
    }

    const results = await Promise.all(services.map((service) =>
      runDeploy(
        aDeployRequest({ cluster: "busy", service, images: [`${REPO}:1.28`], timeoutMs: 120_000 }),
        { ecs, clock: systemClock, emit: () => {} },
      )
    ));

    for (const result of results) {
      assert.equal(result.outcome, "succeeded", `${result.service}: ${result.reason}`);
    }
    const throttled = emulator.calls.filter((c) => c.errorType === "ThrottlingException").length;
    assert.ok(throttled > CONCURRENT_DEPLOYS, `only ${throttled} calls were throttled`);
  } finally {
    ecs.destroy();
    await emulator.shutdown();
  }
});

Deno.test("two deploys racing for one service: one succeeds, the other is refused or superseded", async () => {
  await inWorld("race", {}, async (world) => {
    const ecs = clientFor(world.url);
    try {
      const deploy = (tag: string): Promise<DeployResult> =>
        runDeploy(
          aDeployRequest({
            cluster: world.cluster,
            service: world.service,
            images: [`${REPO}:${tag}`],
          }),
          { ecs, clock: systemClock, emit: () => {} },
        );
      const results = await Promise.all([deploy("1.28"), deploy("1.29")]);

      const won = results.filter((r) => r.outcome === "succeeded");
      assert.equal(won.length, 1, JSON.stringify(results.map((r) => [r.outcome, r.reason])));
      const lost = results.find((r) => r.outcome !== "succeeded")!;
      assert.ok(
        ["superseded", "invalid"].includes(lost.outcome),
        `${lost.outcome}: ${lost.reason}`,
      );
      assert.equal((await world.describeService()).taskDefinition, won[0]!.taskDefinitionArn);
    } finally {
      ecs.destroy();
    }
  });
});
