/**
 * `-t` against a slow or unresponsive ECS, end to end: the CLI as a child process, the real SDK,
 * a fault proxy hanging or delaying chosen calls. Each scenario checks the exit code, the JSON
 * result line, the tool's own `durationMs` against `-t` (never the host's wall time) and what
 * reached the emulator: nothing that changes ECS after the deadline.
 */
import assert from "node:assert/strict";
import { explain, resultLine, runCliProcess } from "../../support/spawn_cli.ts";
import type { FaultRule } from "../../support/fault_proxy.ts";
import {
  countOf,
  type E2eWorld,
  MUTATING,
  REPO,
  runScenariosConcurrently,
} from "../../e2e/e2e_world.ts";
import { deployThrough, inProxiedWorld } from "./proxied_world.ts";

/** What the tool may take beyond `-t` by its own measure: its last reads and its report. */
const SLACK_MS = 1_500;

/** Runs a deploy of a healthy image with `-t seconds` and the proxy scripted with `rules`. */
function timedDeploy(
  cluster: string,
  seconds: number,
  rules: FaultRule[],
  check: (outcome: Record<string, unknown>, world: E2eWorld) => Promise<void> | void,
  extra: string[] = [],
): () => Promise<void> {
  return () =>
    inProxiedWorld(cluster, {}, async (world, proxy) => {
      proxy.script(...rules);
      const exit = await runCliProcess(
        deployThrough(world, `${REPO}:1.28`, "-t", String(seconds), ...extra),
      );
      const result = resultLine(exit);
      assert.equal(exit.code, 3, explain(exit));
      assert.equal(result.outcome, "timed_out");
      assert.equal(result.exitCode, 3);
      const durationMs = Number(result.durationMs);
      assert.ok(durationMs <= seconds * 1_000 + SLACK_MS, `durationMs ${durationMs}`);
      await check(result, world);
    });
}

const hang = (operation: string, after = 0): FaultRule => ({
  operation,
  fault: { kind: "hang" },
  times: Infinity,
  after,
});

/** The mutating operations that reached the emulator. */
function mutations(world: E2eWorld): string[] {
  return world.operations().filter((operation) => MUTATING.includes(operation));
}

const scenarios: Record<string, () => Promise<void>> = {
  "an endpoint that accepts and never answers: exit 3 at -t, with a result line": timedDeploy(
    "hangall",
    3,
    [hang("*")],
    (result, world) => {
      assert.match(String(result.reason), /^DescribeServices was in flight when the deadline/);
      assert.deepEqual(world.operations(), []);
    },
  ),

  "ECS gone after UpdateService (every later connection dropped): exit 3 at -t, never 4":
    timedDeploy(
      "ecsgone",
      5,
      // Reading the service and the revision, registering and updating get through; then none.
      [{ operation: "*", fault: { kind: "drop_before" }, times: Infinity, after: 4 }],
      (result, world) => {
        assert.deepEqual(mutations(world), ["RegisterTaskDefinition", "UpdateService"]);
        assert.match(String(result.reason), /deadline/);
      },
    ),

  "a hang while reading the revision ends at -t, nothing changed": timedDeploy(
    "hangdtd",
    3,
    [hang("DescribeTaskDefinition")],
    (result, world) => {
      assert.match(
        String(result.reason),
        /DescribeTaskDefinition was in flight.*nothing was changed/,
      );
      assert.deepEqual(mutations(world), []);
    },
  ),

  "a hang while registering ends at -t, and the service is not updated": timedDeploy(
    "hangreg",
    3,
    [hang("RegisterTaskDefinition")],
    (result, world) => {
      assert.match(String(result.reason), /a new revision may have been registered/);
      assert.deepEqual(mutations(world), []);
    },
  ),

  "a hang while updating ends at -t and says the service may have changed": timedDeploy(
    "hangupd",
    3,
    [hang("UpdateService")],
    async (result, world) => {
      assert.match(String(result.reason), /the service may now run .*:2: check with: ecs-deploy/);
      assert.deepEqual(mutations(world), ["RegisterTaskDefinition"]);
      assert.match((await world.describeService()).taskDefinition, /:1$/);
    },
  ),

  "a hang while waiting ends at -t": timedDeploy(
    "hangwait",
    3,
    [hang("DescribeServices", 1)],
    (result, world) => {
      assert.match(String(result.reason), /^still deploying when the deadline passed/);
      assert.deepEqual(mutations(world), ["RegisterTaskDefinition", "UpdateService"]);
    },
  ),

  "-t 3 with 2 s per call: nothing is registered or updated after the deadline": timedDeploy(
    "latency",
    3,
    [{ operation: "*", fault: { kind: "delay", ms: 2_000 }, times: Infinity }],
    (result, world) => {
      // DescribeServices answers at 2 s, DescribeTaskDefinition would at 4 s: cut at 3 s.
      assert.match(String(result.reason), /DescribeTaskDefinition was in flight/);
      assert.deepEqual(mutations(world), []);
      assert.deepEqual(countOf(world.operations()), { DescribeServices: 1 });
    },
  ),

  "--rollback -t 6 with a wait that hangs: the wait ends halfway, nothing changes after -t": () =>
    inProxiedWorld("hangrb", {}, async (world, proxy) => {
      // Our deployment is never seen: the wait hangs; the rollback then reads and rolls back.
      proxy.script(hang("DescribeServices", 1));
      const exit = await runCliProcess(
        deployThrough(world, `${REPO}:1.28`, "-t", "6", "--rollback"),
      );
      const result = resultLine(exit);
      const durationMs = Number(result.durationMs);
      assert.ok(durationMs <= 6_000 + SLACK_MS, `durationMs ${durationMs}\n${explain(exit)}`);
      // Every DescribeServices hangs, so the rollback cannot even read the service: it never
      // starts an UpdateService, and the run ends at the deadline.
      assert.equal(exit.code, 3, explain(exit));
      assert.equal(result.outcome, "timed_out");
      assert.equal((result.rollback as Record<string, unknown>).outcome, "timed_out");
      assert.deepEqual(mutations(world), ["RegisterTaskDefinition", "UpdateService"]);
    }),
};

Deno.test(
  "-t is one deadline: hangs and latency in every phase, through the real SDK",
  (t) => runScenariosConcurrently(t, scenarios),
);
