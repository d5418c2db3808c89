import assert from "node:assert/strict";
import { defaultPollSettings, nextPollDelay } from "../../../src/deploy/watch/poll_schedule.ts";

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

Deno.test("nextPollDelay() polls at the near rate while an outcome is near, for a bounded time", () => {
  assert.equal(nextPollDelay(settings, 1_000, 0, 60_000, { nearForMs: 0 }), 250);
  assert.equal(nextPollDelay(settings, 250, 20_000, 60_000, { nearForMs: 4_999 }), 250);
  // Past the bound the usual schedule applies again, backing off from its usual rate.
  assert.equal(nextPollDelay(settings, 250, 0, 60_000, { nearForMs: 5_000 }), 1_000);
  assert.equal(nextPollDelay(settings, 250, 20_000, 60_000, { nearForMs: 5_000 }), 1_000);
});

Deno.test("nextPollDelay() backs off to the far rate until an expected edge is due, and wakes then", () => {
  assert.equal(nextPollDelay(settings, 5_000, 60_000, 600_000, { dueInMs: 1_200 }), 1_200);
  assert.equal(nextPollDelay(settings, 5_000, 60_000, 600_000, { dueInMs: 10 }), 250);
  // Minutes of bake left: past the usual maximum, gradually, up to the far rate.
  let delay = 1_000;
  const delays = [];
  for (let i = 0; i < 8; i++) {
    delay = nextPollDelay(settings, delay, 60_000, 600_000, { dueInMs: 300_000 });
    delays.push(delay);
  }
  assert.deepEqual(delays, [1_500, 2_250, 3_375, 5_062.5, 7_593.75, 10_000, 10_000, 10_000]);
  // Even just after a change (the bake showing): nothing but a failure comes before it.
  assert.equal(nextPollDelay(settings, 1_000, 0, 600_000, { dueInMs: 300_000 }), 1_500);
});

Deno.test("nextPollDelay() backs off to the far rate while the outcome is far, near wins", () => {
  assert.equal(nextPollDelay(settings, 8_000, 60_000, 600_000, { far: true }), 10_000);
  assert.equal(nextPollDelay(settings, 8_000, 60_000, 600_000, {}), 5_000);
  assert.equal(nextPollDelay(settings, 8_000, 0, 600_000, { far: true, nearForMs: 0 }), 250);
});

Deno.test("nextPollDelay() keeps the near rate longer for as long as the edge is uncertain", () => {
  const uncertain = { nearForMs: 5_500, nearExtraMs: 1_000 };
  assert.equal(nextPollDelay(settings, 250, 0, 60_000, uncertain), 250);
  assert.equal(nextPollDelay(settings, 250, 0, 60_000, { ...uncertain, nearForMs: 6_000 }), 1_000);
});

Deno.test("nextPollDelay() never sleeps past the deadline, near or not", () => {
  assert.equal(nextPollDelay(settings, 1_000, 0, 100, { nearForMs: 0 }), 100);
  assert.equal(nextPollDelay(settings, 1_000, 0, 100, { dueInMs: 500 }), 100);
});

Deno.test("nextPollDelay() starts the near rate once the outcome has looked near for nearFromMs", () => {
  const near = { nearFromMs: 1_000 };
  assert.equal(nextPollDelay(settings, 1_000, 0, 60_000, { ...near, nearForMs: 0 }), 1_000);
  assert.equal(nextPollDelay(settings, 1_000, 0, 60_000, { ...near, nearForMs: 800 }), 250);
  assert.equal(nextPollDelay(settings, 250, 0, 60_000, { ...near, nearForMs: 1_000 }), 250);
});
