/**
 * SIGINT/SIGTERM at every phase of a deploy, end to end: while reading, registering, updating
 * and waiting (each with a call hanging at the fault proxy, so the signal lands while it is in
 * flight), and during a rollback. Each scenario checks that the CLI exits by itself with
 * 130/143, the JSON result line, and what reached the emulator. Durations are the tool's own.
 */
import assert from "node:assert/strict";
import { type CliExit, explain, resultLine, spawnCli } from "../../support/spawn_cli.ts";
import type { FaultProxy } from "../../support/fault_proxy.ts";
import {
  countOf,
  type E2eWorld,
  MUTATING,
  REPO,
  runScenariosConcurrently,
  updateServiceDirectly,
} from "../../e2e/e2e_world.ts";
import { deployThrough, inProxiedWorld, seen, until } from "./proxied_world.ts";

/** Checks that the CLI ended by itself with `code` and a cancelled result; returns the result. */
function cancelled(exit: CliExit, code: number): Record<string, unknown> {
  assert.equal(exit.code, code, explain(exit));
  assert.equal(exit.signal, null, "the CLI should exit by itself, not die of the signal");
  const result = resultLine(exit);
  assert.equal(result.outcome, "cancelled");
  assert.equal(result.exitCode, code);
  return result;
}

function mutations(world: E2eWorld): string[] {
  return world.operations().filter((operation) => MUTATING.includes(operation));
}

/**
 * A deploy whose `operation` (after `after` answered ones) never answers; `signal` arrives once
 * the proxy holds it. Returns the exit and the result.
 */
async function signalWhileHanging(
  world: E2eWorld,
  proxy: FaultProxy,
  operation: string,
  signal: Deno.Signal,
  after = 0,
) {
  proxy.script({ operation, fault: { kind: "hang" }, times: Infinity, after });
  const cli = spawnCli(deployThrough(world, `${REPO}:1.28`, "-t", "60"));
  await until(`${operation} hangs`, () => seen(proxy, operation).hung > 0);
  cli.kill(signal);
  const exit = await cli.exited;
  const result = cancelled(exit, signal === "SIGTERM" ? 143 : 130);
  // The signal ended it while the first attempt hung: no request timeout, no retry of it.
  assert.equal(seen(proxy, operation).hung, 1, "the hung call was sent again");
  return { exit, result };
}

/** Waits until the emulator has seen the rollback's UpdateService, then hangs every look. */
async function holdTheRollback(world: E2eWorld, proxy: FaultProxy): Promise<void> {
  await until(
    "the rollback updates the service",
    () => countOf(world.operations()).UpdateService === 2,
  );
  proxy.script({ operation: "DescribeServices", fault: { kind: "hang" }, times: Infinity });
  await until("the rollback's watch hangs", () => seen(proxy, "DescribeServices").hung > 0);
}

const scenarios: Record<string, () => Promise<void>> = {
  "SIGINT while reading the service: exit 130, nothing changed": () =>
    inProxiedWorld("sigread", {}, async (world, proxy) => {
      const { result } = await signalWhileHanging(world, proxy, "DescribeServices", "SIGINT");
      assert.match(
        String(result.reason),
        /^DescribeServices was in flight when it was interrupted/,
      );
      assert.deepEqual(mutations(world), []);
    }),

  "SIGTERM while registering: exit 143, the service untouched": () =>
    inProxiedWorld("sigreg", {}, async (world, proxy) => {
      const { result } = await signalWhileHanging(
        world,
        proxy,
        "RegisterTaskDefinition",
        "SIGTERM",
      );
      assert.match(String(result.reason), /a new revision may have been registered/);
      assert.deepEqual(mutations(world), []);
    }),

  "SIGINT while updating: exit 130, says the service may have changed": () =>
    inProxiedWorld("sigupd", {}, async (world, proxy) => {
      const { result } = await signalWhileHanging(world, proxy, "UpdateService", "SIGINT");
      assert.match(String(result.reason), /the service may now run .*:2: check with: ecs-deploy/);
      assert.deepEqual(mutations(world), ["RegisterTaskDefinition"]);
    }),

  "SIGINT while waiting, a DescribeServices in flight: exit 130, ours goes on": () =>
    inProxiedWorld("sigwait", {}, async (world, proxy) => {
      const { result } = await signalWhileHanging(world, proxy, "DescribeServices", "SIGINT", 1);
      assert.match(String(result.reason), /^interrupted while deploying; .*goes on in ECS/);
      assert.deepEqual(mutations(world), ["RegisterTaskDefinition", "UpdateService"]);
    }),

  "SIGINT during the --rollback rollback stops it: exit 130, result.rollback cancelled": () =>
    inProxiedWorld("sigrb", {}, async (world, proxy) => {
      // The circuit breaker fails ours; ECS does not roll it back, the CLI does.
      await updateServiceDirectly(world, {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      });
      const cli = spawnCli(deployThrough(world, `${REPO}:crash`, "-t", "60", "--rollback"));
      await holdTheRollback(world, proxy);
      cli.kill("SIGINT");
      const result = cancelled(await cli.exited, 130);
      const rollback = result.rollback as Record<string, unknown>;
      assert.equal(rollback.outcome, "cancelled");
      assert.match(String(rollback.taskDefinitionArn), /:1$/);
      assert.match(String(result.reason), /interrupted while rolling back to .*:1: deployment /);
      assert.deepEqual(mutations(world), [
        "RegisterTaskDefinition",
        "UpdateService",
        "UpdateService",
      ]);
    }),

  "SIGTERM with --on-cancel rollback exits 143, the rollback's outcome in the result": () =>
    inProxiedWorld("sigoncancel", {}, async (world) => {
      const cli = spawnCli(
        deployThrough(world, `${REPO}:slow`, "-t", "60", "--on-cancel", "rollback"),
      );
      await cli.waitForStderr(/\] deploying: /);
      cli.kill("SIGTERM");
      const result = cancelled(await cli.exited, 143);
      assert.equal((result.rollback as Record<string, unknown>).outcome, "succeeded");
      assert.match(String(result.reason), /^interrupted while deploying; rolled back from /);
      assert.match((await world.describeService()).taskDefinition, /:1$/);
    }),

  "--on-cancel rollback: a second SIGINT stops the rollback and the result is still written": () =>
    inProxiedWorld("sigtwice", {}, async (world, proxy) => {
      const cli = spawnCli(
        deployThrough(world, `${REPO}:slow`, "-t", "60", "--on-cancel", "rollback"),
      );
      await cli.waitForStderr(/\] deploying: /);
      cli.kill("SIGINT");
      await holdTheRollback(world, proxy);
      cli.kill("SIGINT");
      const result = cancelled(await cli.exited, 130);
      assert.equal((result.rollback as Record<string, unknown>).outcome, "cancelled");
      assert.match(String(result.reason), /interrupted while rolling back to .*:1/);
      assert.equal(countOf(world.operations()).UpdateService, 2);
    }),
};

Deno.test(
  "signals at every phase: the CLI ends at once, cancelled, and says what changed",
  (t) => runScenariosConcurrently(t, scenarios),
);
