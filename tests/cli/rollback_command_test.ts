import assert from "node:assert/strict";
import {
  aSimulatedWorld,
  currentService,
  FAST_PROD,
  registerRevision,
  settle,
  startDeployment,
} from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

/** A service on revision 3 of family "api", with revisions 1 and 2 ACTIVE. */
async function onThirdRevision() {
  const f = await aSimulatedWorld(FAST_PROD);
  const second = await registerRevision(f, "repo/api:2.0.0");
  const third = await registerRevision(f, "repo/api:3.0.0");
  await startDeployment(f, third);
  await settle(f);
  return { f, first: f.seeded.taskDefinitionArn, second, third };
}

Deno.test("rollback deploys the previous ACTIVE revision and waits, exit 0", async () => {
  const { f, second, third } = await onThirdRevision();

  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "api", "--output", "json"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0, run.stderr);
  const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
  assert.equal(result.outcome, "succeeded");
  assert.equal(result.taskDefinitionArn, second);
  assert.equal(result.previousTaskDefinitionArn, third);
  assert.equal((await currentService(f)).taskDefinition, second);
  assert.ok(!f.calls.includes("registerTaskDefinition"));
});

Deno.test("rollback --to goes to the named revision", async () => {
  const { f, first } = await onThirdRevision();

  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "api", "--to", "1"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal((await currentService(f)).taskDefinition, first);
});

Deno.test("rollback to a revision that cannot start is reported as ECS rolls it back", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await registerRevision(f, "repo/api:fail-pull");
  const good = await registerRevision(f, "repo/api:3.0.0");
  await startDeployment(f, good);
  await settle(f);

  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "api"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 1);
  assert.match(
    run.stderr,
    /Rollback of "api" to api:2 failed; ECS went back to api:3: .*back on api:3 \(exit 1\)/,
  );
  assert.equal((await currentService(f)).taskDefinition, good);
});

Deno.test("rollback --dry-run changes nothing", async () => {
  const { f, third } = await onThirdRevision();

  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "api", "--dry-run"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 0, run.stderr);
  assert.ok(!f.calls.includes("updateService"));
  assert.equal((await currentService(f)).taskDefinition, third);
});

Deno.test("rollback without an older ACTIVE revision is exit 2, naming the family", async () => {
  const f = await aSimulatedWorld(FAST_PROD);

  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "api"], {
    ecs: f.ecs,
    clock: f.clock,
  });

  assert.equal(run.exitCode, 2);
  assert.match(
    run.stderr,
    /error: Cannot roll back from "api:1": no ACTIVE revision of family "api" is older; give --to REVISION \(exit 2\)\n$/,
  );
});

Deno.test("rollback of a missing service is exit 2", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const run = await runCliForTest(["rollback", "-c", "prod", "-n", "nope", "--output", "json"], {
    ecs: f.ecs,
    clock: f.clock,
  });
  assert.equal(run.exitCode, 2);
  const result = JSON.parse(run.stdout.trimEnd());
  assert.equal(result.outcome, "invalid");
  assert.equal(result.reason, `Cannot roll back "nope": service not found in cluster "prod"`);
});
