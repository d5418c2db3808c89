import assert from "node:assert/strict";
import { aSettledService, aSimulator, deployments, type Wire } from "./sim_fixtures.ts";
import { deployImage, loadBalancer, serviceDeployment, watch } from "./strategy_fixtures.ts";

const alarms = (extra: Wire = {}) => ({
  alarms: { alarmNames: ["api-5xx", "api-latency"], enable: true, rollback: true, ...extra },
});

Deno.test("an alarm in ALARM fails a rolling deployment and rolls it back", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms() });
  const previous = (await deployments(f))[0]!.id as string;
  const arn = await deployImage(f, "nginx:1.26");
  const ours = (await deployments(f))[0]!.id as string;
  f.clock.advance(50);
  f.sim.setAlarmState("api-latency", "ALARM");
  const during = await deployments(f);
  assert.equal(during[0]!.id, previous);
  const failed = during.find((d) => d.id === ours)!;
  assert.equal(failed.rolloutState, "FAILED");
  assert.equal(
    failed.rolloutStateReason,
    "ECS deployment alarms: alarm(s) in ALARM state: api-latency.",
  );
  assert.equal((await serviceDeployment(f, arn)).status, "ROLLBACK_IN_PROGRESS");
  const { last } = await watch(f, arn);
  assert.equal(last.status, "ROLLBACK_SUCCESSFUL");
  assert.deepEqual(last.alarms, {
    status: "TRIGGERED",
    alarmNames: ["api-5xx", "api-latency"],
    triggeredAlarmNames: ["api-latency"],
  });
  assert.equal((last.rollback as Wire).reason, "CloudWatch Alarm");
  assert.equal(f.finished.at(-1)?.outcome, "ROLLED_BACK");
});

Deno.test("without alarms.rollback an alarm stops the deployment as FAILED", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms({ rollback: false }) });
  const arn = await deployImage(f, "nginx:1.26");
  f.sim.setAlarmState("api-5xx", "ALARM");
  const sd = await serviceDeployment(f, arn);
  assert.equal(sd.status, "STOPPED");
  assert.equal((sd.alarms as Wire).status, "TRIGGERED");
  assert.equal((await deployments(f))[0]!.rolloutState, "FAILED");
  assert.equal(f.finished.at(-1)?.outcome, "FAILED");
});

Deno.test("a deployment that starts while its alarm is in ALARM fails", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms({ rollback: false }) });
  f.sim.setAlarmState("api-5xx", "ALARM");
  const arn = await deployImage(f, "nginx:1.26");
  assert.equal((await serviceDeployment(f, arn)).status, "STOPPED");
});

Deno.test("alarms that are not the deployment's, or disabled ones, do not fail it", async () => {
  for (const config of [alarms(), alarms({ enable: false })]) {
    const f = aSimulator();
    await aSettledService(f, { deploymentConfiguration: config });
    const arn = await deployImage(f, "nginx:1.26");
    f.sim.setAlarmState(config.alarms.enable ? "other-alarm" : "api-5xx", "ALARM");
    const { last } = await watch(f, arn);
    assert.equal(last.status, "SUCCESSFUL");
    assert.deepEqual(
      last.alarms,
      config.alarms.enable
        ? { status: "MONITORING_COMPLETE", alarmNames: ["api-5xx", "api-latency"] }
        : { status: "DISABLED" },
    );
  }
});

Deno.test("an alarm back to OK lets the next deployment succeed", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms({ rollback: false }) });
  f.sim.setAlarmState("api-5xx", "ALARM");
  await deployImage(f, "nginx:1.26");
  f.sim.setAlarmState("api-5xx", "OK");
  const arn = await deployImage(f, "nginx:1.27");
  assert.equal((await watch(f, arn)).last.status, "SUCCESSFUL");
});

Deno.test("an alarm during a BLUE_GREEN bake flips traffic back to blue", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 30, ...alarms() },
    service: { loadBalancers: [loadBalancer] },
  });
  const arn = await deployImage(f, "nginx:1.26");
  await watch(f, arn, { until: (sd) => sd.lifecycleStage === "BAKE_TIME" });
  f.clock.advance(10 * 60_000);
  f.sim.setAlarmState("api-5xx", "ALARM");
  const { seen, last } = await watch(f, arn);
  assert.deepEqual(seen.map((o) => `${o.status} ${o.production}/${o.test}`), [
    "ROLLBACK_IN_PROGRESS 0/0",
    "ROLLBACK_SUCCESSFUL 0/0",
  ]);
  assert.equal((last.rollback as Wire).reason, "CloudWatch Alarm");
  assert.equal((last.alarms as Wire).status, "TRIGGERED");
});

Deno.test("deploymentConfiguration.alarms without enable, rollback or names is InvalidParameterException", async () => {
  const f = aSimulator();
  await aSettledService(f);
  for (
    const bad of [
      { alarmNames: ["a"], enable: true },
      { alarmNames: ["a"], rollback: true },
      { enable: true, rollback: true },
    ]
  ) {
    await assert.rejects(
      f.call("UpdateService", {
        cluster: "prod",
        service: "api",
        deploymentConfiguration: { alarms: bad },
      }),
      { name: "EcsApiError", type: "InvalidParameterException" } as object,
      JSON.stringify(bad),
    );
  }
});
