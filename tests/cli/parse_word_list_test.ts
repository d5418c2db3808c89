import assert from "node:assert/strict";
import { commandWords, parseWordList } from "../../src/cli/parse_word_list.ts";
import { InvalidRequestError } from "../../src/errors.ts";

Deno.test("parseWordList() splits like a shell, without expanding", () => {
  assert.deepStrictEqual(parseWordList(`nginx -g 'daemon off;'`), ["nginx", "-g", "daemon off;"]);
  assert.deepStrictEqual(parseWordList(`sh -c "echo \\"$HOME\\" \\$x"`), [
    "sh",
    "-c",
    'echo "$HOME" $x',
  ]);
  assert.deepStrictEqual(parseWordList(`a\\ b  ''  c"d"e`), ["a b", "", "cde"]);
  assert.deepStrictEqual(parseWordList("  one\ttwo\n"), ["one", "two"]);
});

Deno.test("parseWordList() takes a JSON array of strings, the form ECS shows", () => {
  assert.deepStrictEqual(parseWordList(`["/bin/sh", "-c", "echo 'hi'"]`), [
    "/bin/sh",
    "-c",
    "echo 'hi'",
  ]);
});

Deno.test("parseWordList() names what is wrong", () => {
  const cases: [string, RegExp][] = [
    [`echo 'open`, /^unclosed ' quote$/],
    [`echo "open`, /^unclosed " quote$/],
    ["echo \\", /^a backslash ends the words$/],
    ["   ", /^expected at least one word$/],
    ["[1, 2]", /^expected a JSON array of strings$/],
    ["[oops", /^expected a JSON array of strings: /],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseWordList(text), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.match(error.message, message, text);
      return true;
    });
  }
});

Deno.test("commandWords() splits like a shell, without expansions", () => {
  assert.deepEqual(commandWords("bin/rails db:migrate", "--command"), ["bin/rails", "db:migrate"]);
  assert.deepEqual(commandWords(`sh -c 'echo "$HOME" && exit 3'`, "--command"), [
    "sh",
    "-c",
    `echo "$HOME" && exit 3`,
  ]);
  assert.deepEqual(commandWords(`a "b \\"c\\" d" e\\ f ''`, "--command"), [
    "a",
    `b "c" d`,
    "e f",
    "",
  ]);
  assert.deepEqual(commandWords(`["migrate", "--step", "1 2"]`, "--command"), [
    "migrate",
    "--step",
    "1 2",
  ]);
});

Deno.test("commandWords() names the flag for an unterminated quote, bad JSON or nothing", () => {
  for (
    const [text, why] of [
      [`echo 'oops`, /unclosed ' quote/],
      [`echo "oops`, /unclosed " quote/],
      [`["a", 1]`, /array of strings/],
      [`[nope`, /expected a JSON array of strings/],
      ["   ", /expected at least one word/],
    ] as const
  ) {
    assert.throws(() => commandWords(text, "--command"), (e: unknown) => {
      assert.ok(e instanceof InvalidRequestError);
      assert.match(e.message, /^Invalid option --command /);
      assert.match(e.message, why);
      return true;
    });
  }
});
