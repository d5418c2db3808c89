// deno-lint-ignore-file no-console
/**
 * The GitHub Action's deploy step with the real ecs-deploy against the emulator: the outputs
 * come from the tool's actual JSON result, and `rollback: true` (the tool's --rollback) really
 * rolls a timed-out deploy back.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  ecsCall,
  isolatedEnv,
  SEEDED,
  seedService,
  startEmulator,
} from "../e2e/self_contained_support.ts";

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

interface WireService {
  taskDefinition: string;
  deployments: { status: string; taskDefinition: string; rolloutState?: string }[];
}

async function describeService(url: string): Promise<WireService> {
  const { services } = await ecsCall(url, "DescribeServices", {
    cluster: SEEDED.cluster,
    services: [SEEDED.service],
  });
  return (services as WireService[])[0]!;
}

/** Waits (wall time: a real emulator) until the seeded service's first deployment completed,
 * so the deploy's busy-service guard lets it through. */
async function waitUntilSteady(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { deployments } = await describeService(url);
    if (deployments.length === 1 && deployments[0]?.rolloutState === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("The seeded service did not become steady in 15 s");
}

Deno.test({
  name: "the action's deploy step publishes the real result and --rollback rolls a timeout back",
  ignore: !bash,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-action-e2e-" });
    const emulator = await startEmulator([Deno.execPath(), "run", "-A", "main.ts"], {
      cwd: ROOT,
      env: isolatedEnv(),
    });
    try {
      const first = await seedService(emulator.url);
      await waitUntilSteady(emulator.url);

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
        assert.equal(run.outputs.diagnosis, "");
      });

      await Deno.remove(`${dir}/output`);
      await Deno.remove(`${dir}/summary`);
      await t.step("a deploy that times out, rolled back to the revision before it", async () => {
        const run = await runAction(dir, emulator.url, {
          // The emulator starts tasks of a "slow" image in 30 s, past this 12 s deadline; the
          // watch ends halfway and the rollback to the healthy api:2 gets the other 6 s (it
          // needs about 3).
          INPUT_IMAGE: "registry.example.com/api:slow",
          INPUT_TIMEOUT: "12",
          INPUT_ROLLBACK: "true",
        });
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.outputs.outcome, "rolled_back", run.stderr);
        assert.equal(run.outputs["exit-code"], "1");
        assert.match(run.outputs["task-definition-arn"]!, /task-definition\/api:3$/);
        const previous = run.outputs["previous-task-definition-arn"]!;
        assert.match(previous, /task-definition\/api:2$/);
        assert.equal(run.outputs["rollback-outcome"], "succeeded", run.stderr);
        const result = JSON.parse(run.outputs.result!);
        assert.equal(result.rollback.taskDefinitionArn, previous);
        assert.ok(run.outputs.diagnosis, "a timed-out deploy comes with a diagnosis");
        assert.equal(run.outputs.diagnosis, result.diagnosis.summary);

        const service = await describeService(emulator.url);
        assert.equal(service.taskDefinition, previous);
        const primary = service.deployments.find((d) => d.status === "PRIMARY");
        assert.equal(primary?.taskDefinition, previous);
        assert.equal(primary?.rolloutState, "COMPLETED");

        const summary = await Deno.readTextFile(`${dir}/summary`);
        assert.match(summary, /^### ecs-deploy: `rolled_back` \(exit 1\)\n/);
        assert.match(summary, /\n\| Rollback \| `succeeded` to `[^`]*api:2` \|\n/);
        assert.ok(
          summary.includes(`| Diagnosis | ${run.outputs.diagnosis.replaceAll("|", "\\|")} |`),
        );
      });

      await Deno.remove(`${dir}/output`);
      await Deno.remove(`${dir}/summary`);
      await t.step("several services, one per line: one run, a row per service", async () => {
        const { taskDefinition } = await describeService(emulator.url);
        await ecsCall(emulator.url, "CreateService", {
          cluster: SEEDED.cluster,
          serviceName: "worker",
          taskDefinition,
          desiredCount: 1,
          launchType: "FARGATE",
          networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0e2e"] } },
        });
        const steady = Date.now() + 15_000;
        for (;;) {
          const { services } = await ecsCall(emulator.url, "DescribeServices", {
            cluster: SEEDED.cluster,
            services: ["worker"],
          });
          const [worker] = services as WireService[];
          if (
            worker?.deployments.length === 1 && worker.deployments[0]?.rolloutState === "COMPLETED"
          ) break;
          if (Date.now() > steady) throw new Error("worker did not become steady in 15 s");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const run = await runAction(dir, emulator.url, {
          INPUT_SERVICE: `${SEEDED.service}\nworker`,
          INPUT_IMAGE: "registry.example.com/api:v4",
        });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.outputs.outcome, "succeeded");
        const result = JSON.parse(run.outputs.result!);
        assert.equal(result.group, true);
        assert.equal(result.revisions.length, 1, "one revision for both: they ran the same one");
        const summary = await Deno.readTextFile(`${dir}/summary`);
        assert.match(summary, /^### ecs-deploy: `succeeded` \(exit 0\)\n/);
        assert.match(summary, /\n\| `api` \| `succeeded` \| api:2 -> api:4 \| {2}\|\n/);
        assert.match(summary, /\n\| `worker` \| `succeeded` \| api:2 -> api:4 \| {2}\|\n/);
      });
    } finally {
      await emulator.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
