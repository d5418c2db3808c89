import assert from "node:assert/strict";
import {
  aSimulatedWorld,
  FAST_PROD,
  registerRevision,
  startDeployment,
} from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

Deno.test("wait reports a deployment started with --no-wait like deploy, exit 0", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const next = await registerRevision(f, "repo/api:1.1.0");
  const theirs = await startDeployment(f, next);

  const run = await runCliForTest(["wait", "-c", "prod", "-n", "api"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /\] \w+: api:2 \(ours\) PRIMARY /);
  assert.match(run.stderr, /Deployed "api": 2 of 2 tasks running the new revision \(exit 0\)\n$/);
  assert.equal(run.stdout, `${next}\n`);
  assert.equal(run.connections.length, 1);
  assert.ok(theirs.id);
});

Deno.test("wait --output json ends with the deploy result of a rolled back deployment", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const failing = await registerRevision(f, "repo/api:fail-pull");
  const theirs = await startDeployment(f, failing);

  const run = await runCliForTest(["wait", "-c", "prod", "-n", "api", "--output", "json"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 1);
  const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
  assert.equal(result.outcome, "rolled_back");
  assert.equal(result.exitCode, 1);
  assert.equal(result.deploymentId, theirs.id);
  assert.equal(result.taskDefinitionArn, failing);
  assert.equal(result.previousTaskDefinitionArn, f.seeded.taskDefinitionArn);
});

Deno.test("wait --timeout ends with exit 3 while the deployment is still going", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await startDeployment(f, await registerRevision(f, "repo/api:slow"));

  const run = await runCliForTest(["wait", "-c", "prod", "-n", "api", "-t", "1"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 3);
  assert.match(run.stderr, /Deployment of "api" timed out: still deploying when the deadline/);
});

Deno.test("wait with a bad --timeout or no -c is exit 2 before any AWS call", async () => {
  for (
    const [argv, message] of [
      [["wait", "-n", "api"], "Missing required option -c, --cluster"],
      [["wait", "-c", "prod", "-n", "api", "-t", "soon"], `Invalid option -t, --timeout "soon"`],
    ] as const
  ) {
    const run = await runCliForTest([...argv]);
    assert.equal(run.exitCode, 2, argv.join(" "));
    assert.match(run.stderr, new RegExp(`^error: ${message.replace(/[()]/g, "\\$&")}`));
    assert.deepEqual(run.connections, []);
  }
});
