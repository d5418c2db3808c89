import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { judgeStages } from "../../../src/deploy/strategy/lifecycle_stages.ts";
import { strategyOf } from "../../../src/deploy/strategy/strategy_of.ts";
import { watchDeployment } from "../../../src/deploy/watch/watch_deployment.ts";
import { exitCodeFor } from "../../../src/deploy/outcome.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import type { Service } from "../../../src/ecs/types.ts";
import {
  aDeployment,
  aService,
  aServiceDeployment,
  aTrackedDeployment,
  REVISION_1,
  REVISION_2,
} from "../../support/builders.ts";
import { FakeClock } from "../../support/fake_clock.ts";
import { scriptedEcs } from "../../support/scripted_ecs.ts";

const blue = REVISION_1;
const green = REVISION_2;
const tracked = aTrackedDeployment();

/** Green PRIMARY and running, blue ACTIVE and running, as through a blue/green bake. */
const bothRunning = (): Service =>
  aService({
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 60 },
    deployments: [
      aDeployment({ id: "ecs-svc/2", taskDefinition: green, rolloutState: "IN_PROGRESS" }),
      aDeployment({ id: "ecs-svc/1", status: "ACTIVE", taskDefinition: blue }),
    ],
  });
/** Green alone, COMPLETED: what `deployments[]` shows once blue is scaled in. */
const greenAlone = (): Service =>
  aService({
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 60 },
    deployments: [
      aDeployment({ id: "ecs-svc/2", taskDefinition: green, rolloutState: "COMPLETED" }),
    ],
  });

function watch(ecs: EcsClient, clock: FakeClock, options: { stallTimeoutMs?: number } = {}) {
  const events: DeployEvent[] = [];
  const result = watchDeployment({
    ecs,
    clock,
    emit: (event) => events.push(event),
    cluster: "prod",
    service: "api",
    tracked,
    deadline: clock.now() + 4 * 3_600_000,
    strategy: strategyOf(bothRunning()),
    ...options,
  });
  return { result, events };
}

Deno.test("strategyOf() is chosen from deploymentConfiguration.strategy, ROLLING by default", () => {
  assert.equal(strategyOf(aService()).name, "ROLLING");
  for (const name of ["BLUE_GREEN", "LINEAR", "CANARY"] as const) {
    const strategy = strategyOf(aService({ deploymentConfiguration: { strategy: name } }));
    assert.equal(strategy.name, name);
    assert.equal(strategy.readsServiceDeployment, true);
  }
});

Deno.test("judgeStages() follows the ServiceDeployment's status to its end", () => {
  assert.deepEqual(judgeStages(aServiceDeployment({ lifecycleStage: "BAKE_TIME" }), blue), {
    done: false,
    phase: "deploying",
    stage: { lifecycleStage: "BAKE_TIME" },
  });
  const done = judgeStages(aServiceDeployment({ status: "SUCCESSFUL" }), blue);
  assert.equal(done.done && done.outcome, "succeeded");
  const back = judgeStages(
    aServiceDeployment({ status: "ROLLBACK_SUCCESSFUL", statusReason: "a hook failed" }),
    blue,
  );
  assert.ok(back.done && back.outcome === "rolled_back");
  assert.equal(back.reason, `a hook failed; the service is back on ${blue}`);
  const why = judgeStages(
    aServiceDeployment({
      status: "ROLLBACK_SUCCESSFUL",
      statusReason: "Service deployment rolled back successfully.",
      rollback: { reason: "CloudWatch Alarm" },
    }),
    blue,
  );
  assert.equal(
    why.done && why.reason,
    `Service deployment rolled back successfully (rollback by CloudWatch Alarm); ` +
      `the service is back on ${blue}`,
  );
  const failed = judgeStages(aServiceDeployment({ status: "ROLLBACK_FAILED" }), blue);
  assert.equal(failed.done && failed.outcome, "failed");
  const rollingBack = judgeStages(aServiceDeployment({ status: "ROLLBACK_IN_PROGRESS" }), blue);
  assert.equal(!rollingBack.done && rollingBack.phase, "rolling_back");
});

Deno.test("judgeStages() reports a PAUSE hook awaiting action as paused, with its id, and the traffic split", () => {
  const verdict = judgeStages(
    aServiceDeployment({
      lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
      targetServiceRevision: {
        arn: "rev/2",
        requestedTaskCount: 2,
        runningTaskCount: 2,
        pendingTaskCount: 0,
        requestedProductionTrafficWeight: 0,
      },
      lifecycleHookDetails: [{ hookId: "hook-1", targetType: "PAUSE", status: "AWAITING_ACTION" }],
    }),
    blue,
  );
  assert.deepEqual(verdict, {
    done: false,
    phase: "paused",
    stage: {
      lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
      productionTrafficPercent: 0,
      awaitingHookId: "hook-1",
    },
  });
});

