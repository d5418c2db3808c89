/**
 * The AWS adapter never waits forever: each attempt has a request timeout, and `withSignal`
 * aborts a call in flight with its retries. Through the real SDK, a fault proxy in front of the
 * emulator playing an endpoint that accepts and never answers.
 */
import assert from "node:assert/strict";
import { AwsEcsClient, type AwsEcsClientOptions } from "../../src/ecs/aws_ecs_client.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault_proxy.ts";

/** Runs `body` with the SDK pointed at a proxy in front of a seeded emulator. */
async function throughProxy(
  options: AwsEcsClientOptions,
  body: (ecs: AwsEcsClient, proxy: FaultProxy) => Promise<void>,
): Promise<void> {
  const emulator = await serveEmulator({ port: 0, clock: new FakeClock(), timings: fastTimings });
  await seedDemo(emulator.sim);
  const proxy = await startFaultProxy(emulator.url);
  const ecs = new AwsEcsClient({
    endpoint: proxy.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTIMEOUT", secretAccessKey: "timeout-test-secret" },
    ...options,
  });
  try {
    await body(ecs, proxy);
  } finally {
    ecs.destroy();
    await proxy.close();
    await emulator.shutdown();
  }
}

/** Resolves once `ready` holds, checking after each turn of the event loop. */
async function until(what: string, ready: () => boolean): Promise<void> {
  // A guard against a hung test, not a speed assertion.
  for (let turns = 0; turns < 20_000; turns++) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`Gave up waiting until ${what}`);
}

const operations = (proxy: FaultProxy) => proxy.requests.map((r) => r.operation);

Deno.test("AwsEcsClient gives up on an attempt that gets no answer, and retries it", async () => {
  await throughProxy({ requestTimeoutMs: 200, maxAttempts: 2 }, async (ecs, proxy) => {
    proxy.script({ operation: "DescribeServices", fault: { kind: "hang" }, times: Infinity });
    let failure: unknown;
    const call = ecs.describeService("demo", "api").catch((error) => failure = error);
    await until("the call fails", () => failure !== undefined);
    await call;
    assert.ok(!(failure instanceof EcsApiError), `a transport error, not ${failure}`);
    assert.match(String(failure), /requestTimeout|timed? ?out/i);
    assert.deepEqual(operations(proxy), ["DescribeServices", "DescribeServices"]);
  });
});

Deno.test("AwsEcsClient.withSignal() aborts a call in flight and does not retry it", async () => {
  await throughProxy({}, async (ecs, proxy) => {
    proxy.script({ operation: "DescribeServices", fault: { kind: "hang" }, times: Infinity });
    const controller = new AbortController();
    let failure: unknown;
    const call = ecs.withSignal(controller.signal).describeService("demo", "api")
      .catch((error) => failure = error);
    await until("the request arrives", () => proxy.requests.length === 1);
    controller.abort("SIGINT");
    await until("the call fails", () => failure !== undefined);
    await call;
    assert.equal((failure as Error).name, "AbortError");
    // The same client still works, and only our calls reached the proxy.
    assert.deepEqual(await ecs.listTasks("demo", "api", "STOPPED"), []);
    assert.deepEqual(operations(proxy), ["DescribeServices", "ListTasks"]);
  });
});

Deno.test("AwsEcsClient.withSignal() sends nothing once the signal has aborted", async () => {
  await throughProxy({}, async (ecs, proxy) => {
    const controller = new AbortController();
    controller.abort("SIGTERM");
    await assert.rejects(
      ecs.withSignal(controller.signal).describeService("demo", "api"),
      (error: Error) => error.name === "AbortError",
    );
    assert.deepEqual(operations(proxy), []);
  });
});
