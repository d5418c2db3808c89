/**
 * The commands printed to go on after a deploy stopped watching (a timeout, a signal) repeat
 * the connection flags the user gave, so a copy-paste reaches the same endpoint, profile and
 * region, and never the credentials.
 */
import assert from "node:assert/strict";
import { advanceUntilSettled } from "../support/fake_clock.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { aSimulatedWorld, DEMO_IMAGE, never } from "../support/simulated_world.ts";

const CONNECTION = [
  "--endpoint-url",
  "http://127.0.0.1:4599",
  "-p",
  "deploy",
  "-r",
  "eu-west-1",
  "-k",
  "AKIDRESUMEHINTS",
  "-s",
  "resume-hints-secret-key",
];
const FLAGS = "--endpoint-url http://127.0.0.1:4599 -p deploy -r eu-west-1";

Deno.test("a timed-out deploy says ECS goes on, and how to watch or roll back, with the flags", async () => {
  const world = await aSimulatedWorld();
  const run = await advanceUntilSettled(
    world.clock,
    runCliForTest(
      ["-c", "demo", "-n", "api", "-i", `${DEMO_IMAGE}:slow`, "-t", "20", ...CONNECTION],
      { ecs: world.ecs, clock: world.clock },
    ),
  );
  assert.equal(run.exitCode, 3, run.stderr);
  assert.match(
    run.stderr,
    /timed out: still deploying when the deadline passed; deployment ecs-svc\/\d+ goes on in ECS \(IN_PROGRESS, 0\/2 tasks running\) \(exit 3\)\n/,
  );
  assert.match(
    run.stderr,
    new RegExp(`^  watch it: +ecs-deploy wait -c demo -n api ${FLAGS}$`, "m"),
  );
  assert.match(
    run.stderr,
    new RegExp(`^  roll back: +ecs-deploy rollback -c demo -n api --to api:1 ${FLAGS}$`, "m"),
  );
  assert.doesNotMatch(run.stderr, /AKIDRESUMEHINTS|resume-hints-secret-key|-k |-s /);
});

Deno.test("an interrupted deploy prints the resume commands with the flags; the JSON reason is as before", async () => {
  for (const output of ["text", "json"]) {
    const world = await aSimulatedWorld();
    const controller = new AbortController();
    world.hooks.push((method, n) => {
      if (method !== "describeService" || n !== 3) return;
      queueMicrotask(() => controller.abort("SIGINT"));
      return never();
    });
    const run = await advanceUntilSettled(
      world.clock,
      runCliForTest(
        [
          "-c",
          "demo",
          "-n",
          "api",
          "-i",
          `${DEMO_IMAGE}:slow`,
          "--output",
          output,
          ...CONNECTION,
        ],
        { ecs: world.ecs, clock: world.clock, signal: controller.signal },
      ),
    );
    assert.equal(run.exitCode, 130, run.stderr);
    assert.match(
      run.stderr,
      /was interrupted: interrupted while deploying; deployment .* goes on in ECS/,
    );
    assert.match(
      run.stderr,
      new RegExp(`^  watch it: +ecs-deploy wait -c demo -n api ${FLAGS}$`, "m"),
    );
    assert.doesNotMatch(run.stderr, /AKIDRESUMEHINTS|resume-hints-secret-key/);
    if (output === "json") {
      const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
      // The result's reason keeps the commands as it always had them, full ARNs included.
      assert.match(
        result.reason,
        /; watch it with: ecs-deploy wait -c demo -n api; or roll back with: ecs-deploy rollback -c demo -n api --to arn:aws:ecs:us-east-1:123456789012:task-definition\/api:1$/,
      );
    }
  }
});
