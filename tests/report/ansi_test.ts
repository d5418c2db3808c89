import assert from "node:assert/strict";
import { fitWidth, stripAnsi, styleFor, visibleWidth } from "../../src/report/ansi.ts";

Deno.test("styleFor() colours with SGR codes, or not at all", () => {
  assert.equal(styleFor(true).green("ok"), "\x1b[32mok\x1b[39m");
  assert.equal(styleFor(true).dim("id"), "\x1b[2mid\x1b[22m");
  assert.equal(styleFor(false).red("failed"), "failed");
});

Deno.test("fitWidth() cuts to the width with an ellipsis, escape sequences kept whole", () => {
  assert.equal(fitWidth("abcdef", 6), "abcdef");
  assert.equal(fitWidth("abcdefg", 6), "abcde\u2026");
  const dim = styleFor(true).dim;
  const cut = fitWidth(`ab${dim("cdefgh")}`, 5);
  assert.equal(stripAnsi(cut), "abcd\u2026");
  assert.equal(visibleWidth(cut), 5);
  assert.ok(cut.endsWith("\x1b[0m"), "a colour cut open is reset");
  assert.equal(fitWidth("abc", 0), "");
});
