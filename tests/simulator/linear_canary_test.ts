import assert from "node:assert/strict";
import { aSettledService, aSimulator, type Wire } from "./sim_fixtures.ts";
import { deployImage, lambdaHook, loadBalancer, watch } from "./strategy_fixtures.ts";

async function shifts(deploymentConfiguration: Wire) {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration, service: { loadBalancers: [loadBalancer] } });
  const arn = await deployImage(f, "nginx:1.26");
  // Step bakes and the final bake in 1 s polls.
  const { seen, last } = await watch(f, arn, {
    skip: (o) =>
      o.stage === "BAKE_TIME" || (o.stage === "PRODUCTION_TRAFFIC_SHIFT" && (o.production ?? 0) > 0)
        ? 1_000
        : 0,
  });
  const steps = seen.filter((o) => o.stage === "PRODUCTION_TRAFFIC_SHIFT" && o.production! > 0);
  return { f, seen, last, steps };
}

Deno.test("LINEAR shifts production traffic in stepPercent steps, stepBakeTimeInMinutes apart", async () => {
  const { seen, last, steps } = await shifts({
    strategy: "LINEAR",
    bakeTimeInMinutes: 3,
    linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
  });
  assert.deepEqual(steps.map((o) => o.production), [25, 50, 75, 100]);
  const gaps = steps.slice(1).map((o, i) => o.at - steps[i]!.at);
  for (const gap of gaps) assert.ok(gap >= 120_000 && gap <= 121_000, `step after ${gap} ms`);
  const bake = seen.find((o) => o.stage === "BAKE_TIME")!;
  const cleanUp = seen.find((o) => o.stage === "CLEAN_UP")!;
  assert.ok(cleanUp.at - bake.at >= 180_000);
  assert.equal(last.status, "SUCCESSFUL");
});

Deno.test("CANARY shifts canaryPercent, bakes canaryBakeTimeInMinutes, then shifts the rest", async () => {
  const { last, steps } = await shifts({
    strategy: "CANARY",
    bakeTimeInMinutes: 1,
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 4 },
  });
  assert.deepEqual(steps.map((o) => o.production), [10, 100]);
  const gap = steps[1]!.at - steps[0]!.at;
  assert.ok(gap >= 240_000 && gap <= 241_000, `rest shifted after ${gap} ms`);
  assert.equal(last.status, "SUCCESSFUL");
});

Deno.test("LINEAR and CANARY take ECS's defaults (10 % per 6 minutes; 5 % for 10 minutes)", async () => {
  const linear = await shifts({ strategy: "LINEAR" });
  assert.equal(linear.steps.length, 10);
  assert.ok(linear.steps[1]!.at - linear.steps[0]!.at >= 6 * 60_000);
  const canary = await shifts({ strategy: "CANARY" });
  assert.deepEqual(canary.steps.map((o) => o.production), [5, 100]);
  assert.ok(canary.steps[1]!.at - canary.steps[0]!.at >= 10 * 60_000);
});

Deno.test("a PRODUCTION_TRAFFIC_SHIFT hook runs again at every step", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: {
      strategy: "CANARY",
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 1 },
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["PRODUCTION_TRAFFIC_SHIFT"] }],
    },
    service: { loadBalancers: [loadBalancer] },
  });
  const arn = await deployImage(f, "nginx:1.26");
  const pauses: [number, string][] = [];
  for (let i = 0; i < 2; i++) {
    const { last } = await watch(f, arn, {
      until: (sd) =>
        (sd.lifecycleHookDetails as Wire[]).some((h) => h.status === "AWAITING_ACTION"),
      skip: () => 1_000,
    });
    const hook = (last.lifecycleHookDetails as Wire[])[0]!;
    pauses.push([
      (last.targetServiceRevision as Wire).requestedProductionTrafficWeight as number,
      hook.hookId as string,
    ]);
    await f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: hook.hookId });
  }
  assert.deepEqual(pauses.map(([weight]) => weight), [20, 100]);
  assert.notEqual(pauses[0]![1], pauses[1]![1]);
  assert.equal((await watch(f, arn, { skip: () => 1_000 })).last.status, "SUCCESSFUL");
});

Deno.test("a failing PRODUCTION_TRAFFIC_SHIFT hook rolls traffic back to blue", async () => {
  const failing = await shifts({
    strategy: "LINEAR",
    linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
    lifecycleHooks: [lambdaHook("fail-on-traffic", ["PRODUCTION_TRAFFIC_SHIFT"])],
  });
  // ECS runs the PRODUCTION_TRAFFIC_SHIFT hooks again while rolling back, and this one fails
  // again: the rollback fails, though traffic went back to blue at once.
  assert.equal(failing.last.status, "ROLLBACK_FAILED");
  assert.equal(
    (failing.last.sourceServiceRevisions as Wire[])[0]!.requestedProductionTrafficWeight,
    100,
  );
});
