/**
 * End to end, the safety features: `--rollback`, `--stall-timeout`, the busy-service guard
 * (`--wait-for-idle`, `--force`), `wait`, `rollback`, `status`, `--keep-revisions`, signals
 * with `--on-cancel` and secrets on the command line. The CLI runs as a child process against
 * its own emulator per scenario, through the real AWS SDK; each scenario checks the exit code,
 * the JSON result line, stderr and what the emulator received or ended up with. Where a
 * scenario needs a rollout to stand still (someone else's deployment in progress, `wait`
 * attaching to a running deployment), the emulator's clock is paused instead of racing it.
 */
import assert from "node:assert/strict";
import {
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
  type E2eWorld,
  inWorld,
  MUTATING,
  PausableClock,
  registerRevision,
  REPO,
  runScenariosConcurrently,
  untilService,
  updateServiceDirectly,
  type WireService,
} from "./e2e_world.ts";

const SECRET = "S3CR3T-never-print-me";

/** A deploy of `image` with a deadline that never bites unless `-t` is given again. */
function deploy(world: E2eWorld, image: string, ...extra: string[]): string[] {
  return [...cliTarget(world, "-i", image, "-t", "30"), ...extra];
}

function arn(world: E2eWorld, revision: number): string {
  return `${ARN_PREFIX}${world.service}:${revision}`;
}

/** Runs to the end and checks the exit code, returning the exit and its result line. */
async function run(args: string[], code: number) {
  const exit = await spawnCli(args).exited;
  assert.equal(exit.code, code, explain(exit));
  return { exit, result: resultLine(exit) };
}

/** The inputs of the requests of one operation the emulator received. */
function inputsOf(world: E2eWorld, operation: string): Record<string, unknown>[] {
  return world.requests.filter((r) => r.operation === operation).map((r) => r.input);
}

function simOutcome(world: E2eWorld, deploymentId: unknown): string | undefined {
  return world.finished.find((event) => event.deploymentId === deploymentId)?.outcome;
}

const steady = (s: WireService) =>
  s.deployments.length === 1 && s.deployments[0]?.rolloutState === "COMPLETED";

function assertNothingChanged(world: E2eWorld): void {
  const operations = world.operations();
  for (const operation of MUTATING) {
    assert.ok(!operations.includes(operation), `${operation} in ${operations.join(", ")}`);
  }
}

