import assert from "node:assert/strict";
import { joinEditArguments, WORD_SEPARATOR as NUL } from "../../src/cli/edit_arguments.ts";

Deno.test("joinEditArguments() joins CONTAINER and its value for the two-word flags", () => {
  assert.deepStrictEqual(
    joinEditArguments(["-c", "prod", "--cpu", "web", "256", "--command", "web", "npm start"]),
    ["-c", "prod", "--cpu", `web${NUL}256`, "--command", `web${NUL}npm start`],
  );
});

Deno.test("joinEditArguments() tells -e KEY=VALUE from -e CONTAINER KEY=VALUE by the first word's =", () => {
  assert.deepStrictEqual(
    joinEditArguments([
      "-e",
      "A=1",
      "-e",
      "web",
      "B=2",
      "--secret",
      "web",
      "S=/p",
      "--label",
      "x=y",
    ]),
    ["-e", "A=1", "-e", `web${NUL}B=2`, "--secret", `web${NUL}S=/p`, "--label", "x=y"],
  );
});

Deno.test("joinEditArguments() reads --flag=WORD as the first word", () => {
  assert.deepStrictEqual(
    joinEditArguments(["--env=web", "A=1", "--env=B=2", "--workdir=web", "/app"]),
    ["--env", `web${NUL}A=1`, "--env=B=2", "--workdir", `web${NUL}/app`],
  );
});

Deno.test("joinEditArguments() leaves a flag missing its second word, other flags and words after --", () => {
  assert.deepStrictEqual(joinEditArguments(["-n", "api", "--cpu", "web"]), [
    "-n",
    "api",
    "--cpu",
    "web",
  ]);
  assert.deepStrictEqual(joinEditArguments(["--", "--cpu", "web", "1"]), [
    "--",
    "--cpu",
    "web",
    "1",
  ]);
  // A value that looks like a flag is still the value: the parser then judges it.
  assert.deepStrictEqual(joinEditArguments(["--user", "web", "-c"]), ["--user", `web${NUL}-c`]);
});

Deno.test("joinEditArguments() does not take an option of the command as the second word", () => {
  const isOption = (word: string) => ["--dry-run", "-c", "--memory"].includes(word.split("=")[0]!);
  assert.deepStrictEqual(
    joinEditArguments(["--workdir", "web", "--dry-run", "-e", "web", "-c", "x"], isOption),
    ["--workdir", "web", "--dry-run", "-e", "web", "-c", "x"],
  );
  assert.deepStrictEqual(
    joinEditArguments(["--cpu", "web", "--memory=web", "512"], isOption),
    ["--cpu", "web", "--memory", `web${NUL}512`],
  );
  // A word that only looks like a flag is a value: a command's arguments often start with "-".
  assert.deepStrictEqual(joinEditArguments(["--command", "web", "--port 80"], isOption), [
    "--command",
    `web${NUL}--port 80`,
  ]);
});
