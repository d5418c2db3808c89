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

Deno.test("completions bash leaves the second word of a two-word edit flag to file names", async () => {
  const run = await runCliForTest(["completions", "bash"]);
  // Without "deploy", the word after `--env-file web` is the FILE, not a subcommand.
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "--env-file", "web", ""]), []);
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "--cpu", "=", "web", ""]), []);
  // Both words are skipped to find the command: "status" here is a command line, not status.
  assert.deepEqual(
    await complete(run.stdout, ["ecs-deploy", "--command", "web", "status", "--rev"]),
    ["--revision"],
  );
  assert.deepEqual(await complete(run.stdout, ["ecs-deploy", "--cpu", "web", "256", "--dry"]), [
    "--dry-run",
  ]);
});

Deno.test("completions refuses an unknown shell with exit 2", async () => {
  const run = await runCliForTest(["completions", "tcsh"]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /'tcsh' is invalid.*bash, zsh, fish/);
});

function hasShell(shell: string): boolean {
  try {
    return new Deno.Command(shell, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "completions zsh and fish leave the second word of a two-word edit flag to file names",
  ignore: !hasShell("zsh") || !hasShell("fish"),
  fn: async () => {
    const zsh = (await runCliForTest(["completions", "zsh"])).stdout;
    const zshDriver = `compdef() { :; }
${zsh}
compadd() { print -r -- "compadd $*"; }
_files() { print -r -- "_files"; }
words=(ecs-deploy --env-file web ''); CURRENT=4; _ecs_deploy
words=(ecs-deploy --env-file=web ''); CURRENT=3; _ecs_deploy
words=(ecs-deploy --env-file=web x.env ''); CURRENT=4; _ecs_deploy`;
    const zshOut = await new Deno.Command("zsh", { args: ["-f", "-c", zshDriver] }).output();
    const zshLines = new TextDecoder().decode(zshOut.stdout).trimEnd().split("\n");
    assert.deepEqual(zshLines.map((line) => line.split(" -- ")[0]), [
      "_files",
      "_files",
      "compadd",
    ]);

    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/prod.env`, "A=1\n");
    const fish = (await runCliForTest(["completions", "fish"])).stdout;
    const fishDriver = `${fish}
cd ${dir}
complete -C 'ecs-deploy --env-file web pro' | string replace -r '\\t.*' ''
complete -C 'ecs-deploy --command web status --rev' | string replace -r '\\t.*' ''`;
    const fishOut = await new Deno.Command("fish", { args: ["--no-config", "-c", fishDriver] })
      .output();
    assert.deepEqual(new TextDecoder().decode(fishOut.stdout).trimEnd().split("\n"), [
      "prod.env",
      "--revision",
    ]);
    await Deno.remove(dir, { recursive: true });
  },
});
