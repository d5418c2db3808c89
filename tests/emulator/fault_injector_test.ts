import assert from "node:assert/strict";
import { FaultInjector } from "../../src/emulator/fault_injector.ts";

function decisions(injector: FaultInjector, count: number): (string | undefined)[] {
  return Array.from({ length: count }, () => injector.decide(0)?.type);
}

Deno.test("FaultInjector throttles and errors at the configured rates within 3 points", () => {
  const faults = decisions(
    new FaultInjector({ throttleRate: 0.3, errorRate: 0.1, seed: 7 }, 0),
    4000,
  );
  const share = (type: string) => faults.filter((f) => f === type).length / faults.length;
  assert.ok(
    Math.abs(share("ThrottlingException") - 0.3) < 0.03,
    `throttled ${share("ThrottlingException")}`,
  );
  // Errors only apply to calls that were not throttled: 0.1 * 0.7.
  assert.ok(
    Math.abs(share("ServerException") - 0.07) < 0.03,
    `errored ${share("ServerException")}`,
  );
});

Deno.test("FaultInjector makes the same decisions for the same seed and others for another", () => {
  const a = decisions(new FaultInjector({ throttleRate: 0.5, seed: 42 }, 0), 64);
  const b = decisions(new FaultInjector({ throttleRate: 0.5, seed: 42 }, 0), 64);
  const c = decisions(new FaultInjector({ throttleRate: 0.5, seed: 43 }, 0), 64);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("FaultInjector answers throttled calls with ThrottlingException 400 Rate exceeded", () => {
  assert.deepEqual(new FaultInjector({ throttleRate: 1 }, 0).decide(0), {
    status: 400,
    type: "ThrottlingException",
    message: "Rate exceeded",
  });
  assert.equal(new FaultInjector({ errorRate: 1 }, 0).decide(0)?.status, 500);
  assert.equal(new FaultInjector({}, 0).decide(0), undefined);
});

Deno.test("FaultInjector fails calls inside outage windows relative to its start", () => {
  const injector = new FaultInjector({ outages: [{ startMs: 100, durationMs: 50 }] }, 1000);
  assert.equal(injector.decide(1099), undefined);
  assert.equal(injector.decide(1100)?.status, 503);
  assert.equal(injector.decide(1149)?.status, 503);
  assert.equal(injector.decide(1150), undefined);
});

Deno.test("FaultInjector rejects rates outside 0..1 and negative latencies", () => {
  assert.throws(
    () => new FaultInjector({ throttleRate: 1.5 }, 0),
    /"throttleRate" must be between 0 and 1/,
  );
  assert.throws(() => new FaultInjector({ errorRate: -0.1 }, 0), RangeError);
  assert.throws(() => new FaultInjector({ latencyMs: -1 }, 0), /"latencyMs" must be 0 or more/);
});
