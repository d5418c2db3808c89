import assert from "node:assert/strict";
import { InvalidRequestError } from "../../src/errors.ts";
import { emulatorReadyLine, parseEmulatorOptions } from "../../src/emulator/emulator_options.ts";

Deno.test("parseEmulatorOptions() defaults to 127.0.0.1:4599 without faults or timings", () => {
  assert.deepEqual(parseEmulatorOptions({}), { port: 4599, hostname: "127.0.0.1" });
});

Deno.test("parseEmulatorOptions() turns flags into port, host, timings and faults", () => {
  assert.deepEqual(
    parseEmulatorOptions({
      port: "0",
      host: "::1",
      taskStartMs: "2000",
      throttleRate: "0.25",
      errorRate: 0.1,
      latencyMs: "15",
      seed: "9",
    }),
    {
      port: 0,
      hostname: "::1",
      timings: { provisioningMs: 600, pendingMs: 1400 },
      faults: { throttleRate: 0.25, errorRate: 0.1, latencyMs: 15, seed: 9 },
      seed: 9,
    },
  );
});

for (
  const [flags, message] of [
    [{ port: "http" }, /"--port": "http" is not a number/],
    [{ port: "70000" }, /"--port": "70000" is not a whole number from 0 to 65535/],
    [{ port: "1.5" }, /"--port"/],
    [{ throttleRate: "2" }, /"--throttle-rate": "2" is not between 0 and 1/],
    [{ errorRate: "" }, /"--error-rate": "" is not a number/],
    [{ latencyMs: "-5" }, /"--latency-ms"/],
    [{ taskStartMs: "soon" }, /"--task-start-ms"/],
    [{ host: "http://x" }, /"--host": "http:\/\/x" is not a host name/],
    [{ timeScale: "0" }, /"--time-scale": "0" is not a number above 0/],
    [{ timeScale: "fast" }, /"--time-scale": "fast" is not a number/],
  ] as const
) {
  Deno.test(`parseEmulatorOptions() rejects ${JSON.stringify(flags)} as an invalid request`, () => {
    assert.throws(() => parseEmulatorOptions(flags), (error) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.match(error.message, message);
      return true;
    });
  });
}

Deno.test("emulatorReadyLine() names the URL to use as endpoint", () => {
  assert.equal(
    emulatorReadyLine("http://127.0.0.1:4599"),
    "ecs-deploy emulator listening on http://127.0.0.1:4599",
  );
});

Deno.test("parseEmulatorOptions() takes --demo and --state FILE", () => {
  assert.deepEqual(parseEmulatorOptions({ demo: true, state: "ci/ecs.json" }), {
    port: 4599,
    hostname: "127.0.0.1",
    demo: true,
    statePath: "ci/ecs.json",
  });
});

Deno.test("parseEmulatorOptions() rejects an empty --state", () => {
  assert.throws(() => parseEmulatorOptions({ state: " " }), {
    name: "InvalidRequestError",
    message: `Invalid value for "--state": empty file name`,
  });
});

Deno.test("parseEmulatorOptions() takes --time-scale FACTOR (1 is the wall clock)", () => {
  assert.equal(parseEmulatorOptions({ timeScale: "60" }).timeScale, 60);
  assert.equal(parseEmulatorOptions({ timeScale: "0.5" }).timeScale, 0.5);
  assert.equal("timeScale" in parseEmulatorOptions({ timeScale: "1" }), false);
});
