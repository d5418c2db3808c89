import assert from "node:assert/strict";
import {
  DIAGNOSIS_FLOOR_MS,
  DIAGNOSIS_MAX_MS,
  diagnosisShare,
  watchDeadline,
} from "../../../src/deploy/calls/run_deadline.ts";
import { runRollback } from "../../../src/deploy/commands/run_rollback.ts";
import { runWait } from "../../../src/deploy/commands/run_wait.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import {
  aSimulatedWorld,
  FAST_PROD,
  never,
  registerRevision,
  startDeployment,
} from "../../support/simulated_world.ts";

Deno.test("diagnosisShare() is a tenth of the timeout, at least 1 s, at most 10 s, at most half", () => {
  assert.equal(diagnosisShare(60_000), 6_000);
  assert.equal(diagnosisShare(600_000), DIAGNOSIS_MAX_MS);
  assert.equal(diagnosisShare(5_000), DIAGNOSIS_FLOOR_MS);
  assert.equal(diagnosisShare(1_000), 500);
});

Deno.test("watchDeadline() keeps the diagnosis' share, or half of -t for --rollback", () => {
  const deadline = 1_000_000;
  assert.equal(watchDeadline({ timeoutMs: 60_000 }, deadline), deadline - 6_000);
  assert.equal(watchDeadline({ timeoutMs: 60_000, rollback: true }, deadline), deadline - 30_000);
  assert.equal(watchDeadline({ timeoutMs: 60_000, diagnose: false }, deadline), deadline);
});

Deno.test("runWait() ends at the deadline while a DescribeServices hangs", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await startDeployment(world, await registerRevision(world, "repo/api:slow"));
  world.hooks.push((method, count) =>
    method === "describeService" && count === 2 ? never() : undefined
  );
  const result = await advanceUntilSettled(
    world.clock,
    runWait({ cluster: "prod", service: "api", timeoutMs: 30_000 }, {
      ecs: world.ecs,
      clock: world.clock,
      emit: () => {},
    }),
    { limitMs: 60_000 },
  );
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.equal(result.exitCode, 3);
  assert.ok(result.durationMs <= 30_000, `${result.durationMs} ms`);
});

Deno.test("runRollback() ends at the deadline while reading the service hangs", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  world.hooks.push(() => never());
  const result = await advanceUntilSettled(
    world.clock,
    runRollback({ cluster: "prod", service: "api", timeoutMs: 30_000, wait: true, dryRun: false }, {
      ecs: world.ecs,
      clock: world.clock,
      emit: () => {},
    }),
    { limitMs: 60_000 },
  );
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.equal(result.exitCode, 3);
  assert.equal(world.countOf("updateService"), 0);
});