const scenarios: Record<string, () => Promise<void>> = {
  "--rollback goes back to revision 1 after the circuit breaker fails a crashing image": () =>
    inWorld("crashrb", {}, async (world) => {
      await updateServiceDirectly(world, {
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      });
      const { exit, result } = await run(deploy(world, `${REPO}:crash`, "--rollback"), 1);
      assert.equal(result.outcome, "rolled_back");
      assert.equal(result.exitCode, 1);
      assert.equal(result.taskDefinitionArn, arn(world, 2));
      assert.equal(result.previousTaskDefinitionArn, arn(world, 1));
      assert.match(String(result.reason), /circuit breaker/i);
      assert.match(String(result.reason), new RegExp(`rolled back from .*:2 to .*crashrb:1$`));
      const rollback = result.rollback as Record<string, unknown>;
      assert.equal(rollback.outcome, "succeeded");
      assert.equal(rollback.taskDefinitionArn, arn(world, 1));
      const summary = String((result.diagnosis as { summary: string }).summary);
      assert.match(summary, /Essential container in task exited \(container "web" exit code 1\)/);
      // ECS failed ours (no automatic rollback); the CLI's own rollback then completed.
      assert.equal(simOutcome(world, result.deploymentId), "FAILED");
      assert.equal(simOutcome(world, rollback.deploymentId), "COMPLETED");
      assert.deepEqual(inputsOf(world, "UpdateService").map((i) => i.taskDefinition), [
        arn(world, 2),
        arn(world, 1),
      ]);
      assert.equal(countOf(world.operations()).RegisterTaskDefinition, 1);
      assert.equal((await world.describeService()).taskDefinition, arn(world, 1));
      assert.match(exit.stderr, /^\[\d+s\] Rolling back to crashrb:1: /m);
      assert.match(outcomeLine(exit.stderr), /^\[\d+s\] Rolled back "crashrb" to crashrb:1: /);
      assert.match(exit.stderr, /^ {2}Why: \d+ tasks stopped: Essential container/m);
    }),

  "--rollback goes back to revision 1 after a timeout": () =>
    inWorld("slowrb", {}, async (world) => {
      // The wait for ours gets half of -t, the rollback the other half.
      const args = [...deploy(world, `${REPO}:slow`, "--rollback"), "-t", "6"];
      const { exit, result } = await run(args, 1);
      assert.equal(result.outcome, "rolled_back");
      assert.match(String(result.reason), /^still deploying when the deadline passed; rolled back/);
      assert.equal((result.rollback as Record<string, unknown>).outcome, "succeeded");
      // With --rollback the watch ends halfway through -t, leaving the rollback the other half.
      assert.ok(Number(result.durationMs) >= 1_500, `durationMs ${result.durationMs}`);
      assert.match(String((result.diagnosis as { summary: string }).summary), /2 pending/);
      assert.equal((await world.describeService()).taskDefinition, arn(world, 1));
      assert.equal(simOutcome(world, result.deploymentId), "SUPERSEDED");
      assert.match(exit.stderr, /^\[\d+s\] Rolling back to slowrb:1: still deploying/m);
    }),

  "--stall-timeout ends a rollout that makes no progress long before -t": () =>
    inWorld("stall", {}, async (world) => {
      const { exit, result } = await run(
        deploy(world, `${REPO}:slow`, "--stall-timeout", "2"),
        3,
      );
      assert.equal(result.outcome, "timed_out");
      assert.match(String(result.reason), /^stalled: nothing progressed for \d+s/);
      // By the tool's own clock: it waited out the stall window, and the reason above says the
      // stall ended it, not the 30 s deadline.
      assert.ok(Number(result.durationMs) >= 2_000, `durationMs ${result.durationMs}`);
      assert.ok(Number(result.durationMs) < 30_000, `durationMs ${result.durationMs}`);
      assert.match(outcomeLine(exit.stderr), /^\[\d+s\] Deployment of "stall" timed out: stalled/);
      // Timed out is not rolled back unless asked: ours is still the service's revision.
      assert.equal((await world.describeService()).taskDefinition, arn(world, 2));
    }),

  "a deploy refuses someone else's deployment in progress, naming it, with exit 2": () => {
    const clock = new PausableClock();
    return inWorld("busy", { clock }, async (world) => {
      clock.pause();
      const foreign = await updateServiceDirectly(world, { forceNewDeployment: true });
      const { exit, result } = await run(deploy(world, `${REPO}:1.28`), 2);
      assert.equal(result.outcome, "invalid");
      assert.equal(result.taskDefinitionArn, null);
      assert.match(
        String(result.reason),
        new RegExp(`deployment ${foreign} \\(busy:1\\) is still`),
      );
      assert.match(outcomeLine(exit.stderr), /--wait-for-idle .* --force .* \(exit 2\)$/);
      assertNothingChanged(world);
    });
  },

  "--wait-for-idle waits for someone else's deployment to complete, then deploys": () => {
    const clock = new PausableClock();
    return inWorld("idle", { clock }, async (world) => {
      clock.pause();
      const foreign = await updateServiceDirectly(world, { forceNewDeployment: true });
      const cli = spawnCli(deploy(world, `${REPO}:1.28`, "--wait-for-idle"));
      await cli.waitForStderr(
        new RegExp(`waiting for deployment ${foreign} \\(idle:1\\) to finish`),
      );
      assertNothingChanged(world);
      clock.resume();
      const exit = await cli.exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.equal(result.taskDefinitionArn, arn(world, 2));
      // Theirs finished on its own before ours started: completed, not replaced.
      assert.equal(simOutcome(world, foreign), "COMPLETED");
      assert.equal(simOutcome(world, result.deploymentId), "COMPLETED");
      assert.ok(exit.stderr.indexOf("waiting for deployment") < exit.stderr.indexOf("Registered"));
    });
  },

  "--force deploys over someone else's deployment in progress": () => {
    const clock = new PausableClock();
    return inWorld("force", { clock }, async (world) => {
      clock.pause();
      const foreign = await updateServiceDirectly(world, { forceNewDeployment: true });
      const cli = spawnCli(deploy(world, `${REPO}:1.28`, "--force"));
      await cli.waitForStderr(/^Updated service: /);
      clock.resume();
      const exit = await cli.exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.equal(simOutcome(world, foreign), "SUPERSEDED");
      assert.equal(simOutcome(world, result.deploymentId), "COMPLETED");
      assert.equal((await world.describeService()).taskDefinition, arn(world, 2));
    });
  },

  "wait after --no-wait reports a healthy deployment as succeeded, exit 0": () =>
    waitAfterNoWait("waitok", `${REPO}:1.28`, "succeeded", 0),

  "wait after --no-wait reports a failed pull as rolled back, exit 1": () =>
    waitAfterNoWait("waitbad", `${REPO}:fail-pull`, "rolled_back", 1),

  "wait after ECS already rolled a --no-wait deploy back is rolled back, exit 1": () =>
    inWorld("waitlate", {}, async (world) => {
      const started = await run(deploy(world, `${REPO}:fail-pull`, "--no-wait"), 0);
      await untilService(
        world,
        "back on revision 1",
        (s) => steady(s) && s.taskDefinition === arn(world, 1),
      );
      assert.equal(simOutcome(world, started.result.deploymentId), "ROLLED_BACK");
      const exit = await spawnCli(["wait", ...cliTarget(world, "-t", "30")]).exited;
      assert.equal(exit.code, 1, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "rolled_back");
      assert.match(String(result.reason), /^the last deployment ended rolled_back: /);
      assert.equal(countOf(world.operations()).UpdateService, 1);
    }),

  "rollback goes to the previous revision, --to 1 to revision 1, --dry-run nowhere": () =>
    inWorld("back", {}, async (world) => {
      await run(deploy(world, `${REPO}:1.28`), 0);
      await run(deploy(world, `${REPO}:1.29`), 0);
      const before = world.operations().length;

      const dry = await run(["rollback", ...cliTarget(world, "--dry-run")], 0);
      assert.match(String(dry.result.reason), /dry run/);
      assert.match(dry.exit.stderr, new RegExp(`No new revision: ${arn(world, 2)} is deployed`));
      const dryOperations = world.operations().slice(before);
      for (const operation of MUTATING) assert.ok(!dryOperations.includes(operation), operation);
      assert.equal((await world.describeService()).taskDefinition, arn(world, 3));

      const back = await run(["rollback", ...cliTarget(world)], 0);
      assert.equal(back.result.outcome, "succeeded");
      assert.equal(back.result.taskDefinitionArn, arn(world, 2));
      assert.equal(back.result.previousTaskDefinitionArn, arn(world, 3));
      assert.equal((await world.describeService()).taskDefinition, arn(world, 2));

      const toOne = await run(["rollback", ...cliTarget(world, "--to", "1")], 0);
      assert.equal(toOne.result.taskDefinitionArn, arn(world, 1));
      assert.equal((await world.describeService()).taskDefinition, arn(world, 1));

      // Rollbacks register nothing; each update is pinned to the revision's full ARN.
      assert.equal(countOf(world.operations()).RegisterTaskDefinition, 2);
      assert.deepEqual(inputsOf(world, "UpdateService").map((i) => i.taskDefinition), [
        arn(world, 2),
        arn(world, 3),
        arn(world, 2),
        arn(world, 1),
      ]);
    }),

  "status shows revision, deployments, tasks by revision and events; exit 2 if unknown": () =>
    inWorld("stat", {}, async (world) => {
      await updateServiceDirectly(world, {
        taskDefinition: await registerRevision(world, `${REPO}:slow`),
      });
      await untilService(world, "2 pending tasks", (s) => s.pendingCount === 2);
      const exit = await spawnCli(["status", ...cliTarget(world)]).exited;
      assert.equal(exit.code, 0, explain(exit));
      assert.equal(exit.stdout.trimEnd().split("\n").length, 1, "one JSON object");
      const status = JSON.parse(exit.stdout);
      assert.equal(status.taskDefinitionArn, arn(world, 2));
      assert.deepEqual(
        status.deployments.map((d: Record<string, unknown>) => [
          d.status,
          d.taskDefinitionArn,
          d.rolloutState,
        ]),
        [["PRIMARY", arn(world, 2), "IN_PROGRESS"], ["ACTIVE", arn(world, 1), "COMPLETED"]],
      );
      assert.deepEqual(
        status.tasks.map((g: Record<string, unknown>) => [g.taskDefinitionArn, g.total]),
        [[arn(world, 2), 2], [arn(world, 1), 2]],
      );
      assert.equal(status.tasks[1].byStatus.RUNNING, 2);
      assert.equal(status.tasks[1].byHealth.HEALTHY, 2);
      assert.ok(status.events.length > 0, "no events");
      assert.match(status.events[0].message, /has started 2 tasks/);
      assert.deepEqual(status.unreadable, []);
      assertNothingChanged(world);

      const args = cliTarget(world);
      args[args.indexOf("-n") + 1] = "missing";
      const missing = await spawnCli(["status", ...args]).exited;
      assert.equal(missing.code, 2, explain(missing));
      assert.equal(resultLine(missing).exitCode, 2);
      assert.match(String(resultLine(missing).error), /"missing"/);
    }),

  "--keep-revisions 1 leaves only the running and the previous revision ACTIVE": () =>
    inWorld("prune", {}, async (world) => {
      await registerRevision(world, `${REPO}:1.28`);
      await updateServiceDirectly(world, {
        taskDefinition: await registerRevision(world, `${REPO}:1.29`),
      });
      await untilService(
        world,
        "steady on revision 3",
        (s) => steady(s) && s.taskDefinition.endsWith(":3"),
      );
      const { exit, result } = await run(
        deploy(world, `${REPO}:1.30`, "--keep-revisions", "1"),
        0,
      );
      assert.equal(result.taskDefinitionArn, arn(world, 4));
      assert.deepEqual(result.prunedRevisions, [arn(world, 1), arn(world, 2)]);
      assert.match(exit.stderr, /^Deregistered old revision prune:1$/m);
      const { taskDefinitionArns } = await world.emulator.sim.call("ListTaskDefinitions", {
        familyPrefix: world.service,
        status: "ACTIVE",
      });
      assert.deepEqual(taskDefinitionArns, [arn(world, 3), arn(world, 4)]);
      assert.deepEqual(inputsOf(world, "DeregisterTaskDefinition").map((i) => i.taskDefinition), [
        arn(world, 1),
        arn(world, 2),
      ]);
    }),

  "SIGINT with --on-cancel rollback rolls back to the previous revision, exit 130": () =>
    inWorld("intrb", {}, async (world) => {
      const exit = await interruptWhileDeploying(
        deploy(world, `${REPO}:slow`, "--on-cancel", "rollback"),
        "SIGINT",
        130,
      );
      const result = resultLine(exit);
      // Cancelled by the signal, with the rollback's outcome in the result.
      assert.equal(result.outcome, "cancelled");
      assert.equal(result.exitCode, 130);
      assert.match(String(result.reason), /^interrupted while deploying; rolled back/);
      assert.equal((result.rollback as Record<string, unknown>).outcome, "succeeded");
      assert.equal((await world.describeService()).taskDefinition, arn(world, 1));
      assert.match(exit.stderr, /^\[\d+s\] Rolling back to intrb:1: interrupted/m);
      // The text says what the result says: interrupted, and rolled back.
      assert.match(
        outcomeLine(exit.stderr),
        /^\[\d+s\] Interrupted; rolled back "intrb" to intrb:1: .* \(exit 130\)$/,
      );
    }),

  "SIGINT without --on-cancel exits 130 and names the wait and rollback commands": () =>
    inWorld("int", {}, async (world) => {
      const exit = await interruptWhileDeploying(deploy(world, `${REPO}:slow`), "SIGINT", 130);
      const result = resultLine(exit);
      assert.equal(result.outcome, "cancelled");
      assert.equal(result.exitCode, 130);
      const line = outcomeLine(exit.stderr);
      assert.match(line, /^\[\d+s\] Deployment of "int" was interrupted: .* goes on in ECS/);
      assert.ok(
        String(result.reason).includes(`ecs-deploy rollback -c int -n int --to ${arn(world, 1)}`),
        String(result.reason),
      );
      // Each command on a line of its own, with the connection flags the CLI was given.
      const flags = `--endpoint-url ${world.url} -r us-east-1`;
      const lines = exit.stderr.split("\n");
      assert.ok(lines.includes(`  watch it:  ecs-deploy wait -c int -n int ${flags}`), exit.stderr);
      assert.ok(
        lines.includes(`  roll back: ecs-deploy rollback -c int -n int --to int:1 ${flags}`),
        exit.stderr,
      );
      // Nothing was rolled back: ECS goes on with ours.
      assert.equal(countOf(world.operations()).UpdateService, 1);
      assert.equal((await world.describeService()).taskDefinition, arn(world, 2));
    }),

  "credentials from -k/-s reach the emulator and the secret is never printed, even with -v": () =>
    inWorld("secret", {}, async (world) => {
      const creds = ["-v", "-k", "AKIAEXAMPLEKEY", "-s", SECRET];
      const { exit } = await run(deploy(world, `${REPO}:1.28`, ...creds), 0);
      assert.match(exit.stderr, /credentials from flags/);
      const args = cliTarget(world, ...creds);
      args[args.indexOf("-n") + 1] = "missing";
      const missing = await run(["status", ...args], 2);
      const keys = new Set(world.requests.map((r) => r.accessKeyId));
      assert.deepEqual([...keys], ["AKIAEXAMPLEKEY"]);
      for (const output of [exit.stdout, exit.stderr, missing.exit.stdout, missing.exit.stderr]) {
        assert.ok(!output.includes(SECRET), `the secret was printed:\n${output}`);
      }
    }),
};

