import assert from "node:assert/strict";
import { styleFor } from "../../src/report/ansi.ts";
import { renderStatusLine, statusText } from "../../src/report/status_line.ts";

Deno.test("statusText() has a slot for a stage's countdown and counts retries", () => {
  const now = Date.UTC(2026, 0, 1);
  assert.equal(
    statusText({
      phase: "deploying api:19",
      progress: "4/4 new tasks running",
      countdown: { label: "bake", endsAt: now + 130_000 },
      retried: 3,
    }, now),
    "deploying api:19: 4/4 new tasks running; bake 2m10s left; 3 ECS calls retried",
  );
  assert.equal(
    statusText({ phase: "updating the service to api:19" }, now),
    "updating the service to api:19",
  );
});

Deno.test("renderStatusLine() starts with a spinner frame and the elapsed time", () => {
  const at = { now: 0, elapsedMs: 72_000, style: styleFor(false) };
  assert.equal(
    renderStatusLine({ phase: "deploying" }, { ...at, frame: 0 }),
    "\u280b 1m12s deploying",
  );
  assert.equal(
    renderStatusLine({ phase: "deploying" }, { ...at, frame: 11 }),
    "\u2819 1m12s deploying",
  );
});
