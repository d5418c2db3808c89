import assert from "node:assert/strict";
import { AwsEcsClient } from "../../src/ecs/aws_ecs_client.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { type RunningEmulator, serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from "./fault_proxy.ts";
import { FakeClock } from "./fake_clock.ts";

const CREDENTIALS = { accessKeyId: "AKIDFAULTPROXY", secretAccessKey: "fault-proxy-secret" };

interface ProxyWorld {
  emulator: RunningEmulator;
  proxy: FaultProxy;
  /** The real SDK through the proxy, one attempt per call unless `maxAttempts` says otherwise. */
  ecs: AwsEcsClient;
  /** The seeded service's desired count as the emulator has it (not through the proxy). */
  desiredCount(): Promise<number>;
  /** The emulator's operations, in order. */
  reached(): string[];
}

/** Runs `body` with a seeded emulator (fake clock), a proxy in front and the SDK pointed at it. */
async function withProxy(
  options: { maxAttempts?: number },
  body: (world: ProxyWorld) => Promise<void>,
): Promise<void> {
  const emulator = await serveEmulator({ port: 0, clock: new FakeClock(), timings: fastTimings });
  await seedDemo(emulator.sim);
  const seedCalls = emulator.calls.length;
  const proxy = await startFaultProxy(emulator.url);
  const ecs = new AwsEcsClient({
    endpoint: proxy.url,
    region: "us-east-1",
    credentials: CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
  });
  const desiredCount = async () => {
    const { services } = await emulator.sim.call("DescribeServices", {
      cluster: "demo",
      services: ["api"],
    });
    return (services as { desiredCount: number }[])[0]!.desiredCount;
  };
  try {
    await body({
      emulator,
      proxy,
      ecs,
      desiredCount,
      reached: () => emulator.calls.slice(seedCalls).map((call) => call.operation),
    });
  } finally {
    ecs.destroy();
    await proxy.close();
    await emulator.shutdown();
  }
}

/** What each request looked like from outside: operation, status and fault. */
function seen(requests: ProxiedRequest[]): string[] {
  return requests.map((r) => `${r.operation} ${r.status}${r.fault ? ` ${r.fault}` : ""}`);
}

/** Resolves once `ready` holds, checking after each turn of the event loop. */
async function until(what: string, ready: () => boolean): Promise<void> {
  // A guard against a hung test, not a speed assertion.
  for (let turns = 0; turns < 10_000; turns++) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`Gave up waiting until ${what}`);
}

/** The SDK failed below the ECS protocol: no service exception, no status. */
function isTransportError(error: unknown): boolean {
  assert.ok(!(error instanceof EcsApiError), `expected a transport error, got ${error}`);
  return true;
}

Deno.test("startFaultProxy() passes requests through and records their decoded input", async () => {
  await withProxy({}, async ({ ecs, proxy, reached }) => {
    const service = await ecs.describeService("demo", "api");
    assert.equal(service?.serviceName, "api");
    await ecs.updateService({ cluster: "demo", service: "api", desiredCount: 3 });
    assert.deepEqual(proxy.requests, [
      {
        operation: "DescribeServices",
        input: { cluster: "demo", services: ["api"] },
        status: 200,
        accessKeyId: CREDENTIALS.accessKeyId,
      },
      {
        operation: "UpdateService",
        input: { cluster: "demo", service: "api", desiredCount: 3 },
        status: 200,
        accessKeyId: CREDENTIALS.accessKeyId,
      },
    ]);
    assert.deepEqual(reached(), ["DescribeServices", "UpdateService"]);
  });
});

Deno.test("startFaultProxy() serves concurrent calls and several calls per connection", async () => {
  await withProxy({}, async ({ ecs, proxy }) => {
    const services = await Promise.all(
      Array.from({ length: 6 }, () => ecs.describeService("demo", "api")),
    );
    assert.deepEqual(services.map((s) => s?.serviceName), Array(6).fill("api"));
    for (let i = 0; i < 4; i++) await ecs.listTasks("demo", "api", "RUNNING");
    assert.equal(proxy.requests.length, 10);
    assert.ok(proxy.requests.every((r) => r.status === 200 && r.fault === undefined));
  });
});