/**
 * `--no-wait`, then `wait` attaching while the rollout is still in progress (the emulator's
 * clock stands still until `wait` has printed its first progress), with `wait` reporting the
 * outcome ECS reaches.
 */
function waitAfterNoWait(
  name: string,
  image: string,
  outcome: string,
  code: number,
): Promise<void> {
  const clock = new PausableClock();
  return inWorld(name, { clock }, async (world) => {
    clock.pause();
    const started = await run(deploy(world, image, "--no-wait"), 0);
    const cli = spawnCli(["wait", ...cliTarget(world, "-t", "30")]);
    await cli.waitForStderr(/\] deploying: /);
    clock.resume();
    const exit = await cli.exited;
    assert.equal(exit.code, code, explain(exit));
    const result = resultLine(exit);
    assert.equal(result.outcome, outcome);
    assert.equal(result.exitCode, code);
    assert.equal(result.deploymentId, started.result.deploymentId);
    assert.equal(result.taskDefinitionArn, arn(world, 2));
    assert.equal(result.previousTaskDefinitionArn, arn(world, 1));
    const expected = outcome === "succeeded" ? "COMPLETED" : "ROLLED_BACK";
    assert.equal(simOutcome(world, result.deploymentId), expected);
    const revision = outcome === "succeeded" ? 2 : 1;
    assert.equal((await world.describeService()).taskDefinition, arn(world, revision));
    // wait only reads.
    assert.equal(countOf(world.operations()).UpdateService, 1);
  });
}

Deno.test(
  "the safety features end to end: the CLI as a child process against the emulator",
  (t) => runScenariosConcurrently(t, scenarios),
);
