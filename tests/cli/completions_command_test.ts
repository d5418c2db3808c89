import assert from "node:assert/strict";
import { runCliForTest } from "../support/run_cli_for_test.ts";

async function complete(script: string, words: string[]): Promise<string[]> {
  const query = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})
COMP_CWORD=${words.length - 1}
COMP_LINE='${words.join(" ")}'
COMP_POINT=\${#COMP_LINE}
_ecs_deploy
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const output = await new Deno.Command("bash", { args: ["-c", query], stdout: "piped" }).output();
  assert.equal(output.code, 0);
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

Deno.test("completions bash prints a script that completes the real command tree", async () => {
  const run = await runCliForTest(["completions", "bash"]);
  assert.equal(run.exitCode, 0);
  const syntax = await new Deno.Command("bash", { args: ["-n", "-c", run.stdout] }).output();
  assert.equal(syntax.code, 0);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "emu"]), ["emulator"]);
  const flags = await complete(run.stdout, ["ecs-deploy", "deploy", "--ser"]);
  assert.deepEqual(flags, ["--service-name", "--services-file"]);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "deploy", "--output", ""]), [
    "text",
    "json",
  ]);
});

Deno.test("completions bash completes the edit flags and --revision of deploy", async () => {
  const run = await runCliForTest(["completions", "bash"]);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "deploy", "--unset-"]), [
    "--unset-env",
    "--unset-secret",
  ]);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "--exclusive-"]), [
    "--exclusive-env",
    "--exclusive-secrets",
  ]);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "deploy", "--revi"]), ["--revision"]);
});

Deno.test("completions refuses an unknown shell with exit 2", async () => {
  const run = await runCliForTest(["completions", "tcsh"]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /'tcsh' is invalid.*bash, zsh, fish/);
});
