import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import {
  createEcsWireHandler,
  type EcsBackend,
  type RecordedCall,
} from "../../src/emulator/ecs_wire_handler.ts";
import { FaultInjector } from "../../src/emulator/fault_injector.ts";
import { FakeClock } from "../support/fake_clock.ts";

/** A stand-in for the simulated ECS: echoes its input and knows one error. */
function echoBackend(seen: { operation: string; input: Record<string, unknown> }[] = []) {
  const backend: EcsBackend = {
    call(operation, input) {
      seen.push({ operation, input });
      if (operation === "DescribeClusters") {
        return Promise.reject(new EcsApiError("ClusterNotFoundException", "Cluster not found."));
      }
      if (operation === "Explode") return Promise.reject(new Error("boom"));
      return Promise.resolve({
        operation,
        input,
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, 1, 500)),
      });
    },
  };
  return backend;
}

function ecsRequest(operation: string, body: string, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1/", {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}`,
      ...headers,
    },
    body,
  });
}

Deno.test("the wire handler answers with the backend output, Dates as epoch seconds", async () => {
  const handler = createEcsWireHandler({ backend: echoBackend(), clock: new FakeClock() });
  const response = await handler(ecsRequest("ListClusters", "{}"));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/x-amz-json-1.1");
  assert.match(response.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f-]{36}$/);
  assert.deepEqual(await response.json(), {
    operation: "ListClusters",
    input: {},
    at: Date.UTC(2026, 0, 1, 0, 0, 1, 500) / 1000,
  });
});

Deno.test("the wire handler decodes epoch-second timestamps in inputs to Dates", async () => {
  const seen: { operation: string; input: Record<string, unknown> }[] = [];
  const handler = createEcsWireHandler({ backend: echoBackend(seen), clock: new FakeClock() });
  await handler(
    ecsRequest("ListServiceDeployments", '{"service":"a","createdAt":{"after":1767225600.25}}'),
  );
  assert.deepEqual(seen[0]?.input, {
    service: "a",
    createdAt: { after: new Date(Date.UTC(2026, 0, 1) + 250) },
  });
});

Deno.test("the wire handler treats an empty body as an empty input", async () => {
  const seen: { operation: string; input: Record<string, unknown> }[] = [];
  const handler = createEcsWireHandler({ backend: echoBackend(seen), clock: new FakeClock() });
  const response = await handler(ecsRequest("ListClusters", ""));
  assert.equal(response.status, 200);
  assert.deepEqual(seen[0]?.input, {});
});

Deno.test("the wire handler answers backend errors with their type and status 400", async () => {
  const handler = createEcsWireHandler({ backend: echoBackend(), clock: new FakeClock() });
  const response = await handler(ecsRequest("DescribeClusters", "{}"));
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), {
    __type: "ClusterNotFoundException",
    message: "Cluster not found.",
  });
});

Deno.test("the wire handler answers an unexpected backend failure with ServerException 500", async () => {
  const handler = createEcsWireHandler({ backend: echoBackend(), clock: new FakeClock() });
  const response = await handler(ecsRequest("Explode", "{}"));
  assert.equal(response.status, 500);
  const body = await response.json();
  assert.equal(body.__type, "ServerException");
  assert.match(body.message, /boom/);
});

for (
  const [name, body] of [
    ["malformed JSON", "{not json"],
    ["a JSON array", "[]"],
    ["a bad timestamp", '{"service":"a","createdAt":{"after":"soon"}}'],
  ]
) {
  Deno.test(`the wire handler answers ${name} with SerializationException`, async () => {
    const seen: { operation: string; input: Record<string, unknown> }[] = [];
    const handler = createEcsWireHandler({ backend: echoBackend(seen), clock: new FakeClock() });
    const response = await handler(ecsRequest("ListServiceDeployments", body ?? ""));
    assert.equal(response.status, 400);
    assert.equal((await response.json()).__type, "SerializationException");
    assert.equal(seen.length, 0);
  });
}

for (
  const [name, headers] of [
    ["a missing X-Amz-Target", { "x-amz-target": "" }],
    ["a foreign target prefix", { "x-amz-target": "DynamoDB_20120810.ListTables" }],
  ] as const
) {
  Deno.test(`the wire handler answers ${name} with UnknownOperationException`, async () => {
    const seen: { operation: string; input: Record<string, unknown> }[] = [];
    const handler = createEcsWireHandler({ backend: echoBackend(seen), clock: new FakeClock() });
    const response = await handler(ecsRequest("ListClusters", "{}", headers));
    assert.equal(response.status, 400);
    assert.equal((await response.json()).__type, "UnknownOperationException");
    assert.ok(response.headers.get("x-amzn-requestid"));
    assert.equal(seen.length, 0);
  });
}

