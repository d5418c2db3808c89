import assert from "node:assert/strict";
import { ScaledClock } from "../../src/emulator/scaled_clock.ts";
import { FakeClock } from "../support/fake_clock.ts";

Deno.test("ScaledClock runs FACTOR times faster than its base from when it was made", async () => {
  const base = new FakeClock(1_000_000);
  const clock = new ScaledClock(base, 60);
  assert.equal(clock.now(), 1_000_000);
  base.advance(1_000);
  assert.equal(clock.now(), 1_000_000 + 60_000, "one second of wall time is one minute");
  await clock.sleep(120_000);
  assert.deepEqual(base.sleeps, [2_000]);
  assert.equal(clock.now(), 1_000_000 + 180_000);
});

Deno.test("ScaledClock refuses a factor that is not a positive number", () => {
  for (const factor of [0, -1, NaN, Infinity]) {
    assert.throws(() => new ScaledClock(new FakeClock(), factor), RangeError);
  }
});
