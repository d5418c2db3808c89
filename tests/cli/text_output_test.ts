/**
 * The CLI's text output as a person reads it, and the JSON beside it: short names in text, whole
 * ones in JSON; a dry run that says it is one; `wait` that says how to go on after a timeout.
 */
import assert from "node:assert/strict";
import { advanceUntilSettled } from "../support/fake_clock.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { aSimulatedWorld, DEMO_IMAGE } from "../support/simulated_world.ts";

const TARGET = ["-c", "demo", "-n", "api"];

Deno.test("a rolled back deploy names tasks by 8 characters in text and whole in JSON", async () => {
  const world = await aSimulatedWorld();
  const run = await runCliForTest(
    [...TARGET, "-i", `${DEMO_IMAGE}:fail-pull`, "--output", "json"],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(run.exitCode, 1, run.stderr);
  const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
  const taskArn: string = result.diagnosis.stoppedTasks[0].taskArn;
  assert.match(taskArn, /^arn:aws:ecs:us-east-1:123456789012:task\/demo\/[0-9a-f]{32}$/);
  assert.ok(run.stderr.includes(taskArn.slice(-8)), run.stderr);
  assert.ok(!run.stderr.includes(taskArn.split("/").pop()!), "no whole task id in text");
  assert.doesNotMatch(run.stderr, /arn:aws:ecs/, "no ARN in the text output");
  assert.match(run.stderr, /^\[\d+s\] Rolled back "api" to api:1: /m);
});

Deno.test("a dry run ends with what it would do, never with Deployed", async () => {
  const world = await aSimulatedWorld();
  for (const args of [["deploy", ...TARGET, "-i", `${DEMO_IMAGE}:1.28`], ["rollback", ...TARGET]]) {
    if (args[0] === "rollback") {
      await runCliForTest([...TARGET, "-i", `${DEMO_IMAGE}:1.28`], {
        ecs: world.ecs,
        clock: world.clock,
      });
    }
    const run = await runCliForTest([...args, "--dry-run"], { ecs: world.ecs, clock: world.clock });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Deployed|Rolled back/);
    const expected = args[0] === "deploy"
      ? /\] Dry run: would deploy "api" as a new revision of api \(now api:1\): nothing was changed \(exit 0\)\n$/
      : /\] Dry run: would roll back "api" to api:1 \(now api:2\): nothing was changed \(exit 0\)\n$/;
    assert.match(run.stderr, expected);
  }
});

Deno.test("wait that times out says ECS goes on and how to watch or roll back, with the flags", async () => {
  const world = await aSimulatedWorld();
  await runCliForTest([...TARGET, "-i", `${DEMO_IMAGE}:slow`, "--no-wait"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  const run = await advanceUntilSettled(
    world.clock,
    runCliForTest(["wait", ...TARGET, "-t", "5", "-r", "eu-west-1"], {
      ecs: world.ecs,
      clock: world.clock,
    }),
  );
  assert.equal(run.exitCode, 3, run.stderr);
  assert.match(run.stderr, /timed out: .*; deployment ecs-svc\/\d+ goes on in ECS \(exit 3\)\n/);
  assert.match(run.stderr, /^ {2}watch it: +ecs-deploy wait -c demo -n api -r eu-west-1$/m);
  assert.match(
    run.stderr,
    /^ {2}roll back: ecs-deploy rollback -c demo -n api --to api:1 -r eu-west-1$/m,
  );
});
