/**
 * `ecs-deploy emulator --demo` as a newcomer uses it: start it, copy the commands it prints
 * into a shell, and get the exit codes it promises, in the order it prints them: a deploy that
 * succeeds (0), one that is rolled back (1), `status` (0), `rollback` (0), a one-off task whose
 * command exits 3 (1), and the AWS CLI read
 * where the AWS CLI is installed.
 */
import assert from "node:assert/strict";
import { onPath } from "../emulator/on_path.ts";
import { ROOT } from "../support/spawn_cli.ts";
import { runShell, startEmulator } from "./emulator_process.ts";

/** One printed command: the comment above it and its lines as printed (continuations kept). */
interface PrintedCommand {
  comment: string;
  /** The exit code the comment promises, when it names one. */
  exit?: number;
  script: string;
}

/** The commands of the guide: each `  # comment` line and the lines under it up to a blank. */
function printedCommands(guide: string): PrintedCommand[] {
  const lines = guide.split("\n");
  const commands: PrintedCommand[] = [];
  lines.forEach((line, i) => {
    const comment = /^ {2}# (.*)$/.exec(line)?.[1];
    if (comment === undefined) return;
    const end = lines.indexOf("", i);
    const script = lines.slice(i + 1, end).join("\n");
    const exit = /\(exit (\d+)\)/.exec(comment)?.[1];
    commands.push({ comment, script, ...(exit !== undefined ? { exit: Number(exit) } : {}) });
  });
  return commands;
}

Deno.test("emulator --demo prints commands that, run as printed, end as they say", async () => {
  const emulator = await startEmulator(["--demo", "--port", "0"]);
  try {
    const guide = await emulator.waitFor(/Any other tag deploys and runs\.\n/);
    const folder = /Try it in another terminal, in (\S+) \(/.exec(guide)?.[1];
    assert.equal(folder, ROOT.replace(/\/$/, ""), guide);
    assert.match(guide, /fail-pull +never starts/);
    assert.match(guide, /crash +exits 1/);
    assert.match(guide, /unhealthy +fails its health checks/);

    const commands = printedCommands(guide);
    assert.deepEqual(commands.map((c) => [c.comment.split(" ")[0], c.exit]), [
      ["a", 0],
      ["a", 1],
      ["what", 0],
      ["back", 0],
      ["a", 1],
      ["the", undefined],
    ]);
    const [good, bad, status, rollback, oneOff, awsCli] = commands;
    for (const command of [good!, bad!, status!, rollback!, oneOff!]) {
      assert.ok(
        command.script.includes(`--endpoint-url ${emulator.url} -r us-east-1`),
        command.script,
      );
      assert.ok(command.script.startsWith("  deno run -A main.ts "), command.script);
    }

    const ran = [];
    for (const command of [good!, bad!, status!, rollback!, oneOff!]) {
      const exit = await runShell(`cd ${folder} && ${command.script}`);
      ran.push(exit);
      assert.equal(
        exit.code,
        command.exit,
        `"${command.comment}" exited ${exit.code}:\n${command.script}\n${exit.stderr}`,
      );
    }
    assert.match(ran[0]!.stderr, /Deployed "api"/);
    assert.match(ran[1]!.stderr, /roll/i);
    assert.match(ran[2]!.stdout + ran[2]!.stderr, /api:2/);
    // The rolled-back deploy left api:2 running; the rollback went back to the demo's api:1.
    assert.match(ran[3]!.stdout, /task-definition\/api:1$/m);
    assert.match(ran[4]!.stderr, /web \| migrate exit-3/);
    assert.match(ran[4]!.stderr, /container "web" exited with code 3/);

    if (onPath("aws")) {
      const exit = await runShell(awsCli!.script);
      assert.equal(exit.code, 0, exit.stderr);
      const { services } = JSON.parse(exit.stdout);
      assert.equal(services[0].serviceName, "api");
      assert.match(services[0].taskDefinition, /task-definition\/api:1$/);
    }
  } finally {
    const { code } = await emulator.stop();
    assert.equal(code, 0, emulator.stderr());
  }
});
