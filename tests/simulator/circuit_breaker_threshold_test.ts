import assert from "node:assert/strict";
import { circuitBreakerThreshold } from "../../src/simulator/rolling_config.ts";
import {
  aSettledService,
  aSimulator,
  deployments,
  describeService,
  primary,
  registerImage,
  until,
  type Wire,
} from "./sim_fixtures.ts";

type Fixture = ReturnType<typeof aSimulator>;

const breaker = (extra: Wire) => ({
  deploymentConfiguration: {
    deploymentCircuitBreaker: { enable: true, rollback: false, ...extra },
  },
});

async function deployImage(f: Fixture, image: string): Promise<string> {
  const td = await registerImage(f, image, { family: "api" });
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td });
  return (await primary(f)).id as string;
}

async function breakerOf(f: Fixture, deploymentId: string): Promise<Wire> {
  const out = await f.call("DescribeServiceDeployments", {
    serviceDeploymentArns: [f.sim.serviceDeploymentArnOf(deploymentId)],
  });
  return (out.serviceDeployments as Wire[])[0]!.deploymentCircuitBreaker as Wire;
}

Deno.test("circuitBreakerThreshold() applies COUNT directly and percentages to the desired count", () => {
  assert.equal(circuitBreakerThreshold(10, { type: "COUNT", value: 7 }), 7);
  assert.equal(circuitBreakerThreshold(10, { type: "BOUNDED_PERCENT", value: 20 }), 3);
  assert.equal(circuitBreakerThreshold(1000, { type: "BOUNDED_PERCENT", value: 50 }), 200);
  assert.equal(circuitBreakerThreshold(10, { type: "UNBOUNDED_PERCENT", value: 20 }), 2);
  assert.equal(circuitBreakerThreshold(1000, { type: "UNBOUNDED_PERCENT", value: 50 }), 500);
  assert.equal(circuitBreakerThreshold(10), 5);
});

Deno.test("a COUNT threshold of 1 trips the circuit breaker on the first failed task", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    desiredCount: 1,
    ...breaker({ thresholdConfiguration: { type: "COUNT", value: 1 } }),
  });
  const ours = await deployImage(f, "nginx:fail-pull");
  await until(f, async () => (await primary(f)).rolloutState === "FAILED");
  assert.equal((await primary(f)).failedTasks, 1);
  assert.deepEqual(await breakerOf(f, ours), {
    status: "TRIGGERED",
    failureCount: 1,
    threshold: 1,
  });
});

Deno.test("an UNBOUNDED_PERCENT threshold is not raised to 3", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    desiredCount: 2,
    ...breaker({ thresholdConfiguration: { type: "UNBOUNDED_PERCENT", value: 50 } }),
  });
  const ours = await deployImage(f, "nginx:fail-pull");
  await until(f, async () => (await primary(f)).rolloutState === "FAILED");
  assert.equal((await breakerOf(f, ours)).threshold, 1);
  assert.ok(((await primary(f)).failedTasks as number) < 3);
});

Deno.test("the threshold configuration is echoed in the service's deploymentConfiguration", async () => {
  const f = aSimulator();
  await aSettledService(
    f,
    breaker({
      resetOnHealthyTask: false,
      thresholdConfiguration: { type: "COUNT", value: 4 },
    }),
  );
  const config = (await describeService(f)).deploymentConfiguration as Wire;
  assert.deepEqual(config.deploymentCircuitBreaker, {
    enable: true,
    rollback: false,
    resetOnHealthyTask: false,
    thresholdConfiguration: { type: "COUNT", value: 4 },
  });
});

Deno.test("a task that becomes healthy resets the failure count (resetOnHealthyTask default)", async () => {
  const f = aSimulator();
  await aSettledService(f, breaker({}));
  const ours = await deployImage(f, "nginx:flaky");
  // Each flaky task is healthy before it exits, so the count never reaches the threshold of 3.
  await until(f, async () => ((await primary(f)).failedTasks as number) >= 6, { limitMs: 120_000 });
  const entry = (await deployments(f)).find((d) => d.id === ours)!;
  assert.equal(entry.rolloutState, "IN_PROGRESS");
  const status = await breakerOf(f, ours);
  assert.equal(status.status, "MONITORING");
  assert.ok((status.failureCount as number) < 3);
});

Deno.test("resetOnHealthyTask false keeps counting across healthy tasks and trips", async () => {
  const f = aSimulator();
  await aSettledService(f, breaker({ resetOnHealthyTask: false }));
  const ours = await deployImage(f, "nginx:flaky");
  await until(f, async () => (await primary(f)).rolloutState === "FAILED", { limitMs: 120_000 });
  const status = await breakerOf(f, ours);
  assert.equal(status.status, "TRIGGERED");
  assert.ok((status.failureCount as number) >= 3);
});

Deno.test("out-of-range or incomplete threshold configurations are InvalidParameterException", async () => {
  const f = aSimulator();
  await aSettledService(f);
  for (
    const thresholdConfiguration of [
      { type: "COUNT", value: 0 },
      { type: "BOUNDED_PERCENT", value: 0 },
      { type: "UNBOUNDED_PERCENT", value: 101 },
      { type: "PERCENT", value: 10 },
      { type: "COUNT" },
      { value: 10 },
    ]
  ) {
    await assert.rejects(
      f.call("UpdateService", {
        cluster: "prod",
        service: "api",
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration },
        },
      }),
      { name: "EcsApiError", type: "InvalidParameterException" } as object,
      JSON.stringify(thresholdConfiguration),
    );
  }
});
