import assert from "node:assert/strict";
import { aSettledService, aSimulator, deployments, type Wire } from "./sim_fixtures.ts";
import { deployImage, loadBalancer, serviceDeployment, watch } from "./strategy_fixtures.ts";

const blueGreen = (bakeTimeInMinutes: number, extra: Wire = {}): Wire => ({
  strategy: "BLUE_GREEN",
  bakeTimeInMinutes,
  ...extra,
});

Deno.test("a BLUE_GREEN deployment walks every lifecycle stage and bakes for bakeTimeInMinutes", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: blueGreen(5),
    service: { loadBalancers: [loadBalancer] },
  });
  const arn = await deployImage(f, "nginx:1.26");
  let skipped = false;
  const { seen, last } = await watch(f, arn, {
    // Through the bake in one jump to 50 ms before its end, then 5 ms polls again.
    skip: (o) => o.stage === "BAKE_TIME" && !skipped ? (skipped = true, 300_000 - 50) : 0,
  });
  assert.deepEqual(seen.map((o) => `${o.status} ${o.stage} ${o.production}/${o.test}`), [
    "IN_PROGRESS PRE_SCALE_UP 0/0",
    "IN_PROGRESS SCALE_UP 0/0",
    "IN_PROGRESS POST_SCALE_UP 0/0",
    "IN_PROGRESS TEST_TRAFFIC_SHIFT 0/100",
    "IN_PROGRESS POST_TEST_TRAFFIC_SHIFT 0/100",
    "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 0/100",
    "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 100/100",
    "IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT 100/100",
    "IN_PROGRESS BAKE_TIME 100/100",
    "IN_PROGRESS CLEAN_UP 100/100",
    "SUCCESSFUL CLEAN_UP 100/100",
  ]);
  const bake = seen.find((o) => o.stage === "BAKE_TIME")!;
  const cleanUp = seen.find((o) => o.stage === "CLEAN_UP")!;
  // The bake lasts its 5 minutes, not the 3 s a rolling update takes.
  assert.ok(cleanUp.at - bake.at >= 300_000, `bake took ${cleanUp.at - bake.at} ms`);
  assert.ok(cleanUp.at - bake.at <= 300_010, `bake took ${cleanUp.at - bake.at} ms`);
  const blue = (last.sourceServiceRevisions as Wire[])[0]!;
  assert.equal(blue.requestedProductionTrafficWeight, 0);
  assert.equal(blue.runningTaskCount, 0);
  assert.equal((last.targetServiceRevision as Wire).runningTaskCount, 2);
  assert.equal((await deployments(f)).length, 1);
});

Deno.test("during the bake green is PRIMARY and blue ACTIVE, both at full size", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: blueGreen(60),
    service: { loadBalancers: [loadBalancer] },
  });
  const arn = await deployImage(f, "nginx:1.26");
  await watch(f, arn, { until: (sd) => sd.lifecycleStage === "BAKE_TIME" });
  f.clock.advance(59 * 60_000);
  // Still baking after 59 of its 60 minutes.
  const during = await deployments(f);
  assert.deepEqual(during.map((d) => [d.status, d.runningCount, d.rolloutState]), [
    ["PRIMARY", 2, "IN_PROGRESS"],
    ["ACTIVE", 2, "COMPLETED"],
  ]);
  const sd = await serviceDeployment(f, arn);
  assert.equal(sd.status, "IN_PROGRESS");
  assert.equal((sd.sourceServiceRevisions as Wire[])[0]!.requestedProductionTrafficWeight, 0);
  assert.equal(sd.lifecycleStage, "BAKE_TIME");
  const { last } = await watch(f, arn, { limitMs: 61_000 });
  assert.equal(last.status, "SUCCESSFUL");
  assert.deepEqual((await deployments(f)).map((d) => d.status), ["PRIMARY"]);
});

Deno.test("RECONCILE_SERVICE comes first only with more than one active revision", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: blueGreen(1) });
  const first = await deployImage(f, "nginx:1.26");
  await watch(f, first, { until: (sd) => sd.lifecycleStage === "POST_SCALE_UP" });
  const second = await deployImage(f, "nginx:1.27");
  assert.equal((await serviceDeployment(f, first)).status, "STOPPED");
  const { seen, last } = await watch(f, second, {
    skip: (o) => o.stage === "BAKE_TIME" ? 1_000 : 0,
  });
  assert.equal(seen[0]!.stage, "RECONCILE_SERVICE");
  assert.equal(last.status, "SUCCESSFUL");
  assert.equal((last.sourceServiceRevisions as Wire[]).length, 2);
  assert.equal((await deployments(f)).length, 1);
});

Deno.test("without a load balancer the stages run and no traffic weights are shown", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: blueGreen(1) });
  const arn = await deployImage(f, "nginx:1.26");
  const { seen, last } = await watch(f, arn, { skip: (o) => o.stage === "BAKE_TIME" ? 1_000 : 0 });
  assert.equal(last.status, "SUCCESSFUL");
  assert.ok(seen.every((o) => o.production === undefined));
  assert.ok(seen.some((o) => o.stage === "BAKE_TIME"));
  assert.equal("requestedProductionTrafficWeight" in (last.targetServiceRevision as Wire), false);
});

Deno.test("a rolling service's deployment shows no lifecycle hook details", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const arn = await deployImage(f, "nginx:1.26");
  const sd = await serviceDeployment(f, arn);
  assert.equal(sd.lifecycleHookDetails, undefined);
  assert.equal(sd.lifecycleStage, "SCALE_UP");
});

Deno.test("strategy settings out of the API's ranges are refused", async () => {
  const f = aSimulator();
  await aSettledService(f);
  for (
    const deploymentConfiguration of [
      { strategy: "BLUE_GREEN", bakeTimeInMinutes: 1441 },
      { strategy: "LINEAR", linearConfiguration: { stepPercent: 2 } },
      { strategy: "CANARY", canaryConfiguration: { canaryPercent: 0 } },
      { strategy: "BLUE_GREEN", lifecycleHooks: [{ lifecycleStages: ["PRE_SCALE_UP"] }] },
      { strategy: "BLUE_GREEN", lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: [] }] },
      {
        strategy: "BLUE_GREEN",
        lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["BAKE_TIME"] }],
      },
    ]
  ) {
    await assert.rejects(
      f.call("UpdateService", { cluster: "prod", service: "api", deploymentConfiguration }),
      { name: "EcsApiError", type: "InvalidParameterException" } as object,
      JSON.stringify(deploymentConfiguration),
    );
  }
});
