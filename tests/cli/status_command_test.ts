import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import {
  aSimulatedWorld,
  failing,
  FAST_PROD,
  registerRevision,
  startDeployment,
} from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

Deno.test("status prints one screen about the service on stdout, exit 0", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const next = await registerRevision(f, "repo/api:1.1.0");
  await startDeployment(f, next);
  f.clock.advance(15);

  const run = await runCliForTest(["status", "-c", "prod", "-n", "api"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stderr, "");
  const lines = run.stdout.split("\n");
  assert.equal(lines[0], `Service "api" in cluster "prod": ACTIVE, api:2, 2/2 running, 2 pending`);
  assert.match(run.stdout, /\n {2}PRIMARY api:2 0\/2 running, 2 pending IN_PROGRESS {2}ecs-svc\//);
  assert.match(run.stdout, /\n {2}ACTIVE {2}api:1 2\/2 running COMPLETED {2}ecs-svc\//);
  assert.match(run.stdout, /\nTasks:\n {2}api:2: 2 tasks \(2 PENDING; health 2 UNKNOWN\)\n/);
  assert.match(
    run.stdout,
    /\nRecent events:\n {2}2026-01-01T\S+ \(service api\) has started 2 tasks/,
  );
});

Deno.test("status --output json prints exactly one object", async () => {
  const f = await aSimulatedWorld(FAST_PROD);

  const run = await runCliForTest(["status", "-c", "prod", "-n", "api", "--output", "json"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0);
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 1);
  const status = JSON.parse(lines[0]!);
  assert.equal(status.outcome, "succeeded");
  assert.equal(status.exitCode, 0);
  assert.equal(status.service, "api");
  assert.equal(status.taskDefinitionArn, f.seeded.taskDefinitionArn);
  assert.equal(status.deployments.length, 1);
  assert.equal(status.deployments[0].rolloutState, "COMPLETED");
  assert.deepEqual(status.tasks.map((g: { total: number }) => g.total), [2]);
});

Deno.test("status exits 2 for a missing service or cluster, in text and JSON", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const text = await runCliForTest(["status", "-c", "prod", "-n", "nope"], {
    ecs: f.ecs,
    clock: f.clock,
  });
  assert.equal(text.exitCode, 2);
  assert.equal(text.stderr, `error: Cannot show "nope": service not found in cluster "prod"\n`);
  assert.equal(text.stdout, "");

  const json = await runCliForTest(["status", "-c", "gone", "-n", "api", "--output", "json"], {
    ecs: f.ecs,
    clock: f.clock,
  });
  assert.equal(json.exitCode, 2);
  assert.deepEqual(JSON.parse(json.stdout), {
    outcome: "invalid",
    exitCode: 2,
    cluster: "gone",
    service: "api",
    reason: `Cannot show "api": cluster "gone" not found`,
    error: `Cannot show "api": cluster "gone" not found`,
  });
});

Deno.test("status exits 4 when AWS fails", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(failing({
    describeService: new EcsApiError("AccessDeniedException", "not authorized"),
  }));
  for (const output of ["text", "json"]) {
    const run = await runCliForTest(["status", "-c", "prod", "-n", "api", "--output", output], {
      ecs: f.ecs,
      clock: f.clock,
    });
    assert.equal(run.exitCode, 4, output);
    assert.match(run.stderr, /^error: .*not authorized\n/, output);
  }
});

Deno.test("status without -n is a usage error before any AWS call", async () => {
  const run = await runCliForTest(["status", "-c", "prod"]);
  assert.equal(run.exitCode, 2);
  assert.equal(run.stderr, "error: Missing required option -n, --service-name: the service\n");
  assert.deepEqual(run.connections, []);
});