Deno.test("error fault: the client gets the AWS error and ECS never sees the call", async () => {
  await withProxy({}, async ({ ecs, proxy, reached }) => {
    proxy.script({
      operation: "ListServiceDeployments",
      fault: { kind: "error", type: "AccessDeniedException", status: 400, message: "Denied" },
    });
    await assert.rejects(ecs.listServiceDeployments("demo", "api"), (error) => {
      assert.ok(error instanceof EcsApiError);
      assert.equal(error.type, "AccessDeniedException");
      assert.equal(error.status, 400);
      assert.equal(error.message, "Denied");
      return true;
    });
    assert.deepEqual(reached(), []);
    assert.deepEqual(seen(proxy.requests), ["ListServiceDeployments 400 error"]);
  });
});

Deno.test("rules: after lets calls through, times counts faults, the first rule with calls left applies", async () => {
  await withProxy({}, async ({ ecs, proxy }) => {
    const throttle = { kind: "error", type: "ThrottlingException", status: 400 } as const;
    const denied = { kind: "error", type: "AccessDeniedException", status: 400 } as const;
    proxy.script(
      { operation: "DescribeServices", fault: throttle, after: 1, times: 2 },
      { operation: "*", fault: denied },
    );
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await ecs.describeService("demo", "api").then(
          () => "ok",
          (error: EcsApiError) => error.type,
        ),
      );
    }
    assert.deepEqual(outcomes, [
      "ok",
      "ThrottlingException",
      "ThrottlingException",
      "AccessDeniedException",
    ]);
    await ecs.describeService("demo", "api");
    proxy.script({ operation: "ListTasks", fault: denied, times: Infinity });
    await assert.rejects(ecs.listTasks("demo", "api", "RUNNING"), {
      type: "AccessDeniedException",
    });
    await assert.rejects(ecs.listTasks("demo", "api", "RUNNING"), {
      type: "AccessDeniedException",
    });
    proxy.clear();
    await ecs.listTasks("demo", "api", "RUNNING");
    assert.deepEqual(seen(proxy.requests), [
      "DescribeServices 200",
      "DescribeServices 400 error",
      "DescribeServices 400 error",
      "DescribeServices 400 error",
      "DescribeServices 200",
      "ListTasks 400 error",
      "ListTasks 400 error",
      "ListTasks 200",
    ]);
    assert.throws(() => proxy.script({ operation: "*", fault: denied, times: -1 }), RangeError);
  });
});

Deno.test("stale fault: the client gets the previous answer while ECS has moved on", async () => {
  await withProxy({}, async ({ ecs, proxy, reached }) => {
    // Scripted before any answer exists: the first call is forwarded and the rule waits.
    proxy.script({ operation: "DescribeServices", fault: { kind: "stale" } });
    assert.equal((await ecs.describeService("demo", "api"))?.desiredCount, 2);
    await ecs.updateService({ cluster: "demo", service: "api", desiredCount: 5 });
    assert.equal((await ecs.describeService("demo", "api"))?.desiredCount, 2);
    assert.equal((await ecs.describeService("demo", "api"))?.desiredCount, 5);
    assert.deepEqual(seen(proxy.requests), [
      "DescribeServices 200",
      "UpdateService 200",
      "DescribeServices 200 stale",
      "DescribeServices 200",
    ]);
    assert.deepEqual(reached(), ["DescribeServices", "UpdateService", "DescribeServices"]);
  });
});

Deno.test("lose_answer fault: ECS applies the call, the client gets a ServerException", async () => {
  await withProxy({}, async ({ ecs, proxy, desiredCount }) => {
    proxy.script(
      { operation: "UpdateService", fault: { kind: "lose_answer" } },
      { operation: "UpdateService", fault: { kind: "lose_answer", status: 503 } },
    );
    await assert.rejects(
      ecs.updateService({ cluster: "demo", service: "api", desiredCount: 4 }),
      { name: "EcsApiError", type: "ServerException", status: 500 },
    );
    assert.equal(await desiredCount(), 4);
    await assert.rejects(
      ecs.updateService({ cluster: "demo", service: "api", desiredCount: 6 }),
      { name: "EcsApiError", status: 503 },
    );
    assert.equal(await desiredCount(), 6);
    assert.deepEqual(seen(proxy.requests), [
      "UpdateService 500 lose_answer",
      "UpdateService 503 lose_answer",
    ]);
  });
});

