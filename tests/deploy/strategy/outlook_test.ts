/** Where each strategy sees an outcome coming: the watch's schedule, never its verdict. */
import assert from "node:assert/strict";
import { stagesOutlook } from "../../../src/deploy/strategy/lifecycle_stages.ts";
import { rollingOutlook } from "../../../src/deploy/strategy/rolling.ts";
import type { ServiceDeployment } from "../../../src/ecs/types.ts";
import { aDeployment, aService } from "../../support/builders.ts";

const ours = (overrides = {}) =>
  aDeployment({ id: "ecs-svc/2", rolloutState: "IN_PROGRESS", ...overrides });
const old = (overrides = {}) =>
  aDeployment({ id: "ecs-svc/1", status: "ACTIVE", taskDefinition: "arn:td/api:1", ...overrides });

Deno.test("rollingOutlook() is near once ours runs all its tasks and the old ones drain", () => {
  const near = (deployments: ReturnType<typeof aDeployment>[]) =>
    rollingOutlook(aService({ deployments })).near;
  assert.equal(near([ours({ runningCount: 1, pendingCount: 1 }), old()]), false, "starting");
  assert.equal(near([ours(), old()]), false, "old ones still wanted");
  assert.equal(near([ours({ pendingCount: 1 }), old({ desiredCount: 0 })]), false, "pending");
  assert.equal(near([ours(), old({ desiredCount: 0, runningCount: 2 })]), true, "draining");
  assert.equal(near([ours(), old({ desiredCount: 0, runningCount: 0 })]), true, "drained");
  assert.equal(near([ours()]), true, "alone, not yet COMPLETED");
  assert.equal(near([ours({ rolloutState: "COMPLETED" })]), false, "steady: nothing to come");
  assert.equal(near([ours({ rolloutState: "FAILED" }), old({ desiredCount: 0 })]), false);
  // The old tasks take a moment to stop before ECS can call the rollout complete.
  const draining = rollingOutlook(aService({ deployments: [ours(), old({ desiredCount: 0 })] }));
  assert.deepEqual(draining, { near: true, nearFromMs: 1_000 });
});

const sd = (overrides: Partial<ServiceDeployment> = {}): ServiceDeployment => ({
  serviceDeploymentArn: "arn:sd",
  serviceArn: "arn:service",
  clusterArn: "arn:cluster",
  status: "IN_PROGRESS",
  createdAt: new Date(0),
  ...overrides,
});
const MINUTE = 60_000;

Deno.test("stagesOutlook() expects a bake to end its minutes after the last look before it", () => {
  const bake = sd({ lifecycleStage: "BAKE_TIME" });
  const clock = { stage: "BAKE_TIME" as const, enteredAfter: 1_000, seenAt: 1_800 };
  const bakes = { bakeMinutes: 5 };
  assert.deepEqual(stagesOutlook(bake, clock, 2_000, bakes), {
    near: false,
    dueInMs: 5 * MINUTE - 1_000,
    dueLabel: "bake",
  });
  // Near from then on, 800 ms longer than usual: the bake began somewhere in those 800 ms.
  const near = { near: true, nearExtraMs: 800 };
  assert.deepEqual(stagesOutlook(bake, clock, 1_000 + 5 * MINUTE, bakes), near);
  assert.deepEqual(stagesOutlook(bake, clock, 9 * MINUTE, bakes), near);
});

Deno.test("stagesOutlook() expects a step of a linear or canary shift to end after its bake", () => {
  const step = (weight: number) =>
    sd({
      lifecycleStage: "PRODUCTION_TRAFFIC_SHIFT",
      targetServiceRevision: {
        arn: "r",
        requestedTaskCount: 2,
        runningTaskCount: 2,
        pendingTaskCount: 0,
        requestedProductionTrafficWeight: weight,
      },
    });
  const clock = {
    stage: "PRODUCTION_TRAFFIC_SHIFT" as const,
    productionWeight: 20,
    enteredAfter: 0,
    seenAt: 500,
  };
  const bakes = { bakeMinutes: 5, stepBakeMinutes: 3 };
  assert.deepEqual(stagesOutlook(step(20), clock, MINUTE, bakes), {
    near: false,
    dueInMs: 2 * MINUTE,
    dueLabel: "traffic step",
  });
  assert.deepEqual(stagesOutlook(step(20), clock, 3 * MINUTE, bakes), { near: false });
  // Its hooks answered at the start of the step: the step's bake still runs.
  const answered = {
    ...step(20),
    lifecycleHookDetails: [{ hookId: "h", status: "SUCCEEDED" as const }],
  };
  assert.equal(stagesOutlook(answered, clock, MINUTE, bakes).near, false);
  assert.equal(stagesOutlook(answered, clock, 3 * MINUTE, bakes).near, true);
  assert.deepEqual(stagesOutlook(step(100), { ...clock, productionWeight: 100 }, 0, bakes), {
    near: false,
  });
  assert.deepEqual(stagesOutlook(step(20), clock, MINUTE, { bakeMinutes: 5 }), { near: false });
});

Deno.test("stagesOutlook() is near in the clean-up, a rollback, or once every hook answered", () => {
  const clock = { enteredAfter: 0, seenAt: 0 };
  const none = { bakeMinutes: 0 };
  assert.equal(stagesOutlook(sd({ lifecycleStage: "CLEAN_UP" }), clock, 0, none).near, true);
  assert.equal(stagesOutlook(sd({ status: "ROLLBACK_IN_PROGRESS" }), clock, 0, none).near, true);
  assert.equal(stagesOutlook(sd({ lifecycleStage: "SCALE_UP" }), clock, 0, none).near, false);
  const hooks = (status: "IN_PROGRESS" | "SUCCEEDED" | "AWAITING_ACTION") =>
    sd({ lifecycleStage: "POST_SCALE_UP", lifecycleHookDetails: [{ hookId: "h", status }] });
  assert.deepEqual(stagesOutlook(hooks("IN_PROGRESS"), clock, 0, none), { near: false });
  assert.deepEqual(stagesOutlook(hooks("AWAITING_ACTION"), clock, 0, none), {
    near: false,
    far: true,
  });
  assert.equal(stagesOutlook(hooks("SUCCEEDED"), clock, 0, none).near, true);
  assert.equal(stagesOutlook(sd({ status: "SUCCESSFUL" }), clock, 0, none).near, false);
  // Without a bake, SUCCESSFUL follows the stage after the production shift within moments.
  const after = sd({ lifecycleStage: "POST_PRODUCTION_TRAFFIC_SHIFT" });
  assert.equal(stagesOutlook(after, clock, 0, none).near, true);
  assert.equal(stagesOutlook(after, clock, 0, { bakeMinutes: 5 }).near, false);
});
