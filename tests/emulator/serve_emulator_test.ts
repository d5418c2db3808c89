import assert from "node:assert/strict";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { FakeClock } from "../support/fake_clock.ts";

const TARGET = "AmazonEC2ContainerServiceV20141113.";

function post(url: string, target: string | undefined, body: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
  if (target !== undefined) headers["x-amz-target"] = target;
  return fetch(url, { method: "POST", headers, body });
}

Deno.test("serveEmulator() answers ECS JSON calls over HTTP with epoch-second timestamps", async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0, 250));
  const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
  try {
    assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const { cluster, service } = await seedDemo(emulator.sim);
    const response = await post(
      emulator.url,
      `${TARGET}DescribeServices`,
      JSON.stringify({ cluster, services: [service] }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/x-amz-json-1.1");
    assert.match(response.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f-]{36}$/);
    const body = await response.json();
    assert.equal(body.services[0].serviceName, "api");
    assert.equal(body.services[0].createdAt, Date.UTC(2026, 0, 1, 12, 0, 0, 250) / 1000);
    assert.equal(typeof body.services[0].deployments[0].updatedAt, "number");
  } finally {
    await emulator.shutdown();
  }
});

Deno.test("serveEmulator() answers protocol errors in the AWS shape with a request id", async () => {
  const emulator = await serveEmulator({ port: 0, clock: new FakeClock() });
  try {
    const cases: [string | undefined, string, number, string][] = [
      [`${TARGET}DescribeClusters`, '{"clusters":', 400, "SerializationException"],
      [`${TARGET}FrobnicateWidgets`, "{}", 400, "UnknownOperationException"],
      [undefined, "{}", 400, "UnknownOperationException"],
      ["AmazonEC2ContainerServiceV20141113", "{}", 400, "UnknownOperationException"],
      [
        `${TARGET}DescribeServices`,
        '{"cluster":"nope","services":["a"]}',
        400,
        "ClusterNotFoundException",
      ],
    ];
    for (const [target, body, status, type] of cases) {
      const response = await post(emulator.url, target, body);
      const json = await response.json();
      assert.equal(response.status, status, `${target} ${body}`);
      assert.equal(json.__type, type, `${target} ${body}`);
      assert.equal(typeof json.message, "string");
      assert.ok(response.headers.get("x-amzn-requestid"));
    }
    assert.deepEqual(
      emulator.calls.map((call) => [call.operation, call.status, call.errorType]),
      cases.map(([target, , status, type]) => [
        target?.startsWith(TARGET) ? target.slice(TARGET.length) : target ?? "",
        status,
        type,
      ]),
    );
  } finally {
    await emulator.shutdown();
  }
});

Deno.test("serveEmulator() throttles and fails calls at the seeded rates", async () => {
  const emulator = await serveEmulator({
    port: 0,
    clock: new FakeClock(),
    faults: { throttleRate: 0.3, errorRate: 0.2, seed: 11 },
  });
  try {
    const counts: Record<number, number> = {};
    for (let i = 0; i < 200; i++) {
      const response = await post(emulator.url, `${TARGET}ListClusters`, "{}");
      const body = await response.json();
      counts[response.status] = (counts[response.status] ?? 0) + 1;
      if (response.status === 400) {
        assert.deepEqual(body, { __type: "ThrottlingException", message: "Rate exceeded" });
      }
      if (response.status === 500) assert.equal(body.__type, "ServerException");
    }
    // Expected 60 throttled, 28 errors (0.2 of the 140 not throttled), 112 served.
    assert.ok(Math.abs((counts[400] ?? 0) - 60) <= 15, JSON.stringify(counts));
    assert.ok(Math.abs((counts[500] ?? 0) - 28) <= 12, JSON.stringify(counts));
    assert.equal((counts[200] ?? 0) + (counts[400] ?? 0) + (counts[500] ?? 0), 200);
  } finally {
    await emulator.shutdown();
  }
});

Deno.test("serveEmulator() fails every call inside an outage window with 503", async () => {
  const clock = new FakeClock();
  const emulator = await serveEmulator({
    port: 0,
    clock,
    faults: { outages: [{ startMs: 5_000, durationMs: 10_000 }] },
  });
  try {
    const statusAt = async (ms: number) => {
      clock.advance(ms);
      const response = await post(emulator.url, `${TARGET}ListClusters`, "{}");
      await response.body?.cancel();
      return response.status;
    };
    assert.deepEqual(
      [await statusAt(0), await statusAt(5_000), await statusAt(9_999), await statusAt(1)],
      [200, 503, 503, 200],
    );
  } finally {
    await emulator.shutdown();
  }
});

Deno.test("serveEmulator() shuts down when its signal aborts and calls onListen with its URL", async () => {
  const controller = new AbortController();
  let listened = "";
  const emulator = await serveEmulator({
    port: 0,
    clock: new FakeClock(),
    signal: controller.signal,
    onListen: (url) => listened = url,
  });
  assert.equal(listened, emulator.url);
  controller.abort();
  await emulator.shutdown();
  await assert.rejects(fetch(emulator.url, { method: "POST" }));
});
