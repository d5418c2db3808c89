import assert from "node:assert/strict";
import { CLEAR_LINE, styleFor } from "../../src/report/ansi.ts";
import { LiveScreen, PlainScreen } from "../../src/report/screen.ts";
import { FakeClock } from "../support/fake_clock.ts";

/** Lets the ticker's alarm callbacks run. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function aPlainScreen() {
  const clock = new FakeClock();
  const out: string[] = [];
  const screen = new PlainScreen({ write: (t) => out.push(t), clock, startedAt: clock.now() });
  return { clock, out, screen };
}

const DEPLOYING = { phase: "deploying api:2", progress: "0/2 new tasks running, 2 pending" };

Deno.test("PlainScreen prints a heartbeat after 30 s without a line, then every 30 s", async () => {
  const { clock, out, screen } = aPlainScreen();
  screen.line("Updated service: deployment ecs-svc/1");
  screen.status(DEPLOYING);
  clock.advance(29_999);
  await flush();
  assert.deepEqual(out, ["Updated service: deployment ecs-svc/1\n"]);
  clock.advance(1);
  await flush();
  assert.equal(out.at(-1), "[30s] still deploying api:2: 0/2 new tasks running, 2 pending\n");
  clock.advance(60_000);
  await flush();
  assert.equal(out.at(-1), "[1m30s] still deploying api:2: 0/2 new tasks running, 2 pending\n");
  assert.equal(out.length, 3, "one heartbeat per 30 s, however far time jumps");
  screen.close();
});

Deno.test("PlainScreen: a line resets the heartbeat; none before a status or after close", async () => {
  const { clock, out, screen } = aPlainScreen();
  clock.advance(120_000);
  await flush();
  assert.deepEqual(out, [], "nothing is going on before the first status");
  screen.status(DEPLOYING);
  clock.advance(20_000);
  screen.line("[2m20s]   event: (service api) has started 2 tasks");
  clock.advance(29_000);
  await flush();
  assert.equal(out.length, 1, "29 s after the last line: no heartbeat yet");
  clock.advance(1_000);
  await flush();
  assert.match(out.at(-1)!, /^\[2m50s\] still deploying/);
  screen.close();
  clock.advance(300_000);
  await flush();
  assert.equal(out.length, 2, "closed: no more heartbeats");
});

function aLiveScreen(columns: number | undefined = 60) {
  const clock = new FakeClock();
  let out = "";
  const screen = new LiveScreen({
    write: (t) => out += t,
    clock,
    startedAt: clock.now(),
    columns: () => columns,
    style: styleFor(false),
  });
  return { clock, screen, out: () => out, reset: () => out = "" };
}

Deno.test("LiveScreen redraws the status line in place and prints lines above it", async () => {
  const { clock, screen, out, reset } = aLiveScreen();
  screen.status(DEPLOYING);
  assert.equal(out(), `${CLEAR_LINE}\u280b 0s deploying api:2: 0/2 new tasks running, 2 pending`);
  reset();
  clock.advance(1_000);
  await flush();
  assert.equal(out(), `${CLEAR_LINE}\u2819 1s deploying api:2: 0/2 new tasks running, 2 pending`);
  reset();
  screen.line("[1s]   event: (service api) has started 2 tasks");
  assert.equal(
    out(),
    `${CLEAR_LINE}[1s]   event: (service api) has started 2 tasks\n` +
      `${CLEAR_LINE}\u2819 1s deploying api:2: 0/2 new tasks running, 2 pending`,
    "the line replaces the status line, which is drawn again under it",
  );
  reset();
  screen.close();
  assert.equal(out(), CLEAR_LINE, "closing takes the status line away");
  clock.advance(10_000);
  await flush();
  assert.equal(out(), CLEAR_LINE, "and stops the redraws");
});

Deno.test("LiveScreen cuts the status line and progress lines to the width, not other lines", () => {
  const { screen, out } = aLiveScreen(30);
  const long = "x".repeat(50);
  screen.line(long, { fit: true });
  screen.line(long);
  screen.status({ phase: long });
  const [fitted, whole, status] = out().split("\n");
  assert.equal(fitted, `${"x".repeat(28)}\u2026`);
  assert.equal(whole, long);
  assert.equal(
    status,
    `${CLEAR_LINE}\u280b 0s ${"x".repeat(23)}\u2026`,
    "29 columns: never the last",
  );
  screen.close();
});

Deno.test("LiveScreen assumes 80 columns where the terminal does not say", () => {
  const { screen, out } = aLiveScreen(0);
  screen.line("y".repeat(100), { fit: true });
  assert.equal(out(), `${"y".repeat(78)}\u2026\n`);
  screen.close();
});
