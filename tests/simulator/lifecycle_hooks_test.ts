import assert from "node:assert/strict";
import {
  aSettledService,
  aSimulator,
  describeService,
  type SimFixture,
  type Wire,
} from "./sim_fixtures.ts";
import { deployImage, lambdaHook, serviceDeployment, watch } from "./strategy_fixtures.ts";

async function withHooks(f: SimFixture, lifecycleHooks: Wire[]): Promise<string> {
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 0, lifecycleHooks },
  });
  return await deployImage(f, "nginx:1.26");
}

const hooksOf = (sd: Wire) => sd.lifecycleHookDetails as Wire[];

Deno.test("a Lambda hook runs at its stage, which waits for its SUCCEEDED answer", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [lambdaHook("smoke-test", ["POST_TEST_TRAFFIC_SHIFT"])]);
  const { last: at } = await watch(f, arn, {
    until: (sd) => sd.lifecycleStage === "POST_TEST_TRAFFIC_SHIFT",
  });
  assert.deepEqual(hooksOf(at).map((h) => [h.targetType, h.targetArn, h.status, h.timeoutAction]), [
    [
      "AWS_LAMBDA",
      "arn:aws:lambda:us-east-1:123456789012:function:smoke-test",
      "IN_PROGRESS",
      "ROLLBACK",
    ],
  ]);
  assert.match(hooksOf(at)[0]!.hookId as string, /^ecs-lambda-[A-Za-z0-9]{43}$/);
  const { last } = await watch(f, arn);
  assert.equal(last.status, "SUCCESSFUL");
});

Deno.test("a `slow` Lambda hook answers IN_PROGRESS three times before it succeeds", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [lambdaHook("slow-check", ["PRE_SCALE_UP"])]);
  const { seen } = await watch(f, arn);
  const scaleUp = seen.find((o) => o.stage === "SCALE_UP")!;
  // Three callbacks of 100 ms plus four answers of 10 ms (fastTimings).
  assert.ok(scaleUp.at >= 340, `PRE_SCALE_UP ended after ${scaleUp.at} ms`);
  assert.equal(seen.at(-1)!.status, "SUCCESSFUL");
});

Deno.test("a `fail` Lambda hook rolls the deployment back to the blue revision", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [lambdaHook("fail-gate", ["POST_SCALE_UP"])]);
  const before = (await describeService(f)).deployments as Wire[];
  const blue = before.find((d) => d.status === "ACTIVE")!;
  const { seen, last } = await watch(f, arn);
  assert.deepEqual(seen.map((o) => o.status).filter((s, i, a) => a.indexOf(s) === i), [
    "IN_PROGRESS",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_SUCCESSFUL",
  ]);
  assert.equal(hooksOf(last)[0]!.status, "FAILED");
  const rollback = last.rollback as Wire;
  assert.equal(rollback.reason, "Lifecycle hook");
  assert.equal(rollback.serviceRevisionArn, (last.sourceServiceRevisions as Wire[])[0]!.arn);
  const after = (await describeService(f)).deployments as Wire[];
  assert.deepEqual(after.map((d) => [d.id, d.status, d.taskDefinition]), [
    [blue.id, "PRIMARY", blue.taskDefinition],
  ]);
  const list = await f.call("ListServiceDeployments", { cluster: "prod", service: "api" });
  assert.equal((list.serviceDeployments as Wire[]).length, 2, "no new service deployment");
});

