/**
 * Deploys with the native strategies on the simulated ECS (fake clock): ECS walks blue/green,
 * linear and canary deployments through their lifecycle stages, and only the ServiceDeployment's
 * status ends a deploy.
 */
import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { runContinue } from "../../../src/deploy/commands/run_continue.ts";
import { runRollback } from "../../../src/deploy/commands/run_rollback.ts";
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

const stagesOf = (events: DeployEvent[]) => [
  ...new Set(
    events.flatMap((e) =>
      e.type === "progress" && e.stage?.lifecycleStage ? [e.stage.lifecycleStage] : []
    ),
  ),
];

Deno.test("a blue/green deploy succeeds only after its 60-minute bake, and shows the stages", async () => {
  const f = await aWorldWithStrategy({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 60 });
  const startedAt = f.clock.now();

  const { result, events } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 180 * MINUTE }),
  );

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(f.clock.now() - startedAt >= 60 * MINUTE, "it ended before the bake was over");
  // Fast timings: the stages before the bake pass within the first poll.
  assert.ok(stagesOf(events).includes("BAKE_TIME"), stagesOf(events).join());
  assert.equal((await currentService(f)).taskDefinition, result.taskDefinitionArn);
  assert.equal(f.countOf("stopServiceDeployment"), 0);
});

Deno.test("a linear deploy shifts production traffic in steps and succeeds after its bake", async () => {
  const f = await aWorldWithStrategy({
    strategy: "LINEAR",
    bakeTimeInMinutes: 5,
    linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
  });

  const { result, events } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 180 * MINUTE }),
  );

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(stagesOf(events).includes("PRODUCTION_TRAFFIC_SHIFT"));
});

Deno.test("--on-pause exit ends paused (exit 5) at a PAUSE hook; continue then finishes the deploy", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT")],
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod", onPause: "exit" }));

  assert.equal(result.outcome, "paused", result.reason);
  assert.equal(result.exitCode, 5);
  const hookId = /hook (\S+) awaits approval/.exec(result.reason)?.[1];
  assert.ok(hookId, result.reason);

  const continued = await runContinueIn(f, { hookId });
  assert.equal(continued.outcome, "succeeded", continued.reason);
  assert.equal((await currentService(f)).taskDefinition, result.taskDefinitionArn);
});

Deno.test("continue --reject rolls a paused blue/green deployment back: rolled_back", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT")],
  });
  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod", onPause: "exit" }));
  assert.equal(result.outcome, "paused", result.reason);

  const rejected = await runContinueIn(f, { reject: true });

  assert.equal(rejected.outcome, "rolled_back", rejected.reason);
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
});

Deno.test("a pause nobody answers with --rollback: ECS rolls back (StopServiceDeployment), no second UpdateService", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT")],
  });

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 20 * MINUTE, rollback: true }),
  );

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.rollback?.outcome, "succeeded", result.rollback?.reason);
  assert.match(result.rollback?.reason ?? "", /StopServiceDeployment ROLLBACK/);
  assert.equal(f.countOf("stopServiceDeployment"), 1);
  assert.equal(f.countOf("updateService"), 1, "only our own UpdateService");
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
});

function runContinueIn(f: SimulatedWorld, options: { hookId?: string; reject?: boolean }) {
  return runContinue(
    {
      cluster: "prod",
      service: "api",
      timeoutMs: 60 * MINUTE,
      reject: options.reject ?? false,
      ...(options.hookId ? { hookId: options.hookId } : {}),
    },
    { ecs: f.ecs, clock: f.clock, emit: () => {} },
  );
}

const lambda = (name: string, stage: string) => ({
  targetType: "AWS_LAMBDA",
  hookTargetArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  roleArn: "arn:aws:iam::123456789012:role/ecsLambdaInvoke",
  lifecycleStages: [stage],
});

