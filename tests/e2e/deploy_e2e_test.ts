/**
 * End to end: `deno run -A main.ts` as a child process against the emulator over loopback, with
 * the real AWS SDK, for every outcome. Each scenario has its own emulator and service; they all
 * run at once and each test step checks one of them: the exit code, the JSON result line, the
 * text on stderr and the requests the emulator received.
 */
import assert from "node:assert/strict";
import { diagnosisShare } from "../../src/deploy/calls/run_deadline.ts";
import {
  type CliExit,
  explain,
  interruptWhileDeploying,
  outcomeLine,
  resultLine,
  spawnCli,
} from "../support/spawn_cli.ts";
import {
  ARN_PREFIX,
  cliTarget,
  countOf,
  E2E_TIMINGS,
  type E2eWorld,
  inWorld,
  MUTATING,
  REPO,
  runScenariosConcurrently,
} from "./e2e_world.ts";

/** Deploy flags for a world's service, with JSON output and a timeout that never bites. */
function deployArgs(world: E2eWorld, image: string, ...extra: string[]): string[] {
  return cliTarget(world, "-i", image, "-t", "30", ...extra);
}

/** Checks the NDJSON stream: every line is JSON, events before the result. */
function assertNdjson(exit: CliExit, expectedEvents: string[]): void {
  const lines = exit.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  const events = lines.slice(0, -1).map((line) => line.event);
  for (const event of expectedEvents) {
    assert.ok(events.includes(event), `no "${event}" event in ${JSON.stringify(events)}`);
  }
}

/** Checks the result of a deploy that reached UpdateService. */
function assertApplied(world: E2eWorld, result: Record<string, unknown>, revision: number): void {
  assert.equal(result.cluster, world.cluster);
  assert.equal(result.service, world.service);
  assert.equal(result.previousTaskDefinitionArn, world.taskDefinitionArn);
  assert.equal(result.taskDefinitionArn, `${ARN_PREFIX}${world.service}:${revision}`);
  assert.match(String(result.deploymentId), /^ecs-svc\/\d+$/);
  assert.equal(
    result.serviceDeploymentArn,
    world.emulator.sim.serviceDeploymentArnOf(String(result.deploymentId)),
  );
  const updates = world.requests.filter((r) => r.operation === "UpdateService");
  assert.equal(updates.length, 1);
  // Pinned to the full ARN of the revision just registered, never a family name.
  assert.equal(updates[0]!.input.taskDefinition, result.taskDefinitionArn);
}

/** The simulated ECS's verdict on our deployment. */
function simOutcome(world: E2eWorld, deploymentId: unknown): string | undefined {
  return world.finished.find((event) => event.deploymentId === deploymentId)?.outcome;
}

