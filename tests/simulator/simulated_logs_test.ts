import assert from "node:assert/strict";
import { LogStore } from "../../src/simulator/log_store.ts";
import { SimulatedLogs } from "../../src/simulator/simulated_logs.ts";
import { rejectsWithApiError } from "../support/rejects_with_api_error.ts";

type Wire = Record<string, unknown>;

function someLogs(): SimulatedLogs {
  const store = new LogStore();
  store.put("/ecs/job", "job/app/b", ["b1"], 2_000);
  store.put("/ecs/job", "job/app/a", ["a1", "a2"], 1_000);
  store.put("/ecs/job", "job/app/a", ["a3 done"], 3_000);
  return new SimulatedLogs(store, () => {}, { region: "eu-west-1", accountId: "111122223333" });
}

const messages = (out: Wire) => (out.events as Wire[]).map((e) => e.message);

Deno.test("GetLogEvents reads the newest events by default and pages both ways by token", async () => {
  const logs = someLogs();
  const stream = { logGroupName: "/ecs/job", logStreamName: "job/app/a" };
  const newest = await logs.call("GetLogEvents", { ...stream, limit: 2 });
  assert.deepEqual(messages(newest), ["a2", "a3 done"]);
  const older = await logs.call("GetLogEvents", { ...stream, nextToken: newest.nextBackwardToken });
  assert.deepEqual(messages(older), ["a1"]);
  const head = await logs.call("GetLogEvents", { ...stream, startFromHead: true, limit: 1 });
  assert.deepEqual(messages(head), ["a1"]);
  const on = await logs.call("GetLogEvents", {
    ...stream,
    startFromHead: true,
    nextToken: head.nextForwardToken,
  });
  assert.deepEqual(messages(on), ["a2", "a3 done"]);
  const timed = await logs.call("GetLogEvents", {
    ...stream,
    startFromHead: true,
    startTime: 1_000,
    endTime: 3_000,
  });
  assert.deepEqual(messages(timed), ["a1", "a2"]);
  await rejectsWithApiError(
    logs.call("GetLogEvents", { ...stream, nextToken: "nonsense" }),
    "InvalidParameterException",
    /nextToken/,
  );
  await rejectsWithApiError(
    logs.call("GetLogEvents", { logGroupName: "/ecs/job", logStreamName: "nope" }),
    "ResourceNotFoundException",
    /^The specified log stream does not exist\.$/,
  );
  await rejectsWithApiError(
    logs.call("GetLogEvents", { logGroupName: "/nope", logStreamName: "x" }),
    "ResourceNotFoundException",
    /^The specified log group does not exist\.$/,
  );
  const byArn = await logs.call("GetLogEvents", {
    logGroupIdentifier: "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/job",
    logStreamName: "job/app/b",
  });
  assert.deepEqual(messages(byArn), ["b1"]);
});

Deno.test("FilterLogEvents interleaves streams by time, filters and pages", async () => {
  const logs = someLogs();
  const all = await logs.call("FilterLogEvents", { logGroupName: "/ecs/job", limit: 3 });
  assert.deepEqual(messages(all), ["a1", "a2", "b1"]);
  const rest = await logs.call("FilterLogEvents", {
    logGroupName: "/ecs/job",
    nextToken: all.nextToken,
  });
  assert.deepEqual(messages(rest), ["a3 done"]);
  assert.equal(rest.nextToken, undefined);
  const done = await logs.call("FilterLogEvents", {
    logGroupName: "/ecs/job",
    logStreamNamePrefix: "job/app/",
    filterPattern: `"3 done"`,
  });
  assert.deepEqual(messages(done), ["a3 done"]);
  await rejectsWithApiError(
    logs.call("FilterLogEvents", {
      logGroupName: "/ecs/job",
      logStreamNames: ["job/app/a"],
      logStreamNamePrefix: "job",
    }),
    "InvalidParameterException",
    /mutually exclusive/,
  );
});

Deno.test("DescribeLogStreams lists streams by name or last event, with ARNs", async () => {
  const logs = someLogs();
  const out = await logs.call("DescribeLogStreams", { logGroupName: "/ecs/job" });
  const streams = out.logStreams as Wire[];
  assert.deepEqual(streams.map((s) => s.logStreamName), ["job/app/a", "job/app/b"]);
  assert.equal(streams[0]!.lastEventTimestamp, 3_000);
  assert.equal(
    streams[0]!.arn,
    "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/job:log-stream:job/app/a",
  );
  const latest = await logs.call("DescribeLogStreams", {
    logGroupName: "/ecs/job",
    orderBy: "LastEventTime",
    descending: true,
    limit: 1,
  });
  assert.deepEqual((latest.logStreams as Wire[]).map((s) => s.logStreamName), ["job/app/a"]);
  assert.equal(latest.nextToken, "o/1");
  await rejectsWithApiError(
    logs.call("DescribeLogStreams", { logGroupName: "/ecs/job", limit: 51 }),
    "InvalidParameterException",
    /between 1 and 50/,
  );
});
