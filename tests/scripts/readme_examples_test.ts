/**
 * The README's CI examples keep their promises under the shells that run them: the plain shell
 * script (`set -eu`) reports each exit code as its `case` says, and the GitLab job (bash with
 * `pipefail`) fails when the deploy fails although its output goes through `tee`.
 */
import assert from "node:assert/strict";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The fenced block that follows `heading` in the README. */
function blockAfter(heading: string): string {
  const at = README.indexOf(heading);
  assert.ok(at >= 0, `README has no "${heading}"`);
  const match = /```\w*\n([\s\S]*?)```/.exec(README.slice(at));
  assert.ok(match, `no code block after "${heading}"`);
  return match[1]!;
}

/** Runs `script` with `shell`, `ecs-deploy` and `./ecs-deploy` being a stub that exits `code`. */
async function runWithStub(shell: string[], script: string, code: number) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/ecs-deploy`,
      `#!/bin/sh\necho '{"outcome":"x"}'\nexit ${code}\n`,
    );
    await Deno.chmod(`${dir}/ecs-deploy`, 0o755);
    const out = await new Deno.Command(shell[0]!, {
      args: [...shell.slice(1), script],
      cwd: dir,
      env: {
        PATH: `${dir}:/usr/bin:/bin`,
        GIT_SHA: "abc",
        CI_REGISTRY_IMAGE: "r",
        CI_COMMIT_SHA: "c",
      },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the README's shell script reports every exit code as its case says, under set -eu", async () => {
  const script = blockAfter("**A plain shell script**");
  // Everything from the deploy on; downloading and checking the release is not for a test.
  const deploy = script.slice(script.indexOf("# Under set -e"));
  const run = (code: number) => runWithStub(["sh", "-euc"], deploy, code);
  assert.deepEqual(await run(0), { code: 0, stdout: '{"outcome":"x"}\ndeployed\n' });
  assert.equal((await run(3)).code, 3);
  assert.match((await run(3)).stdout, /still rolling out after the timeout/);
  assert.equal((await run(1)).code, 1);
  assert.match((await run(4)).stdout, /deploy failed/);
});

Deno.test("the README's GitLab job fails when the deploy fails, though its output goes through tee", async () => {
  const job = blockAfter("**GitLab CI**");
  const lines = job.split("\n");
  const script = lines.slice(lines.findIndex((l) => l.trim() === "script:") + 1)
    .filter((l) => l.trim().startsWith("- "))
    .map((l) => l.trim().slice(2))
    .join("\n");
  // GitLab runs each job's script lines in one bash, stopping at the first failure.
  const run = (code: number) => runWithStub(["bash", "-ec"], script, code);
  assert.equal((await run(0)).code, 0);
  assert.equal((await run(1)).code, 1);
});