const scenarios: Record<string, () => Promise<void>> = {
  "a healthy rollout succeeds with exit 0 after one register and one update": () =>
    inWorld("ok", {}, async (world) => {
      const exit = await spawnCli(deployArgs(world, `${REPO}:1.28`)).exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.equal(result.exitCode, 0);
      assertApplied(world, result, 2);
      assert.deepEqual(result.imageChanges, [
        { container: "web", from: `${REPO}:1.27`, to: `${REPO}:1.28`, unchanged: false },
      ]);
      assertNdjson(exit, ["planned", "registered", "service_updated", "progress"]);
      assert.equal(simOutcome(world, result.deploymentId), "COMPLETED");
      const service = await world.describeService();
      assert.equal(service.taskDefinition, result.taskDefinitionArn);

      const counts = countOf(world.operations());
      assert.equal(counts.RegisterTaskDefinition, 1);
      assert.equal(counts.UpdateService, 1);
      assert.equal(counts.DeregisterTaskDefinition, undefined);
      assert.ok((counts.DescribeServices ?? 0) >= 2, JSON.stringify(counts));

      assert.match(exit.stderr, /^Deploying service "ok" in cluster "ok", now on ok:1$/m);
      assert.match(exit.stderr, new RegExp(`container "web": ${REPO}:1.27 -> ${REPO}:1.28`));
      // Text output names revisions as family:revision; the ARN is on stdout.
      assert.match(exit.stderr, /^Registered ok:2$/m);
      assert.match(exit.stderr, /^Updated service: deployment ecs-svc\/\d+$/m);
      assert.match(
        exit.stderr,
        /^\[\d+s\] settled: ok:2 \(ours\) PRIMARY 2\/2 running, COMPLETED$/m,
      );
      assert.doesNotMatch(exit.stderr, new RegExp(ARN_PREFIX));
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Deployed "ok": 2 of 2 tasks running the new revision \(exit 0\)$/,
      );
    }),

  "a crashing image with the circuit breaker but no rollback fails with exit 1": () =>
    inWorld("crash", {}, async (world) => {
      await world.emulator.sim.call("UpdateService", {
        cluster: world.cluster,
        service: world.service,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      });
      const exit = await spawnCli(deployArgs(world, `${REPO}:crash`)).exited;
      assert.equal(exit.code, 1, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "failed");
      assert.equal(result.exitCode, 1);
      assertApplied(world, result, 2);
      assert.match(String(result.reason), /circuit breaker/i);
      assert.equal(simOutcome(world, result.deploymentId), "FAILED");
      // Without rollback ECS leaves the failed revision PRIMARY.
      assert.equal((await world.describeService()).taskDefinition, result.taskDefinitionArn);
      assert.match(exit.stderr, /event: .*essential container|event: .*deployment failed/i);
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Deployment of "crash" failed: .+ \(exit 1\)$/,
      );
      const why =
        /\d+ tasks stopped: Essential container in task exited \(container "web" exit code 1\)/;
      assert.match(exit.stderr, new RegExp(`^ {2}Why: ${why.source}$`, "m"));
      assert.match(String((result.diagnosis as { summary?: string }).summary), why);
    }),

  "an image that cannot be pulled is rolled back by the circuit breaker, exit 1": () =>
    inWorld("pull", {}, async (world) => {
      const exit = await spawnCli(deployArgs(world, `${REPO}:fail-pull`)).exited;
      assert.equal(exit.code, 1, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "rolled_back");
      assertApplied(world, result, 2);
      assert.match(String(result.reason), /back on .*pull:1$/);
      assert.equal(simOutcome(world, result.deploymentId), "ROLLED_BACK");
      assert.equal((await world.describeService()).taskDefinition, world.taskDefinitionArn);
      assert.match(exit.stderr, /event: .*deployment failed: tasks failed to start/);
      assert.match(exit.stderr, /event: .*rolling back to deployment ecs-svc\/\d+/);
      assert.match(exit.stderr, /^\[\d+s\] settled: pull:1 PRIMARY 2\/2 running, COMPLETED$/m);
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Rolled back "pull" to pull:1: .*back on pull:1 \(exit 1\)$/,
      );
      assert.match(exit.stderr, /^ {2}Why: \d+ tasks failed to start: CannotPullContainerError: /m);
    }),

  "another deployment started while waiting supersedes ours, exit 1": () =>
    inWorld("taken", {}, async (world) => {
      // A slow image keeps ours in progress however long the other deploy takes to arrive.
      const cli = spawnCli(deployArgs(world, `${REPO}:slow`));
      await cli.waitForStderr(/^Updated service: /);
      const { taskDefinition } = await world.emulator.sim.call("RegisterTaskDefinition", {
        family: "taken",
        containerDefinitions: [{ name: "web", image: `${REPO}:other`, memory: 128 }],
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
      });
      const otherArn = (taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
      await world.emulator.sim.call("UpdateService", {
        cluster: "taken",
        service: "taken",
        taskDefinition: otherArn,
      });
      const exit = await cli.exited;
      assert.equal(exit.code, 1, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "superseded");
      assertApplied(world, result, 2);
      assert.match(String(result.reason), new RegExp(`taken:3`));
      assert.equal(simOutcome(world, result.deploymentId), "SUPERSEDED");
      assert.match(outcomeLine(exit.stderr), /^\[\d+s\] Deployment of "taken" was superseded: /);
    }),

  "a rollout still in progress at the deadline times out with exit 3": () =>
    inWorld("late", {}, async (world) => {
      const args = deployArgs(world, `${REPO}:slow`).slice(0, -2);
      const exit = await spawnCli([...args, "-t", "3"]).exited;
      assert.equal(exit.code, 3, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "timed_out");
      assert.equal(result.exitCode, 3);
      assertApplied(world, result, 2);
      // By the tool's own clock: it watched until the diagnosis' share of -t was left, and
      // stopped there rather than when the rollout would have ended (the slow image starts
      // after slowStartMs, by the emulator).
      const watchEndsMs = 3_000 - diagnosisShare(3_000);
      assert.ok(Number(result.durationMs) >= watchEndsMs, `durationMs ${result.durationMs}`);
      assert.ok(
        Number(result.durationMs) < E2E_TIMINGS.slowStartMs!,
        `durationMs ${result.durationMs}`,
      );
      assert.equal(simOutcome(world, result.deploymentId), undefined);
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Deployment of "late" timed out: still deploying .+ \(exit 3\)$/,
      );
      assert.match(exit.stderr, /^ {2}Why: .*0 of 2 running, 2 pending$/m);
    }),

  "an unknown service is invalid with exit 2 and changes nothing": () =>
    inWorld("nosvc", {}, async (world) => {
      const args = deployArgs(world, `${REPO}:1.28`);
      args[args.indexOf("-n") + 1] = "missing";
      const exit = await spawnCli(args).exited;
      assert.equal(exit.code, 2, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "invalid");
      assert.equal(result.exitCode, 2);
      assert.equal(result.taskDefinitionArn, null);
      assert.equal(result.deploymentId, null);
      assert.match(String(result.reason), /"missing"/);
      assert.match(outcomeLine(exit.stderr), /^error: .*"missing".* \(exit 2\)$/);
      assertNothingChanged(world);
    }),

  "an image matching no container is invalid with exit 2 and changes nothing": () =>
    inWorld("nomatch", {}, async (world) => {
      const exit = await spawnCli(deployArgs(world, "registry.example.com/other:v2")).exited;
      assert.equal(exit.code, 2, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "invalid");
      assert.equal(result.taskDefinitionArn, null);
      assert.match(String(result.reason), /registry\.example\.com\/other/);
      assert.match(
        outcomeLine(exit.stderr),
        /^error: .*registry\.example\.com\/other.* \(exit 2\)$/,
      );
      assert.ok(world.operations().includes("DescribeTaskDefinition"));
      assertNothingChanged(world);
    }),

  "a service whose last deployment is still in progress is invalid with exit 2": () =>
    inWorld("busy", {}, async (world) => {
      const { taskDefinition } = await world.emulator.sim.call("RegisterTaskDefinition", {
        family: "busy",
        containerDefinitions: [{ name: "web", image: `${REPO}:slow`, memory: 128 }],
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
      });
      const busyArn = (taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
      await world.emulator.sim.call("UpdateService", {
        cluster: "busy",
        service: "busy",
        taskDefinition: busyArn,
      });
      const exit = await spawnCli(deployArgs(world, `${REPO}:1.28`)).exited;
      assert.equal(exit.code, 2, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "invalid");
      assert.match(String(result.reason), /busy:2\) is still in progress/);
      assertNothingChanged(world);
      assert.equal((await world.describeService()).taskDefinition, busyArn);
    }),

  "bad flags are invalid with exit 2 before any request": () =>
    inWorld("flags", {}, async (world) => {
      const args = deployArgs(world, `${REPO}:1.28`).slice(0, -2);
      const [badTimeout, unknownFlag, noCluster] = await Promise.all([
        spawnCli([...args, "-t", "soon"]).exited,
        spawnCli([...args, "--no-such-flag"]).exited,
        spawnCli(args.slice(2)).exited,
      ]);
      assert.equal(badTimeout.code, 2, explain(badTimeout));
      assert.equal(resultLine(badTimeout).outcome, "invalid");
      assert.match(String(resultLine(badTimeout).reason), /-t, --timeout "soon"/);
      assert.equal(unknownFlag.code, 2, explain(unknownFlag));
      assert.match(unknownFlag.stderr, /unknown option '--no-such-flag'/);
      assert.equal(noCluster.code, 2, explain(noCluster));
      assert.match(noCluster.stderr, /-c, --cluster/);
      assert.deepEqual(world.operations(), []);
    }),

  "SIGTERM while waiting ends the deploy with exit 143": () =>
    inWorld("term", {}, async (world) => {
      const exit = await interruptWhileDeploying(deployArgs(world, `${REPO}:slow`), "SIGTERM", 143);
      const result = resultLine(exit);
      assert.equal(result.outcome, "cancelled");
      assert.equal(result.exitCode, 143);
      assertApplied(world, result, 2);
      assert.match(outcomeLine(exit.stderr), /^\[\d+s\] Deployment of "term" was interrupted: /);
    }),

  "--no-wait returns once ECS has accepted the deployment": () =>
    inWorld("nowait", {}, async (world) => {
      const exit = await spawnCli(deployArgs(world, `${REPO}:slow`, "--no-wait")).exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.match(String(result.reason), /not waiting/);
      assertApplied(world, result, 2);
      const operations = world.operations();
      const afterUpdate = operations.slice(operations.indexOf("UpdateService") + 1);
      assert.ok(!afterUpdate.includes("DescribeServices"), operations.join(", "));
      const ours = (await world.describeService()).deployments.find((d) =>
        d.id === result.deploymentId
      );
      assert.equal(ours?.rolloutState, "IN_PROGRESS");
    }),

  "--dry-run prints the plan and sends no mutating request": () =>
    inWorld("dry", {}, async (world) => {
      const exit = await spawnCli(deployArgs(world, `${REPO}:1.28`, "--dry-run")).exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.match(String(result.reason), /dry run/);
      assert.equal(result.taskDefinitionArn, null);
      assert.match(exit.stderr, /^RegisterTaskDefinition request:$/m);
      assert.match(exit.stderr, /^UpdateService request:$/m);
      assert.match(exit.stderr, /containerDefinitions\[0\]\.image|\.image: /);
      assertNothingChanged(world);
      assert.equal((await world.describeService()).taskDefinition, world.taskDefinitionArn);
    }),

  "-d FAMILY registers a revision, prints its ARN on stdout and updates no service": () =>
    inWorld("family", {}, async (world) => {
      const exit = await spawnCli([
        "-c",
        world.cluster,
        "-d",
        "family",
        "-i",
        `${REPO}:1.28`,
        "--endpoint-url",
        world.url,
        "-r",
        "us-east-1",
      ]).exited;
      assert.equal(exit.code, 0, explain(exit));
      assert.equal(exit.stdout, `${ARN_PREFIX}family:2\n`);
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Deployed the task definition: .* \(exit 0\)$/,
      );
      const counts = countOf(world.operations());
      assert.equal(counts.RegisterTaskDefinition, 1);
      assert.equal(counts.UpdateService, undefined);
      assert.equal((await world.describeService()).taskDefinition, world.taskDefinitionArn);
    }),
};

function assertNothingChanged(world: E2eWorld): void {
  const operations = world.operations();
  for (const operation of MUTATING) {
    assert.ok(!operations.includes(operation), `${operation} in ${operations.join(", ")}`);
  }
}

Deno.test(
  "the CLI as a child process against the emulator",
  (t) => runScenariosConcurrently(t, scenarios),
);
