import assert from "node:assert/strict";
import { terminalSettings } from "../../src/report/terminal_settings.ts";

const tty = (env: Record<string, string> = {}, noColor = false) =>
  terminalSettings({ env, stderrIsTerminal: true, noColor });
const pipe = (env: Record<string, string> = {}) =>
  terminalSettings({ env, stderrIsTerminal: false });

Deno.test("terminalSettings() is live with colour in a terminal, plain without in a pipe", () => {
  assert.deepEqual(tty(), { live: true, color: true });
  assert.deepEqual(pipe(), { live: false, color: false });
});

Deno.test("terminalSettings() is plain where CI is set or TERM is dumb, even in a terminal", () => {
  assert.deepEqual(tty({ CI: "true" }), { live: false, color: false });
  assert.deepEqual(tty({ CI: "1" }), { live: false, color: false });
  assert.deepEqual(tty({ TERM: "dumb" }), { live: false, color: false });
  assert.deepEqual(tty({ CI: "false" }), { live: true, color: true }, "CI=false is no CI");
});

Deno.test("terminalSettings(): --no-color beats FORCE_COLOR, which beats NO_COLOR", () => {
  assert.equal(tty({ NO_COLOR: "1" }).color, false);
  assert.equal(tty({ NO_COLOR: "" }).color, true, "an empty NO_COLOR is not set (no-color.org)");
  assert.equal(tty({}, true).color, false);
  assert.equal(pipe({ FORCE_COLOR: "1" }).color, true);
  assert.equal(pipe({ FORCE_COLOR: "1", CI: "true" }).color, true);
  assert.equal(tty({ FORCE_COLOR: "1", NO_COLOR: "1" }).color, true);
  assert.equal(tty({ FORCE_COLOR: "0" }).color, true, "FORCE_COLOR=0 forces nothing");
  assert.equal(pipe({ FORCE_COLOR: "0" }).color, false);
  assert.equal(tty({ FORCE_COLOR: "1" }, true).color, false);
  assert.equal(tty({ NO_COLOR: "1" }).live, true, "NO_COLOR keeps the live view, without colour");
});

Deno.test("terminalSettings() appends lines with -v, whose API call lines would break redraws", () => {
  assert.deepEqual(
    terminalSettings({ env: {}, stderrIsTerminal: true, verbose: true }),
    { live: false, color: true },
  );
});