Deno.test("drop_before fault: the connection ends, ECS never sees the call", async () => {
  await withProxy({}, async ({ ecs, proxy, desiredCount, reached }) => {
    proxy.script({ operation: "UpdateService", fault: { kind: "drop_before" } });
    await assert.rejects(
      ecs.updateService({ cluster: "demo", service: "api", desiredCount: 4 }),
      isTransportError,
    );
    assert.equal(await desiredCount(), 2);
    assert.deepEqual(reached(), []);
    assert.deepEqual(seen(proxy.requests), ["UpdateService null drop_before"]);
  });
});

Deno.test("drop_after fault: ECS applies the call, then the connection ends unanswered", async () => {
  await withProxy({}, async ({ ecs, proxy, desiredCount, reached }) => {
    proxy.script({ operation: "UpdateService", fault: { kind: "drop_after" } });
    await assert.rejects(
      ecs.updateService({ cluster: "demo", service: "api", desiredCount: 4 }),
      isTransportError,
    );
    assert.equal(await desiredCount(), 4);
    assert.deepEqual(reached(), ["UpdateService"]);
    assert.deepEqual(seen(proxy.requests), ["UpdateService null drop_after"]);
  });
});

Deno.test("a dropped connection is retried by the SDK on a new one", async () => {
  await withProxy({ maxAttempts: 2 }, async ({ ecs, proxy, reached }) => {
    proxy.script({ operation: "DescribeServices", fault: { kind: "drop_before" } });
    assert.equal((await ecs.describeService("demo", "api"))?.serviceName, "api");
    assert.deepEqual(seen(proxy.requests), [
      "DescribeServices null drop_before",
      "DescribeServices 200",
    ]);
    assert.deepEqual(reached(), ["DescribeServices"]);
  });
});

Deno.test("garble fault: ECS applies the call, the client cannot read the answer", async () => {
  await withProxy({}, async ({ ecs, proxy, desiredCount }) => {
    proxy.script({ operation: "UpdateService", fault: { kind: "garble" } });
    await assert.rejects(ecs.updateService({ cluster: "demo", service: "api", desiredCount: 4 }));
    assert.equal(await desiredCount(), 4);
    assert.deepEqual(seen(proxy.requests), ["UpdateService 200 garble"]);
  });
});

Deno.test("hang fault: the call gets no answer until the proxy closes", async () => {
  await withProxy({}, async ({ ecs, proxy, reached }) => {
    proxy.script({ operation: "DescribeServices", fault: { kind: "hang" } });
    let settled = false;
    const call = ecs.describeService("demo", "api").finally(() => settled = true);
    await until("the request arrives", () => proxy.requests.length === 1);
    // Other calls still get answers while one hangs.
    await ecs.listTasks("demo", "api", "RUNNING");
    assert.equal(settled, false);
    await proxy.close();
    await assert.rejects(call, isTransportError);
    assert.deepEqual(seen(proxy.requests), ["DescribeServices null hang", "ListTasks 200"]);
    assert.deepEqual(reached(), ["ListTasks"]);
  });
});

Deno.test("delay fault: the call is forwarded late and answered for real", async () => {
  await withProxy({}, async ({ ecs, proxy, reached }) => {
    proxy.script(
      { operation: "DescribeServices", fault: { kind: "delay", ms: 1 } },
      { operation: "DescribeServices", fault: { kind: "delay", ms: 600_000 } },
    );
    assert.equal((await ecs.describeService("demo", "api"))?.serviceName, "api");
    // A delay longer than the test: the call waits until the proxy closes, unforwarded.
    const late = ecs.describeService("demo", "api");
    await until("the delayed request arrives", () => proxy.requests.length === 2);
    await ecs.listTasks("demo", "api", "RUNNING");
    await proxy.close();
    await assert.rejects(late, isTransportError);
    assert.deepEqual(seen(proxy.requests), [
      "DescribeServices 200 delay",
      "DescribeServices null delay",
      "ListTasks 200",
    ]);
    assert.deepEqual(reached(), ["DescribeServices", "ListTasks"]);
  });
});

Deno.test("close() stops listening and is safe to call twice", async () => {
  await withProxy({}, async ({ ecs, proxy }) => {
    await ecs.describeService("demo", "api");
    await proxy.close();
    await proxy.close();
    await assert.rejects(ecs.describeService("demo", "api"), isTransportError);
    assert.equal(proxy.requests.length, 1);
  });
});
