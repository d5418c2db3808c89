// deno-lint-ignore-file no-console
import assert from "node:assert/strict";
import { Command, Option } from "../../src/cli/commander.ts";
import { completionScript, type CompletionShell } from "../../src/cli/completions.ts";

function hasShell(shell: string): boolean {
  if (Deno.build.os === "windows") return false;
  try {
    return new Deno.Command(shell, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const shells = { bash: hasShell("bash"), zsh: hasShell("zsh"), fish: hasShell("fish") };
for (const [shell, present] of Object.entries(shells)) {
  if (!present) console.error(`Skipping ${shell} completion tests: ${shell} is not installed`);
}

/** A tree shaped like ecs-deploy's: a default command, an alias, nesting, hidden parts. */
function program(): Command {
  const root = new Command("ecs-deploy").version("1.0.0").option("--verbose", "more output");
  root.command("deploy", { isDefault: true }).description("Deploy a new image")
    .requiredOption("-c, --cluster <name>", "cluster")
    .option("-n, --service-name <name>", "service")
    .option("-i, --image <ref...>", "image")
    .addOption(new Option("-o, --output <format>", "format").choices(["text", "json", "github"]))
    .addOption(new Option("--secret-flag", "internal").hideHelp())
    .option("--dry-run", "plan only")
    .action(() => {});
  root.command("emulator").alias("emu").description("Run the ECS emulator")
    .option("--port <n>", "port").action(() => {});
  root.command("internal", { hidden: true }).action(() => {});
  const completions = root.command("completions").description("Print a completion script");
  completions.command("bash").description("bash script").action(() => {});
  return root;
}

async function run(cmd: string, args: string[], script: string): Promise<string> {
  const file = await Deno.makeTempFile({ suffix: `.${cmd}` });
  try {
    await Deno.writeTextFile(file, script);
    const out = await new Deno.Command(cmd, { args: [...args, file], stdin: "null" }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return text;
  } finally {
    await Deno.remove(file);
  }
}

function script(shell: CompletionShell): string {
  return completionScript(shell, program());
}

/** Runs the bash completion function for a command line whose last word is being completed. */
async function bashComplete(words: string[]): Promise<string[]> {
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const driver = `${script("bash")}
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}
_ecs_deploy
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const out = await run("bash", ["--norc"], driver);
  return out.split("\n").filter((line) => line !== "").sort();
}

Deno.test({
  name: "completionScript() writes bash that parses and completes subcommands and flags",
  ignore: !shells.bash,
  fn: async () => {
    await run("bash", ["-n"], script("bash"));
    assert.deepEqual(await bashComplete(["ecs-deploy", ""]), [
      "completions",
      "deploy",
      "emulator",
      "help",
    ]);
    assert.deepEqual(await bashComplete(["ecs-deploy", "dep"]), ["deploy"]);
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "--c"]), ["--cluster"]);
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "-"]), [
      "--cluster",
      "--dry-run",
      "--help",
      "--image",
      "--output",
      "--service-name",
      "--verbose",
      "--version",
      "-V",
      "-c",
      "-h",
      "-i",
      "-n",
      "-o",
    ]);
    assert.deepEqual(await bashComplete(["ecs-deploy", "completions", ""]), ["bash", "help"]);
  },
});

Deno.test({
  name: "bash completion offers an option's choices, also after = as bash splits it",
  ignore: !shells.bash,
  fn: async () => {
    const choices = ["github", "json", "text"];
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "--output", ""]), choices);
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "-o", "j"]), ["json"]);
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "--output", "=", ""]), choices);
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "--output", "="]), choices);
  },
});

Deno.test({
  name: "bash completion skips option values and follows aliases to find the command",
  ignore: !shells.bash,
  fn: async () => {
    // "emulator" is the value of --cluster here, so we are still at the root.
    assert.deepEqual(await bashComplete(["ecs-deploy", "-c", "emulator", "--p"]), []);
    assert.deepEqual(await bashComplete(["ecs-deploy", "emu", "--p"]), ["--port"]);
    assert.deepEqual(
      await bashComplete(["ecs-deploy", "--output=json", "emulator", "--p"]),
      ["--port"],
    );
    // The default command's flags complete without its name.
    assert.deepEqual(await bashComplete(["ecs-deploy", "--serv"]), ["--service-name"]);
    // A value without choices leaves bash to complete file names.
    assert.deepEqual(await bashComplete(["ecs-deploy", "deploy", "-c", ""]), []);
  },
});

Deno.test("completionScript() leaves out hidden commands and options", () => {
  for (const shell of ["bash", "zsh", "fish"] as const) {
    const text = script(shell);
    assert.doesNotMatch(text, /internal|secret-flag/, shell);
    assert.match(text, /--service-name|'service-name'/, shell);
  }
});

Deno.test({
  name: "completionScript() writes zsh that parses and completes through compadd",
  ignore: !shells.zsh,
  fn: async () => {
    const text = script("zsh");
    assert.match(text, /^#compdef ecs-deploy\n/);
    await run("zsh", ["-n"], text);
    const driver = `compdef() { :; }
${text}
compadd() { print -r -- "compadd $*"; }
_files() { print -r -- "_files $*"; }
words=(ecs-deploy ''); CURRENT=2; _ecs_deploy
words=(ecs-deploy emu --); CURRENT=3; _ecs_deploy
words=(ecs-deploy deploy --output ''); CURRENT=4; _ecs_deploy
words=(ecs-deploy deploy --output=j); CURRENT=3; _ecs_deploy
words=(ecs-deploy deploy -c ''); CURRENT=4; _ecs_deploy
`;
    assert.deepEqual((await run("zsh", ["-f"], driver)).trimEnd().split("\n"), [
      "compadd -- deploy emulator completions help",
      "compadd -- --port -h --help -V --version --verbose",
      "compadd -- text json github",
      "compadd -P --output= -- text json github",
      "_files",
    ]);
  },
});

Deno.test({
  name: "completionScript() writes fish that completes subcommands, flags and choices",
  ignore: !shells.fish,
  fn: async () => {
    const text = script("fish");
    await run("fish", ["-n"], text);
    const driver = `${text}
for line in 'ecs-deploy ' 'ecs-deploy emu --' 'ecs-deploy deploy --output ' 'ecs-deploy -c emu --p'
    echo "> $line"
    complete -C "$line" | string replace -r '\\t.*' ''
end
true
`;
    assert.equal(
      await run("fish", ["--no-config"], driver),
      [
        "> ecs-deploy ",
        "completions",
        "deploy",
        "emulator",
        "help",
        "> ecs-deploy emu --",
        "--help",
        "--port",
        "--verbose",
        "--version",
        "> ecs-deploy deploy --output ",
        "github",
        "json",
        "text",
        "> ecs-deploy -c emu --p",
        "",
      ].join("\n"),
    );
  },
});
