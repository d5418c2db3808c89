import assert from "node:assert/strict";
import {
  aSettledService,
  aSimulator,
  deployments,
  describeService,
  type Wire,
} from "./sim_fixtures.ts";
import { deployImage, lambdaHook, loadBalancer, watch } from "./strategy_fixtures.ts";

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

/** A BLUE_GREEN service with `lifecycleHooks`, deployed and watched until its bake. */
async function bakingWith(lifecycleHooks: Wire[]) {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 30, lifecycleHooks },
    service: { loadBalancers: [loadBalancer] },
  });
  const arn = await deployImage(f, "nginx:1.26");
  await watch(f, arn, { until: (sd) => sd.lifecycleStage === "BAKE_TIME" });
  return { f, arn };
}

const hookRuns = (sd: Wire) =>
  (sd.lifecycleHookDetails as Wire[]).map((
    h,
  ) => [(h.targetArn as string).split(":").pop(), h.status]);

Deno.test("a rollback runs the traffic-shift hooks again and finishes once they succeed", async () => {
  const { f, arn } = await bakingWith([
    lambdaHook("smoke-test", ["TEST_TRAFFIC_SHIFT"]),
    lambdaHook("gate", ["POST_SCALE_UP"]),
  ]);
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const { last: rolling } = await watch(f, arn, {
    until: (sd) => sd.status === "ROLLBACK_IN_PROGRESS",
  });
  // Only the TEST_TRAFFIC_SHIFT hook runs again; the stage's own runs stay as they ended.
  assert.deepEqual(hookRuns(rolling), [["smoke-test", "IN_PROGRESS"]]);
  const { last } = await watch(f, arn);
  assert.equal(last.status, "ROLLBACK_SUCCESSFUL");
  assert.deepEqual(hookRuns(last), [["smoke-test", "SUCCEEDED"]]);
});

Deno.test("a hook that fails during the rollback fails it: ROLLBACK_FAILED, blue keeps the traffic", async () => {
  const { f, arn } = await bakingWith([lambdaHook("rollback-fails", ["PRODUCTION_TRAFFIC_SHIFT"])]);
  const blue = (await deployments(f)).find((d) => d.status === "ACTIVE")!;
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const { seen, last } = await watch(f, arn);
  assert.deepEqual(seen.map((o) => o.status), [
    "ROLLBACK_REQUESTED",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
  ]);
  assert.match(
    last.statusReason as string,
    /^Service deployment rollback failed because lifecycle hook ecs-lambda-\w+ failed\.$/,
  );
  assert.equal((last.sourceServiceRevisions as Wire[])[0]!.requestedProductionTrafficWeight, 100);
  const primary = (await deployments(f))[0]!;
  assert.deepEqual([primary.id, primary.rolloutState], [blue.id, "FAILED"]);
  await assert.rejects(
    f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" }),
    { type: "ConflictException" } as object,
  );
});

Deno.test("StopServiceDeployment of a deployment already rolling back continues that rollback", async () => {
  const { f, arn } = await bakingWith([lambdaHook("slow-check", ["TEST_TRAFFIC_SHIFT"])]);
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const again = await f.call("StopServiceDeployment", { serviceDeploymentArn: arn });
  assert.deepEqual(again, { serviceDeploymentArn: arn });
  const { last: inProgress } = await watch(f, arn, {
    until: (sd) => sd.status === "ROLLBACK_IN_PROGRESS",
  });
  const rollback = inProgress.rollback as Wire;
  f.clock.advance(50);
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const { seen, last } = await watch(f, arn);
  assert.deepEqual([...new Set(seen.map((o) => o.status))], [
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_SUCCESSFUL",
  ]);
  // The same rollback: started once, to the same revision, with one run of the slow hook.
  assert.deepEqual(last.rollback, rollback);
  assert.equal(hookRuns(last).length, 1);
  assert.equal((await deployments(f)).length, 1);
});
