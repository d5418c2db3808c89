import assert from "node:assert/strict";
import {
  aSettledService,
  aSimulator,
  deployments,
  describeService,
  type Wire,
} from "./sim_fixtures.ts";
import { deployImage, loadBalancer, watch } from "./strategy_fixtures.ts";

Deno.test("StopServiceDeployment ROLLBACK during the bake flips traffic back to blue at once", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 30 },
    service: { loadBalancers: [loadBalancer] },
  });
  const blue = (await deployments(f))[0]!;
  const arn = await deployImage(f, "nginx:1.26");
  await watch(f, arn, { until: (sd) => sd.lifecycleStage === "BAKE_TIME" });
  f.clock.advance(10 * 60_000);
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const { seen, last } = await watch(f, arn);
  assert.deepEqual(seen.map((o) => `${o.status} ${o.production}/${o.test}`), [
    "ROLLBACK_REQUESTED 100/100",
    "ROLLBACK_IN_PROGRESS 0/0",
    "ROLLBACK_SUCCESSFUL 0/0",
  ]);
  // Blue never stopped, so the rollback takes moments, not a new rollout.
  assert.ok(seen.at(-1)!.at < 1_000, `rolled back after ${seen.at(-1)!.at} ms`);
  assert.equal((last.sourceServiceRevisions as Wire[])[0]!.requestedProductionTrafficWeight, 100);
  assert.equal((last.rollback as Wire).reason, "StopServiceDeployment request");
  const after = await deployments(f);
  assert.deepEqual(after.map((d) => [d.id, d.status, d.taskDefinition]), [
    [blue.id, "PRIMARY", blue.taskDefinition],
  ]);
  assert.equal((await describeService(f)).runningCount, 2);
  await assert.rejects(
    f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" }),
    { type: "ConflictException" } as object,
  );
});

Deno.test("green tasks failing trip the circuit breaker, which rolls back to blue", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  });
  const arn = await deployImage(f, "nginx:crash");
  const { seen, last } = await watch(f, arn);
  assert.deepEqual([...new Set(seen.map((o) => o.stage))], ["PRE_SCALE_UP", "SCALE_UP"]);
  assert.equal(last.status, "ROLLBACK_SUCCESSFUL");
  assert.equal((last.rollback as Wire).reason, "Circuit Breaker");
  assert.equal((last.deploymentCircuitBreaker as Wire).status, "TRIGGERED");
  // Blue kept serving all along: it was never scaled in.
  assert.equal((last.sourceServiceRevisions as Wire[])[0]!.runningTaskCount, 2);
});
