import assert from "node:assert/strict";
import { SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { defaultTimings } from "../../src/simulator/timings.ts";
import { BackdatableClock } from "../../src/emulator/backdatable_clock.ts";
import { demoAgeMs, ensureDemoService } from "../../src/emulator/demo_service.ts";
import { FakeClock } from "../support/fake_clock.ts";

type Wire = Record<string, unknown>;

/** A simulator made in the past, as `runEmulator` makes it for a new demo. */
function aDemoSim() {
  const base = new FakeClock();
  const clock = new BackdatableClock(base, demoAgeMs(defaultTimings));
  const sim = new SimulatedEcs({ clock, timings: defaultTimings });
  return { base, clock, sim };
}

Deno.test("ensureDemoService() leaves a settled Fargate service with the circuit breaker on, now", async () => {
  const { base, clock, sim } = aDemoSim();
  const demo = await ensureDemoService(sim);
  clock.present();
  assert.deepEqual(demo, {
    cluster: "demo",
    service: "api",
    revision: "api:1",
    images: ["web=public.ecr.aws/nginx/nginx:1.27"],
    desiredCount: 2,
    created: true,
  });
  // No time has passed on the real clock, yet the first rollout is over.
  assert.equal(clock.now(), base.now());
  const { services } = await sim.call("DescribeServices", { cluster: "demo", services: ["api"] });
  const [service] = services as Wire[];
  assert.equal(service!.launchType, "FARGATE");
  assert.equal(service!.runningCount, 2);
  assert.deepEqual(
    (service!.deploymentConfiguration as Wire).deploymentCircuitBreaker,
    { enable: true, rollback: true },
  );
  const deployments = service!.deployments as Wire[];
  assert.equal(deployments.length, 1);
  assert.equal(deployments[0]!.rolloutState, "COMPLETED");
  assert.ok((service!.createdAt as Date).getTime() <= base.now() - demoAgeMs(defaultTimings));
});

Deno.test("ensureDemoService() keeps a demo service that is already there", async () => {
  const { clock, sim } = aDemoSim();
  await ensureDemoService(sim);
  clock.present();
  await sim.call("RegisterTaskDefinition", {
    family: "api",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    containerDefinitions: [{ name: "web", image: "public.ecr.aws/nginx/nginx:1.28" }],
  });
  await sim.call("UpdateService", { cluster: "demo", service: "api", taskDefinition: "api:2" });
  const again = await ensureDemoService(sim);
  assert.equal(again.created, false);
  assert.equal(again.revision, "api:2");
  assert.deepEqual(again.images, ["web=public.ecr.aws/nginx/nginx:1.28"]);
  const { taskDefinitionArns } = await sim.call("ListTaskDefinitions", {});
  assert.equal((taskDefinitionArns as string[]).length, 2);
});

Deno.test("demoAgeMs() is long enough for slow task starts too", () => {
  assert.equal(demoAgeMs(defaultTimings), 600_000);
  const slow = { ...defaultTimings, provisioningMs: 30_000, pendingMs: 70_000 };
  assert.ok(demoAgeMs(slow) >= 10 * (30_000 + 70_000));
});