Deno.test("a PAUSE hook awaits action until ContinueServiceDeployment CONTINUE", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [{
    targetType: "PAUSE",
    lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
  }]);
  const { last: paused } = await watch(f, arn, {
    until: (sd) => hooksOf(sd).some((h) => h.status === "AWAITING_ACTION"),
  });
  const hook = hooksOf(paused)[0]!;
  assert.match(hook.hookId as string, /^ecs-pause-/);
  assert.equal(hook.targetArn, undefined);
  assert.equal(hook.timeoutAction, "ROLLBACK");
  // Default timeout: 1440 minutes.
  assert.equal((hook.expiresAt as Date).getTime() - f.clock.now(), 1440 * 60_000);
  f.clock.advance(3_600_000);
  const later = await serviceDeployment(f, arn);
  assert.equal(later.lifecycleStage, "POST_TEST_TRAFFIC_SHIFT");
  assert.equal(later.status, "IN_PROGRESS");
  await assert.rejects(
    f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: "ecs-pause-nope" }),
    { type: "InvalidParameterException" } as object,
  );
  await assert.rejects(
    f.call("ContinueServiceDeployment", { serviceDeploymentArn: `${arn}x`, hookId: hook.hookId }),
    { type: "ServiceDeploymentNotFoundException" } as object,
  );
  const out = await f.call("ContinueServiceDeployment", {
    serviceDeploymentArn: arn,
    hookId: hook.hookId,
  });
  assert.deepEqual(out, { serviceDeploymentArn: arn });
  const { last } = await watch(f, arn);
  assert.equal(last.status, "SUCCESSFUL");
  await assert.rejects(
    f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: hook.hookId }),
    { type: "ClientException" } as object,
  );
});

Deno.test("ContinueServiceDeployment refuses a hook that is not awaiting action", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [
    { targetType: "PAUSE", lifecycleStages: ["PRE_SCALE_UP"] },
    { targetType: "PAUSE", lifecycleStages: ["PRE_SCALE_UP"] },
  ]);
  const { last } = await watch(f, arn, { until: (sd) => hooksOf(sd).length === 2 });
  const [a, b] = hooksOf(last);
  await f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: a!.hookId });
  await assert.rejects(
    f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: a!.hookId }),
    (e: Error & { type?: string }) =>
      e.type === "ClientException" && /is SUCCEEDED and is not awaiting action/.test(e.message),
  );
  // Both hooks of a stage must complete before it goes on.
  f.clock.advance(1_000);
  assert.equal((await serviceDeployment(f, arn)).lifecycleStage, "PRE_SCALE_UP");
  await f.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: b!.hookId });
  assert.equal((await watch(f, arn)).last.status, "SUCCESSFUL");
});

Deno.test("ContinueServiceDeployment ROLLBACK rolls the deployment back", async () => {
  const f = aSimulator();
  const arn = await withHooks(f, [{ targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"] }]);
  const { last: paused } = await watch(f, arn, {
    until: (sd) => hooksOf(sd).some((h) => h.status === "AWAITING_ACTION"),
  });
  await f.call("ContinueServiceDeployment", {
    serviceDeploymentArn: arn,
    hookId: hooksOf(paused)[0]!.hookId,
    action: "ROLLBACK",
  });
  const { last } = await watch(f, arn);
  assert.equal(last.status, "ROLLBACK_SUCCESSFUL");
  assert.equal((last.rollback as Wire).reason, "ContinueServiceDeployment request");
});

Deno.test("a PAUSE hook that times out takes its timeout action", async () => {
  for (
    const [action, outcome] of [["ROLLBACK", "ROLLBACK_SUCCESSFUL"], ["CONTINUE", "SUCCESSFUL"]]
  ) {
    const f = aSimulator();
    const arn = await withHooks(f, [{
      targetType: "PAUSE",
      lifecycleStages: ["POST_PRODUCTION_TRAFFIC_SHIFT"],
      timeoutConfiguration: { timeoutInMinutes: 2, action },
    }]);
    const { last } = await watch(f, arn, {
      skip: (o) => o.stage === "POST_PRODUCTION_TRAFFIC_SHIFT" ? 1_000 : 0,
    });
    assert.equal(last.status, outcome, action);
    assert.equal(hooksOf(last)[0]?.status ?? "TIMED_OUT", "TIMED_OUT");
  }
});
