import assert from "node:assert/strict";
import { styleFor } from "../../src/report/ansi.ts";
import { LiveGroupScreen, PlainGroupScreen } from "../../src/report/group_screen.ts";
import { FakeClock } from "../support/fake_clock.ts";

/**
 * What a terminal shows after `output`: enough of one to follow the live view's redraws
 * (carriage return, erase line, cursor up, erase to the end of the screen, newline).
 */
function terminal(output: string): string[] {
  const rows: string[] = [""];
  let row = 0;
  let col = 0;
  // deno-lint-ignore no-control-regex
  const tokens = output.match(/\x1b\[(\d*)([A-Za-z])|\r|\n|[^\x1b\r\n]+/g) ?? [];
  for (const token of tokens) {
    if (token === "\r") col = 0;
    else if (token === "\n") {
      row++;
      col = 0;
      rows[row] ??= "";
    } else if (token.startsWith("\x1b[")) {
      const n = token.slice(2, -1);
      const code = token.at(-1);
      if (code === "A") row = Math.max(0, row - Number(n || 1));
      if (code === "K") rows[row] = "";
      if (code === "J") {
        rows[row] = rows[row]!.slice(0, col);
        rows.length = row + 1;
      }
    } else {
      const line = rows[row]!.padEnd(col);
      rows[row] = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  return rows;
}

function aLiveScreen(labels: string[]) {
  const clock = new FakeClock();
  let out = "";
  const screen = new LiveGroupScreen({
    write: (text) => out += text,
    clock,
    startedAt: clock.now(),
    labels,
    columns: () => 60,
    style: styleFor(false),
  });
  return { clock, screen, shown: () => terminal(out) };
}

Deno.test("LiveGroupScreen shows one line per service under the lines that scroll", () => {
  const { screen, shown } = aLiveScreen(["api", "worker", "cron"]);
  screen.member("api").line("Updated service: deployment ecs-svc/1");
  screen.member("api").status({ phase: "deploying api:2", progress: "1/2 new tasks running" });
  screen.member("worker").status({ phase: "deploying worker:2" });
  screen.member("worker").line("Updated service: deployment ecs-svc/2");
  screen.ended("cron", "succeeded");

  assert.deepEqual(shown(), [
    "[api] Updated service: deployment ecs-svc/1",
    "[worker] Updated service: deployment ecs-svc/2",
    "api    \u280b 0s deploying api:2: 1/2 new tasks running",
    "worker \u280b 0s deploying worker:2",
    "cron   succeeded",
  ]);
  screen.close();
  assert.deepEqual(shown(), [
    "[api] Updated service: deployment ecs-svc/1",
    "[worker] Updated service: deployment ecs-svc/2",
    "",
  ]);
});

Deno.test("LiveGroupScreen cuts every line of the block to the terminal's width", () => {
  const { screen, shown } = aLiveScreen(["api"]);
  screen.member("api").status({ phase: "deploying api:2", progress: "x".repeat(200) });
  assert.ok(shown().every((line) => line.length <= 59), JSON.stringify(shown()));
  screen.close();
});

Deno.test("PlainGroupScreen prefixes every line of a service with its name", () => {
  const clock = new FakeClock();
  let out = "";
  const screen = new PlainGroupScreen({
    write: (text) => out += text,
    clock,
    startedAt: clock.now(),
    labels: ["api", "worker"],
  });
  screen.member("api").line("RegisterTaskDefinition request:\n  {}");
  screen.member("worker").line("Updated service");
  screen.line("SERVICE  OUTCOME");
  screen.close();
  assert.equal(
    out,
    "[api] RegisterTaskDefinition request:\n[api]   {}\n[worker] Updated service\nSERVICE  OUTCOME\n",
  );
});
