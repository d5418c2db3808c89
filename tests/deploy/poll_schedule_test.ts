import assert from "node:assert/strict";
import { defaultPollSettings, nextPollDelay } from "../../src/deploy/poll_schedule.ts";

const settings = defaultPollSettings;

Deno.test("nextPollDelay() polls once a second while the rollout moves", () => {
  assert.equal(nextPollDelay(settings, 1_000, 0, 60_000), 1_000);
  assert.equal(nextPollDelay(settings, 1_000, settings.patienceMs - 1, 60_000), 1_000);
});

Deno.test("nextPollDelay() backs off while nothing changes, up to the maximum", () => {
  let delay = 1_000;
  const delays = [];
  for (let i = 0; i < 8; i++) {
    delay = nextPollDelay(settings, delay, settings.patienceMs + i * 5_000, 600_000);
    delays.push(delay);
  }
  assert.deepEqual(delays.slice(0, 3), [1_500, 2_250, 3_375]);
  assert.equal(Math.max(...delays), settings.maxIntervalMs);
});

Deno.test("nextPollDelay() never sleeps past the deadline", () => {
  assert.equal(nextPollDelay(settings, 4_000, 60_000, 250), 250);
  assert.equal(nextPollDelay(settings, 1_000, 0, -5), 0);
});
