import assert from "node:assert/strict";
import { aSimulatedWorld, DEMO_IMAGE } from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

const TARGET = ["-c", "demo", "-n", "api"];

async function run(args: string[]) {
  const world = await aSimulatedWorld();
  const result = await runCliForTest(args, { ecs: world.ecs, clock: world.clock });
  return { result, world };
}

Deno.test("--wait-until takes a lifecycle stage in any case, and names the stages otherwise", async () => {
  const { result, world } = await run([
    ...TARGET,
    "-i",
    `${DEMO_IMAGE}:1.28`,
    "--wait-until",
    "soon",
  ]);
  assert.equal(result.exitCode, 2);
  assert.match(
    result.stderr,
    /Invalid option --wait-until "soon": expected a lifecycle stage, one of RECONCILE_SERVICE, /,
  );
  assert.deepEqual(world.calls, []);

  const wait = await run(["wait", ...TARGET, "--wait-until", "bake_time"]);
  assert.equal(wait.result.exitCode, 0, wait.result.stderr);
});

Deno.test("--on-pause and --wait-until need the wait: exit 2 with --no-wait", async () => {
  for (const flag of [["--on-pause", "exit"], ["--wait-until", "BAKE_TIME"]]) {
    const { result, world } = await run([
      ...TARGET,
      "-i",
      `${DEMO_IMAGE}:1.28`,
      "--no-wait",
      ...flag,
    ]);
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr, /cannot be used with --no-wait/);
    assert.deepEqual(world.calls, []);
  }
});

Deno.test("--on-pause takes wait or exit", async () => {
  const { result, world } = await run([
    ...TARGET,
    "-i",
    `${DEMO_IMAGE}:1.28`,
    "--on-pause",
    "later",
  ]);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /--on-pause/);
  assert.deepEqual(world.calls, []);
});
