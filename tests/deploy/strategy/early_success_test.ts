import assert from "node:assert/strict";
import type { TrackedDeployment } from "../../../src/deploy/watch/judge_deployment.ts";
import { strategyOf } from "../../../src/deploy/strategy/strategy_of.ts";
import { watchDeployment } from "../../../src/deploy/watch/watch_deployment.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import type { ServiceDeployment } from "../../../src/ecs/types.ts";
import { aDeployment, aService } from "../../support/builders.ts";
import { FakeClock } from "../../support/fake_clock.ts";

const old = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
const next = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2";
const sdArn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/es1";
const tracked: TrackedDeployment = {
  deploymentId: "ecs-svc/2",
  taskDefinitionArn: next,
  previousTaskDefinitionArn: old,
  serviceDeploymentArn: sdArn,
};
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
  let reads = 0;
  const status = (): ServiceDeployment["status"] => ++reads < 3 ? "IN_PROGRESS" : "SUCCESSFUL";
  const ecs = {
    describeService: () => Promise.resolve(draining),
    describeServiceDeployments: () =>
      Promise.resolve([{
        serviceDeploymentArn: sdArn,
        serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
        clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        createdAt: new Date(0),
        status: status(),
      }]),
  } as unknown as EcsClient;

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
  assert.equal(reads, 3);
});