Deno.test("the wire handler records every call with operation, time, status and error type", async () => {
  const clock = new FakeClock();
  const calls: RecordedCall[] = [];
  const handler = createEcsWireHandler({
    backend: echoBackend(),
    clock,
    faults: new FaultInjector({ latencyMs: 40 }, clock.now()),
    onCall: (call) => calls.push(call),
  });
  await handler(ecsRequest("ListClusters", "{}"));
  await handler(ecsRequest("DescribeClusters", "{}"));
  assert.deepEqual(calls, [
    { operation: "ListClusters", at: new Date(Date.UTC(2026, 0, 1)), status: 200, durationMs: 40 },
    {
      operation: "DescribeClusters",
      at: new Date(Date.UTC(2026, 0, 1) + 40),
      status: 400,
      errorType: "ClusterNotFoundException",
      durationMs: 40,
    },
  ]);
});

Deno.test("the wire handler fails every call inside an outage window with 503", async () => {
  const clock = new FakeClock();
  const seen: { operation: string; input: Record<string, unknown> }[] = [];
  const handler = createEcsWireHandler({
    backend: echoBackend(seen),
    clock,
    faults: new FaultInjector({ outages: [{ startMs: 1000, durationMs: 500 }] }, clock.now()),
  });
  const statuses: number[] = [];
  for (const at of [0, 999, 1000, 1499, 1500]) {
    clock.advance(at - (clock.now() - Date.UTC(2026, 0, 1)));
    const response = await handler(ecsRequest("ListClusters", "{}"));
    statuses.push(response.status);
    if (response.status === 503) assert.equal((await response.json()).__type, "ServerException");
    else await response.body?.cancel();
  }
  assert.deepEqual(statuses, [200, 200, 503, 503, 200]);
  assert.equal(seen.length, 3);
});

Deno.test("the wire handler sends another service's targets to that service's backend", async () => {
  const ecsSeen: { operation: string; input: Record<string, unknown> }[] = [];
  const logsSeen: { operation: string; input: Record<string, unknown> }[] = [];
  const handler = createEcsWireHandler({
    backend: echoBackend(ecsSeen),
    services: [{
      targetPrefix: "Logs_20140328.",
      backend: echoBackend(logsSeen),
      timestampInputs: { GetLogEvents: [["startTime"]] },
    }],
    clock: new FakeClock(),
  });
  const logs = await handler(
    ecsRequest("ListClusters", '{"startTime":1767225600}', {
      "x-amz-target": "Logs_20140328.GetLogEvents",
    }),
  );
  assert.equal(logs.status, 200);
  assert.deepEqual(logsSeen, [{
    operation: "GetLogEvents",
    input: { startTime: new Date(Date.UTC(2026, 0, 1)) },
  }]);
  const ecs = await handler(ecsRequest("ListClusters", '{"startTime":1767225600}'));
  assert.equal(ecs.status, 200);
  assert.deepEqual(ecsSeen, [{ operation: "ListClusters", input: { startTime: 1767225600 } }]);
});

Deno.test("the wire handler answers a JSON 1.0 service (CloudWatch) in its own content type", async () => {
  const handler = createEcsWireHandler({
    backend: echoBackend(),
    services: [{
      targetPrefix: "GraniteServiceVersion20100801.",
      backend: echoBackend(),
      jsonVersion: "1.0",
    }],
    clock: new FakeClock(),
  });
  const target = { "x-amz-target": "GraniteServiceVersion20100801.SetAlarmState" };
  const answer = await handler(ecsRequest("", "{}", target));
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get("content-type"), "application/x-amz-json-1.0");
  const failed = await handler(
    ecsRequest("", "{}", { "x-amz-target": "GraniteServiceVersion20100801.DescribeClusters" }),
  );
  assert.equal(failed.status, 400);
  assert.equal(failed.headers.get("content-type"), "application/x-amz-json-1.0");
  const ecs = await handler(ecsRequest("ListClusters", "{}"));
  assert.equal(ecs.headers.get("content-type"), "application/x-amz-json-1.1");
});
