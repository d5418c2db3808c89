import assert from "node:assert/strict";
import { SimulatedLogsClient } from "../../src/simulator/simulated_logs_client.ts";
import { aJobRevisionInput } from "../support/builders.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { aSimulatedWorld, FAST_PROD, type SimulatedWorld } from "../support/simulated_world.ts";

async function aJobRevision(world: SimulatedWorld): Promise<void> {
  await world.sim.call("RegisterTaskDefinition", aJobRevisionInput("repo/app:1"));
}

const RUN = ["run", "-c", "prod", "-d", "migrate", "--network-from-service", "api"];

Deno.test("run exits 2 for bad flags before any AWS call", async () => {
  for (
    const [argv, message] of [
      [["run", "-d", "migrate"], /Missing required option -c, --cluster/],
      [["run", "-c", "prod"], /Missing required option -d, --task-definition/],
      [[...RUN, "--command", "echo 'oops"], /--command .*unclosed ' quote/],
      [[...RUN, "--env", "NOVALUE"], /--env "NOVALUE": expected NAME=VALUE/],
      [
        [...RUN, "--launch-type", "FARGATE", "--capacity-provider", "FARGATE"],
        /cannot be used together/,
      ],
      [[...RUN, "--capacity-provider", "FARGATE:x"], /--capacity-provider "FARGATE:x"/],
      [[...RUN, "-t", "0"], /-t, --timeout "0"/],
      [[...RUN, "--launch-type", "MOON"], /--launch-type/],
      [["run", "-c", "prod", "-d", "bad family!"], /-d, --task-definition "bad family!"/],
    ] as const
  ) {
    const run = await runCliForTest([...argv]);
    assert.equal(run.exitCode, 2, `${argv.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.connections.length, 0, "no ECS client was made");
  }
});

Deno.test("run streams the task's log lines and exits 0 when it exits 0", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const run = await runCliForTest(
    [...RUN, "--command", "rake db:migrate", "--env", "STEP=1"],
    { ecs: world.ecs, logs: new SimulatedLogsClient(world.sim.logs), clock: world.clock },
  );
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /Started task \w+ of migrate:1 \(container "app": rake db:migrate\)/);
  assert.match(run.stderr, /app \| rake db:migrate/);
  assert.match(run.stderr, /Task of migrate:1 succeeded: task \w+ exited with code 0 \(exit 0\)/);
  assert.equal(run.stdout, "", "run registers nothing: no ARN on stdout");
});

Deno.test("run exits 1 with the exit code, stop reason and last lines; JSON says them", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const run = await runCliForTest(
    [...RUN, "--command", `["migrate", "exit-3"]`, "--output", "json"],
    { ecs: world.ecs, logs: new SimulatedLogsClient(world.sim.logs), clock: world.clock },
  );
  assert.equal(run.exitCode, 1, run.stderr);
  assert.match(
    run.stderr,
    /Task of migrate:1 failed: task \w+: container "app" exited with code 3/,
  );
  assert.match(run.stderr, /Last log lines:\n\s+container app started/);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  assert.equal(result.outcome, "failed");
  assert.equal(result.exitCode, 1);
  assert.equal(result.task.exitCode, 3);
  assert.equal(result.task.stopCode, "EssentialContainerExited");
  assert.deepEqual(result.task.logTail.at(-1), "container app exited with code 3");
  assert.deepEqual(result.diagnosis.logLines, result.task.logTail);
});

Deno.test("run --no-logs reads no logs", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  let reads = 0;
  const logs = new SimulatedLogsClient(world.sim.logs);
  const counting = {
    getLogEvents: (...args: Parameters<typeof logs.getLogEvents>) => {
      reads++;
      return logs.getLogEvents(...args);
    },
  };
  const run = await runCliForTest([...RUN, "--command", "migrate", "--no-logs"], {
    ecs: world.ecs,
    logs: counting,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(reads, 0);
  assert.doesNotMatch(run.stderr, /app \|/);
});

Deno.test("deploy --run-before exits 2 without a service or with a bad command, before any AWS call", async () => {
  for (
    const [argv, message] of [
      [
        ["deploy", "-c", "prod", "-d", "api", "--tag", "2", "--run-before", "migrate"],
        /--run-before needs -n/,
      ],
      [
        ["deploy", "-c", "prod", "-n", "api", "--tag", "2", "--run-before", `migrate "up`],
        /--run-before .*unclosed " quote/,
      ],
    ] as const
  ) {
    const run = await runCliForTest([...argv]);
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.equal(run.connections.length, 0);
  }
});

Deno.test("deploy --run-before whose task fails exits 1 and says the service was not changed", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  const run = await runCliForTest(
    ["deploy", "-c", "prod", "-n", "api", "--tag", "1.28", "--run-before", "migrate exit-2"],
    { ecs: world.ecs, logs: new SimulatedLogsClient(world.sim.logs), clock: world.clock },
  );
  assert.equal(run.exitCode, 1, run.stderr);
  assert.match(run.stderr, /web \| migrate exit-2/);
  assert.match(run.stderr, /the service was not changed; the new revision \S+ stays registered/);
  assert.equal(world.countOf("updateService"), 0);
});