Deno.test("a failing lifecycle hook: ECS rolls the blue/green deployment back, rolled_back", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [lambda("smoke-test-fail", "POST_SCALE_UP")],
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod", timeoutMs: 60 * MINUTE }));

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
});

Deno.test("a PAUSE hook that times out with ROLLBACK: rolled_back, and the wait was never a stall", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [{
      ...pauseAt("POST_TEST_TRAFFIC_SHIFT"),
      timeoutConfiguration: { timeoutInMinutes: 30, action: "ROLLBACK" },
    }],
  });

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 120 * MINUTE, stallTimeoutMs: 5 * MINUTE }),
  );

  assert.equal(result.outcome, "rolled_back", result.reason);
});

Deno.test("another deployment during the bake supersedes ours", async () => {
  const f = await aWorldWithStrategy({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 30 });
  const theirs = await registerRevision(f, "repo/api:theirs");
  let replaced = false;
  f.hooks.push(async (method, _count, _args, proceed) => {
    if (method !== "describeServiceDeployments" || replaced) return undefined;
    const [sd] = await proceed() as { lifecycleStage?: string }[];
    if (sd?.lifecycleStage === "BAKE_TIME") {
      replaced = true;
      await startDeployment(f, theirs);
    }
    return [sd];
  });

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 120 * MINUTE }),
  );

  assert.ok(replaced, "the bake was never observed");
  assert.equal(result.outcome, "superseded", result.reason);
});

Deno.test("the rollback command on a blue/green deployment in flight stops it with ROLLBACK, no UpdateService", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 5,
    lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT")],
  });
  const { result: paused } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", onPause: "exit" }),
  );
  assert.equal(paused.outcome, "paused", paused.reason);
  const updates = f.countOf("updateService");

  const dry = await runRollback(
    { cluster: "prod", service: "api", timeoutMs: 60 * MINUTE, wait: true, dryRun: true },
    { ecs: f.ecs, clock: f.clock, emit: () => {} },
  );
  assert.match(dry.reason, /would stop deployment .* with StopServiceDeployment ROLLBACK/);
  assert.equal(f.countOf("stopServiceDeployment"), 0);

  const back = await runRollback(
    { cluster: "prod", service: "api", timeoutMs: 60 * MINUTE, wait: true, dryRun: false },
    { ecs: f.ecs, clock: f.clock, emit: () => {} },
  );

  assert.equal(back.outcome, "succeeded", back.reason);
  assert.match(back.reason, /StopServiceDeployment ROLLBACK/);
  assert.equal(f.countOf("stopServiceDeployment"), 1);
  assert.equal(f.countOf("updateService"), updates, "no UpdateService for the rollback");
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
});

Deno.test("a deployment alarm during the bake: ECS rolls the blue/green deployment back, rolled_back", async () => {
  const f = await aWorldWithStrategy({
    strategy: "BLUE_GREEN",
    bakeTimeInMinutes: 30,
    alarms: { alarmNames: ["api-5xx"], enable: true, rollback: true },
  });
  let tripped = false;
  f.hooks.push(async (method, _count, _args, proceed) => {
    if (method !== "describeServiceDeployments") return undefined;
    const answer = await proceed() as { lifecycleStage?: string }[];
    if (!tripped && answer[0]?.lifecycleStage === "BAKE_TIME") {
      tripped = true;
      f.sim.setAlarmState("api-5xx", "ALARM");
    }
    return answer;
  });

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", timeoutMs: 120 * MINUTE }),
  );

  assert.ok(tripped, "the bake was never observed");
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
});

Deno.test("early success (DEFERRED): succeeded when ECS says SUCCESSFUL, while the old revision drains", async () => {
  const f = await aWorldWithStrategy({
    minimumHealthyPercent: 50,
    earlySuccessCriteria: {
      enable: true,
      healthyPercent: 50,
      sourceServiceRevisionCleanup: "DEFERRED",
    },
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(
    f.countOf("describeServiceDeployments") > 0,
    "early success is judged by the ServiceDeployment",
  );
});
