// deno-lint-ignore-file no-console
/**
 * The GitHub Action's deploy step with the real ecs-deploy against the emulator: the outputs
 * come from the tool's actual JSON result, and `rollback: true` really rolls a timed-out deploy
 * back.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { isolatedEnv, SEEDED, seedService, startEmulator } from "../e2e/self_contained_support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEPLOY = `${ROOT}.github/action/deploy.sh`;

function hasBash(): boolean {
  if (Deno.build.os === "windows") return false;
  try {
    return new Deno.Command("bash", { args: ["-c", "exit 0"] }).outputSync().success;
  } catch {
    return false;
  }
}
const bash = hasBash();
if (!bash) console.error("Skipping the action end-to-end tests: they need bash (not on Windows)");

async function runAction(dir: string, url: string, inputs: Record<string, string>) {
  // What install.sh would put on PATH: here ecs-deploy run from this checkout.
  const bin = `${dir}/ecs-deploy`;
  await Deno.writeTextFile(
    bin,
    `#!/bin/sh\nexec "${Deno.execPath()}" run -A "${ROOT}main.ts" "$@"\n`,
    { mode: 0o755 },
  );
  const out = await new Deno.Command("bash", {
    args: [DEPLOY],
    env: isolatedEnv({
      ECS_DEPLOY_BIN: bin,
      GITHUB_OUTPUT: `${dir}/output`,
      GITHUB_STEP_SUMMARY: `${dir}/summary`,
      INPUT_CLUSTER: SEEDED.cluster,
      INPUT_SERVICE: SEEDED.service,
      INPUT_ARGS: `--endpoint-url ${url}`,
      ...inputs,
    }),
    clearEnv: true,
    stdin: "null",
  }).output();
  const text = await Deno.readTextFile(`${dir}/output`);
  const outputs = Object.fromEntries(
    text.trimEnd().split("\n").map((
      l,
    ) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr), outputs };
}

Deno.test({
  name: "the action's deploy step publishes the real result and rolls a timeout back",
  ignore: !bash,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-action-e2e-" });
    const emulator = await startEmulator([Deno.execPath(), "run", "-A", "main.ts"], {
      cwd: ROOT,
      env: isolatedEnv(),
    });
    try {
      const first = await seedService(emulator.url);

      await t.step("a deploy that succeeds", async () => {
        const run = await runAction(dir, emulator.url, {
          INPUT_IMAGE: "registry.example.com/api:v2",
        });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.outputs.outcome, "succeeded");
        assert.equal(run.outputs["previous-task-definition-arn"], first);
        assert.match(run.outputs["task-definition-arn"]!, /task-definition\/api:2$/);
        assert.match(run.outputs["deployment-id"]!, /^ecs-svc\//);
        assert.equal(JSON.parse(run.outputs.result!).outcome, "succeeded");
        assert.equal(run.outputs["rollback-outcome"], "");
      });

      await Deno.remove(`${dir}/output`);
      await t.step("a deploy that times out, rolled back to the revision before it", async () => {
        const run = await runAction(dir, emulator.url, {
          // The emulator starts tasks of a "slow" image in 30 s, past this 5 s deadline, which also bounds the rollback.
          INPUT_IMAGE: "registry.example.com/api:slow",
          INPUT_TIMEOUT: "5",
          INPUT_ROLLBACK: "true",
        });
        assert.equal(run.code, 3, run.stderr);
        assert.equal(run.outputs.outcome, "timed_out");
        assert.match(run.outputs["previous-task-definition-arn"]!, /task-definition\/api:2$/);
        assert.equal(run.outputs["rollback-outcome"], "succeeded", run.stderr);
        const summary = await Deno.readTextFile(`${dir}/summary`);
        assert.match(summary, /\| Rollback \| `succeeded` \(exit 0\) to `[^`]*api:2` \|/);
      });
    } finally {
      await emulator.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
