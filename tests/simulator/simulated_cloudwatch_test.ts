import assert from "node:assert/strict";
import { aSettledService, aSimulator, type Wire } from "./sim_fixtures.ts";
import { deployImage, watch } from "./strategy_fixtures.ts";

const alarms = { alarms: { alarmNames: ["api-5xx", "api-latency"], enable: true, rollback: true } };

const setAlarmState = (f: ReturnType<typeof aSimulator>, input: Wire) =>
  f.sim.cloudwatch.call("SetAlarmState", { StateReason: "test", ...input });
const describeAlarms = async (f: ReturnType<typeof aSimulator>, input: Wire = {}) =>
  (await f.sim.cloudwatch.call("DescribeAlarms", input)).MetricAlarms as Wire[];

Deno.test("SetAlarmState to ALARM during a BLUE_GREEN bake rolls the deployment back", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 30, ...alarms },
  });
  const arn = await deployImage(f, "nginx:1.26");
  await watch(f, arn, { until: (sd) => sd.lifecycleStage === "BAKE_TIME" });

  assert.deepEqual(await setAlarmState(f, { AlarmName: "api-5xx", StateValue: "ALARM" }), {});

  const { last } = await watch(f, arn);
  assert.equal(last.status, "ROLLBACK_SUCCESSFUL");
  assert.deepEqual((last.alarms as Wire).triggeredAlarmNames, ["api-5xx"]);
});

Deno.test("INSUFFICIENT_DATA and OK do not fail a deployment", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 1, ...alarms },
  });
  const arn = await deployImage(f, "nginx:1.26");
  await setAlarmState(f, { AlarmName: "api-5xx", StateValue: "INSUFFICIENT_DATA" });
  await setAlarmState(f, { AlarmName: "api-latency", StateValue: "OK" });
  const { last } = await watch(f, arn, { skip: (o) => o.stage === "BAKE_TIME" ? 1_000 : 0 });
  assert.equal(last.status, "SUCCESSFUL");
});

Deno.test("DescribeAlarms lists the deployment alarms with their state, filtered as asked", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms });
  f.clock.advance(1_000);
  await setAlarmState(f, {
    AlarmName: "api-latency",
    StateValue: "ALARM",
    StateReason: "p99 over 2 s",
    StateReasonData: '{"p99":2.4}',
  });

  const all = await describeAlarms(f);
  assert.deepEqual(all.map((a) => [a.AlarmName, a.StateValue]), [
    ["api-5xx", "OK"],
    ["api-latency", "ALARM"],
  ]);
  const latency = all[1]!;
  assert.equal(latency.AlarmArn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-latency");
  assert.equal(latency.StateReason, "p99 over 2 s");
  assert.equal(latency.StateReasonData, '{"p99":2.4}');
  assert.ok(latency.StateUpdatedTimestamp instanceof Date);
  assert.ok((latency.StateUpdatedTimestamp as Date) > (all[0]!.StateUpdatedTimestamp as Date));

  const inAlarm = await describeAlarms(f, { StateValue: "ALARM" });
  assert.deepEqual(inAlarm.map((a) => a.AlarmName), ["api-latency"]);
  const named = await describeAlarms(f, { AlarmNames: ["api-5xx", "other"] });
  assert.deepEqual(named.map((a) => a.AlarmName), ["api-5xx"]);
  const prefixed = await describeAlarms(f, { AlarmNamePrefix: "api-l" });
  assert.deepEqual(prefixed.map((a) => a.AlarmName), ["api-latency"]);
  const first = await f.sim.cloudwatch.call("DescribeAlarms", { MaxRecords: 1 });
  assert.equal((first.MetricAlarms as Wire[]).length, 1);
  const rest = await describeAlarms(f, { MaxRecords: 1, NextToken: first.NextToken });
  assert.deepEqual(rest.map((a) => a.AlarmName), ["api-latency"]);
  const composite = await f.sim.cloudwatch.call("DescribeAlarms", {
    AlarmTypes: ["CompositeAlarm"],
  });
  assert.deepEqual(composite, { MetricAlarms: [], CompositeAlarms: [] });
});

Deno.test("SetAlarmState refuses an unknown alarm, a bad state and reason data that is not JSON", async () => {
  const f = aSimulator();
  await aSettledService(f, { deploymentConfiguration: alarms });
  await assert.rejects(setAlarmState(f, { AlarmName: "nope", StateValue: "ALARM" }), {
    type: "ResourceNotFound",
    status: 404,
    message: "Alarm nope not found",
  } as object);
  await assert.rejects(setAlarmState(f, { AlarmName: "api-5xx", StateValue: "RED" }), {
    type: "InvalidParameterValue",
  } as object);
  await assert.rejects(
    setAlarmState(f, { AlarmName: "api-5xx", StateValue: "ALARM", StateReasonData: "{" }),
    { type: "InvalidFormat" } as object,
  );
  await assert.rejects(f.sim.cloudwatch.call("SetAlarmState", { AlarmName: "api-5xx" }), {
    type: "MissingParameter",
  } as object);
  await assert.rejects(f.sim.cloudwatch.call("PutMetricAlarm", {}), {
    type: "UnknownOperationException",
  } as object);
  assert.deepEqual((await describeAlarms(f)).map((a) => a.StateValue), ["OK", "OK"]);
});
