import assert from "node:assert/strict";
import { commandWords } from "../../src/cli/command_words.ts";
import { InvalidRequestError } from "../../src/errors.ts";

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
      [`echo 'oops`, /unterminated single quote/],
      [`echo "oops`, /unterminated double quote/],
      [`["a", 1]`, /array of strings/],
      [`[nope`, /not a JSON array/],
      ["   ", /no command/],
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
