/**
 * More deploys in lifecycle stages on the simulated ECS (fake clock): rollbacks that fail, a
 * rollback asked of a deployment ECS already rolls back, a deployment superseded in the middle
 * of its production traffic shift, and `--wait-until`.
 */
import assert from "node:assert/strict";
import { runRollback } from "../../../src/deploy/commands/run_rollback.ts";
import type { ServiceDeployment } from "../../../src/ecs/types.ts";
import {
  aDeployRequest,
  aWorldWithStrategy,
  currentService,
  deployIn,
  pauseAt,
  registerRevision,
  type SimulatedWorld,
  startDeployment,
} from "../../support/simulated_world.ts";

const MINUTE = 60_000;

const lambda = (name: string, stage: string) => ({
  targetType: "AWS_LAMBDA",
  hookTargetArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  roleArn: "arn:aws:iam::123456789012:role/ecsLambdaInvoke",
  lifecycleStages: [stage],
});

function rollbackIn(f: SimulatedWorld) {
  return runRollback(
    { cluster: "prod", service: "api", timeoutMs: 60 * MINUTE, wait: true, dryRun: false },
    { ecs: f.ecs, clock: f.clock, emit: () => {} },
  );
}

/** Calls `then` once, at the first look that shows the deployment in `stage`. */
function onStage(f: SimulatedWorld, stage: string, then: () => Promise<void> | void) {
  let seen = false;
  f.hooks.push(async (method, _count, _args, proceed) => {
    if (method !== "describeServiceDeployments" || seen) return undefined;
    const answer = await proceed() as ServiceDeployment[];
    if (answer[0]?.lifecycleStage === stage) {
      seen = true;
      await then();
    }
    return answer;
  });
  return () => seen;
}

Deno.test("a rollback ECS cannot finish (a hook fails while rolling back) is failed, exit 1", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [
      lambda("smoke-fail", "POST_TEST_TRAFFIC_SHIFT"),
      lambda("traffic-rollback-fail", "TEST_TRAFFIC_SHIFT"),
    ],
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod", timeoutMs: 60 * MINUTE }));

  assert.equal(result.outcome, "failed", result.reason);
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /rollback failed because lifecycle hook ecs-lambda-\w+ failed/);
});

/**
 * A BLUE_GREEN deploy (5 minutes of bake time) with `hook` and a pause after the test traffic
 * shift, run with `onPause: "exit"` until it paused there.
 */
async function pausedBlueGreen(hook: Record<string, unknown>) {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT"), hook],
  });
  const { result: paused } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", onPause: "exit" }),
  );
  assert.equal(paused.outcome, "paused", paused.reason);
  return { f, paused };
}

Deno.test("the rollback command whose native rollback fails reports failed, and sends no UpdateService", async () => {
  const { f } = await pausedBlueGreen(lambda("traffic-rollback-fail", "PRODUCTION_TRAFFIC_SHIFT"));
  const updates = f.countOf("updateService");

  const back = await rollbackIn(f);

  assert.equal(back.outcome, "failed", back.reason);
  assert.equal(back.exitCode, 1);
  assert.match(back.reason, /rollback failed because lifecycle hook/);
  assert.equal(f.countOf("stopServiceDeployment"), 1);
  assert.equal(f.countOf("updateService"), updates, "no UpdateService after ECS's answer");
});

Deno.test("the rollback command while ECS already rolls the deployment back joins that rollback", async () => {
  // The slow hook keeps ECS's rollback in progress while the command comes.
  const { f, paused } = await pausedBlueGreen(lambda("slow-check", "TEST_TRAFFIC_SHIFT"));
  const updates = f.countOf("updateService");
  const arn = paused.serviceDeploymentArn!;
  await f.sim.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  f.clock.advance(50);
  const [before] = await f.ecs.describeServiceDeployments([arn]);
  assert.equal(before?.status, "ROLLBACK_IN_PROGRESS");

  const back = await rollbackIn(f);

  assert.equal(back.outcome, "succeeded", back.reason);
  assert.match(back.reason, /ECS rolled deployment .* back/);
  assert.equal(f.countOf("updateService"), updates, "no second rollback by UpdateService");
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
  assert.equal((await currentService(f)).deployments.length, 1);
});

Deno.test("another deployment in the middle of a linear production shift supersedes ours", async () => {
  const f = await aWorldWithStrategy({
    strategy: "LINEAR",
    bakeTimeInMinutes: 5,
    linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
  });
  const theirs = await registerRevision(f, "repo/api:theirs");
  // The first look at the shift: its four steps take 6 minutes, so it is far from over.
  const seen = onStage(f, "PRODUCTION_TRAFFIC_SHIFT", async () => {
    await startDeployment(f, theirs);
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod", timeoutMs: 60 * MINUTE }));

  assert.ok(seen(), "the shift was never observed");
  assert.equal(result.outcome, "superseded", result.reason);
  assert.equal(result.exitCode, 1);
  assert.equal((await currentService(f)).taskDefinition, theirs);
});

Deno.test("--wait-until BAKE_TIME returns succeeded at the bake, long before ECS finishes", async () => {
  const f = await aWorldWithStrategy({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 60 });
  const startedAt = f.clock.now();

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 180 * MINUTE, waitUntilStage: "BAKE_TIME" }),
  );

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.exitCode, 0);
  assert.match(result.reason, /reached BAKE_TIME and goes on in ECS \(still in progress\)/);
  assert.ok(f.clock.now() - startedAt < 5 * MINUTE, "it waited for the bake");
  const [sd] = await f.ecs.describeServiceDeployments([result.serviceDeploymentArn!]);
  assert.equal(sd?.status, "IN_PROGRESS");
  assert.equal(sd?.lifecycleStage, "BAKE_TIME");
});