Deno.test("watchDeployment() of a blue/green deployment never succeeds before ECS says SUCCESSFUL", async () => {
  const clock = new FakeClock();
  // deployments[] looks finished from the first look; the ServiceDeployment bakes 60 minutes.
  const bakeEndsAt = clock.now() + 3_600_000;
  const { ecs } = scriptedEcs(
    () => greenAlone(),
    () =>
      clock.now() < bakeEndsAt
        ? aServiceDeployment({ lifecycleStage: "BAKE_TIME" })
        : aServiceDeployment({
          status: "SUCCESSFUL",
          statusReason: "Service deployment completed",
        }),
  );

  const { result, events } = watch(ecs, clock);
  const outcome = await result;

  assert.equal(outcome.outcome, "succeeded", outcome.reason);
  assert.ok(clock.now() >= bakeEndsAt, "ended before the bake was over");
  assert.ok(
    events.some((e) => e.type === "progress" && e.stage?.lifecycleStage === "BAKE_TIME"),
    "progress shows the stage",
  );
});

Deno.test("watchDeployment() reads a 20-minute PAUSE hook as paused, never as a stall", async () => {
  const clock = new FakeClock();
  const continuedAt = clock.now() + 20 * 60_000;
  const { ecs } = scriptedEcs(
    () => bothRunning(),
    () =>
      clock.now() < continuedAt
        ? aServiceDeployment({
          lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
          lifecycleHookDetails: [{ hookId: "h", targetType: "PAUSE", status: "AWAITING_ACTION" }],
        })
        : aServiceDeployment({ status: "SUCCESSFUL" }),
  );

  const { result, events } = watch(ecs, clock, { stallTimeoutMs: 5 * 60_000 });
  const outcome = await result;

  assert.equal(outcome.outcome, "succeeded", outcome.reason);
  assert.ok(events.some((e) => e.type === "progress" && e.phase === "paused"));
});

Deno.test("watchDeployment() reports rolled_back when ECS rolls a blue/green deployment back", async () => {
  const clock = new FakeClock();
  const { ecs } = scriptedEcs(
    () => bothRunning(),
    (n) =>
      n < 3 ? aServiceDeployment({ lifecycleStage: "BAKE_TIME" }) : aServiceDeployment({
        status: "ROLLBACK_SUCCESSFUL",
        statusReason: "Service deployment rolled back because of a failed lifecycle hook.",
      }),
  );

  const outcome = await watch(ecs, clock).result;

  assert.equal(outcome.outcome, "rolled_back");
  assert.match(outcome.reason, /failed lifecycle hook.*back on .*api:1$/);
});

const pausedAt = (stage: "POST_TEST_TRAFFIC_SHIFT") =>
  aServiceDeployment({
    lifecycleStage: stage,
    lifecycleHookDetails: [{ hookId: "approve-1", targetType: "PAUSE", status: "AWAITING_ACTION" }],
  });

Deno.test("watchDeployment() with --on-pause exit ends paused, naming the hook and how to go on", async () => {
  const clock = new FakeClock();
  const { ecs } = scriptedEcs(
    () => bothRunning(),
    (n) =>
      n < 3
        ? aServiceDeployment({ lifecycleStage: "SCALE_UP" })
        : pausedAt("POST_TEST_TRAFFIC_SHIFT"),
  );
  const events: DeployEvent[] = [];

  const outcome = await watchDeployment({
    ecs,
    clock,
    emit: (event) => events.push(event),
    cluster: "prod",
    service: "api",
    tracked,
    deadline: clock.now() + 600_000,
    strategy: strategyOf(bothRunning()),
    goal: { exitOnPause: true },
  });

  assert.equal(outcome.outcome, "paused");
  assert.match(outcome.reason, /paused at POST_TEST_TRAFFIC_SHIFT: hook approve-1 awaits approval/);
  assert.match(outcome.reason, /ecs-deploy continue -c prod -n api --hook-id approve-1;/);
  assert.match(outcome.reason, /--hook-id approve-1 --reject$/);
  assert.equal(exitCodeFor("paused"), 5);
});

Deno.test("watchDeployment() with --wait-until returns succeeded at that stage, saying it goes on", async () => {
  const clock = new FakeClock();
  const stages = [
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
  ] as const;
  const { ecs, reads } = scriptedEcs(
    () => bothRunning(),
    (n) => aServiceDeployment({ lifecycleStage: stages[Math.min(n - 1, stages.length - 1)]! }),
  );

  const outcome = await watchDeployment({
    ecs,
    clock,
    emit: () => {},
    cluster: "prod",
    service: "api",
    tracked,
    deadline: clock.now() + 600_000,
    strategy: strategyOf(bothRunning()),
    goal: { untilStage: "TEST_TRAFFIC_SHIFT" },
  });

  assert.equal(outcome.outcome, "succeeded");
  assert.equal(reads(), 3, "it ends at the first look that reached the stage");
  assert.match(
    outcome.reason,
    /reached TEST_TRAFFIC_SHIFT and goes on in ECS \(still in progress\)/,
  );
});
