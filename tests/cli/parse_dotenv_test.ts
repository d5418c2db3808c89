import assert from "node:assert/strict";
import { parseDotenv } from "../../src/cli/parse_dotenv.ts";
import { InvalidRequestError } from "../../src/errors.ts";

Deno.test("parseDotenv() reads comments, quotes, export and inline comments", () => {
  const text = [
    "# a comment",
    "",
    "PLAIN=value",
    "export EXPORTED = yes ",
    "SINGLE='keeps $x and \\n # as is'",
    'DOUBLE="line\\none \\"q\\""',
    "INLINE=abc # comment",
    "HASH=a#b",
    "EMPTY=",
    'MULTI="first',
    'second"',
    "LAST=1",
  ].join("\n");
  assert.deepStrictEqual(
    parseDotenv(text, ".env").map(({ key, value, line }) => [key, value, line]),
    [
      ["PLAIN", "value", 3],
      ["EXPORTED", "yes", 4],
      ["SINGLE", "keeps $x and \\n # as is", 5],
      ["DOUBLE", 'line\none "q"', 6],
      ["INLINE", "abc", 7],
      ["HASH", "a#b", 8],
      ["EMPTY", "", 9],
      ["MULTI", "first\nsecond", 10],
      ["LAST", "1", 12],
    ],
  );
});

Deno.test("parseDotenv() names the file and line of what it cannot read", () => {
  const cases: [string, string][] = [
    ["OK=1\nnot a pair", "prod.env:2: expected KEY=VALUE"],
    ["=1", `prod.env:1: invalid variable name ""`],
    ["1A=1", `prod.env:1: invalid variable name "1A"`],
    ["A='open", `prod.env:1: unclosed ' quote`],
    ['A=1\nB="open\nmore', `prod.env:2: unclosed " quote`],
    ["A='x' y", "prod.env:1: unexpected text after the closing quote"],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseDotenv(text, "prod.env"), new InvalidRequestError(message));
  }
});
