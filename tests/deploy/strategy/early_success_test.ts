import assert from "node:assert/strict";
import { strategyOf } from "../../../src/deploy/strategy/strategy_of.ts";
import { watchDeployment } from "../../../src/deploy/watch/watch_deployment.ts";
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

const old = REVISION_1;
const next = REVISION_2;
const tracked = aTrackedDeployment();
const earlySuccess = {
  strategy: "ROLLING" as const,
  earlySuccessCriteria: {
    enable: true,
    healthyPercent: 50,
    sourceServiceRevisionCleanup: "DEFERRED" as const,
  },
};
/** Ours runs all its tasks; the old revision is still draining, as DEFERRED clean-up leaves it. */
const draining = aService({
  deploymentConfiguration: earlySuccess,
  deployments: [
    aDeployment({ id: "ecs-svc/2", taskDefinition: next, rolloutState: "IN_PROGRESS" }),
    aDeployment({
      id: "ecs-svc/1",
      status: "ACTIVE",
      taskDefinition: old,
      desiredCount: 0,
      runningCount: 2,
    }),
  ],
});

Deno.test("strategyOf() picks early success for a rolling service with earlySuccessCriteria on", () => {
  const strategy = strategyOf(draining);
  assert.equal(strategy.name, "ROLLING");
  assert.equal(strategy.readsServiceDeployment, true);
  assert.equal(strategyOf(aService()).readsServiceDeployment, false);
});

Deno.test("watchDeployment() with early success ends when ECS says SUCCESSFUL, though the old revision drains", async () => {
  const clock = new FakeClock();
  const { ecs, reads } = scriptedEcs(
    () => draining,
    (n) => aServiceDeployment({ status: n < 3 ? "IN_PROGRESS" : "SUCCESSFUL" }),
  );

  const outcome = await watchDeployment({
    ecs,
    clock,
    emit: () => {},
    cluster: "prod",
    service: "api",
    tracked,
    deadline: clock.now() + 600_000,
    strategy: strategyOf(draining),
  });

  assert.equal(outcome.outcome, "succeeded", outcome.reason);
  assert.equal(reads(), 3);
});
