import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { runContinue } from "../../../src/deploy/commands/run_continue.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import type { ServiceDeployment } from "../../../src/ecs/types.ts";
import { aDeployment, aService } from "../../support/builders.ts";
import { FakeClock } from "../../support/fake_clock.ts";

const blue = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
const green = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2";
const sdArn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/bg1";

/**
 * A blue/green service paused at a PAUSE hook: ContinueServiceDeployment with CONTINUE lets it
 * finish SUCCESSFUL a few looks later, with ROLLBACK it ends ROLLBACK_SUCCESSFUL.
 */
function pausedService(options: { hooks?: string[] } = {}) {
  const answers: [string, string][] = [];
  let looksSinceAnswer = 0;
  const deployment = (): ServiceDeployment => {
    const base = {
      serviceDeploymentArn: sdArn,
      serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
      clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
      createdAt: new Date(0),
    };
    const answer = answers[0];
    if (!answer) {
      return {
        ...base,
        status: "IN_PROGRESS",
        lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
        lifecycleHookDetails: (options.hooks ?? ["approve-1"]).map((hookId) => ({
          hookId,
          targetType: "PAUSE" as const,
          status: "AWAITING_ACTION" as const,
        })),
      };
    }
    if (looksSinceAnswer++ < 2) {
      return { ...base, status: "IN_PROGRESS", lifecycleStage: "BAKE_TIME" };
    }
    return answer[1] === "CONTINUE"
      ? { ...base, status: "SUCCESSFUL", statusReason: "Service deployment completed" }
      : { ...base, status: "ROLLBACK_SUCCESSFUL", statusReason: "Rolled back on request" };
  };
  const service = aService({
    currentServiceDeployment: sdArn,
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 5 },
    deployments: [
      aDeployment({ id: "ecs-svc/2", taskDefinition: green, rolloutState: "IN_PROGRESS" }),
      aDeployment({ id: "ecs-svc/1", status: "ACTIVE", taskDefinition: blue }),
    ],
  });
  const ecs = {
    describeService: () => Promise.resolve(service),
    describeServiceDeployments: () => Promise.resolve([deployment()]),
    listServiceDeployments: () => Promise.resolve([deployment()]),
    continueServiceDeployment: (_arn: string, hookId: string, action: string) => {
      answers.push([hookId, action]);
      return Promise.resolve();
    },
  } as unknown as EcsClient;
  return { ecs, answers };
}

async function run(ecs: EcsClient, request: { hookId?: string; reject?: boolean } = {}) {
  const events: DeployEvent[] = [];
  const result = await runContinue(
    { cluster: "prod", service: "api", timeoutMs: 600_000, reject: false, ...request },
    { ecs, clock: new FakeClock(), emit: (event) => events.push(event) },
  );
  return { result, events };
}

Deno.test("runContinue() approves the hook awaiting action, then reports the deployment's end", async () => {
  const { ecs, answers } = pausedService();

  const { result, events } = await run(ecs);

  assert.deepEqual(answers, [["approve-1", "CONTINUE"]]);
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.exitCode, 0);
  assert.ok(events.some((e) => e.type === "hook_answered" && e.hookId === "approve-1"));
});

Deno.test("runContinue() --reject rolls back: rolled_back, exit 1", async () => {
  const { ecs, answers } = pausedService();

  const { result } = await run(ecs, { reject: true });

  assert.deepEqual(answers, [["approve-1", "ROLLBACK"]]);
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
});

Deno.test("runContinue() answers nothing when the named hook is not awaiting, or several are", async () => {
  const one = pausedService();
  const named = await run(one.ecs, { hookId: "other" });
  assert.equal(named.result.outcome, "invalid");
  assert.match(named.result.reason, /hook "other" is not awaiting action .*; awaiting: approve-1/);
  assert.deepEqual(one.answers, []);

  const two = pausedService({ hooks: ["a", "b"] });
  const several = await run(two.ecs);
  assert.equal(several.result.exitCode, 2);
  assert.match(several.result.reason, /several hooks await action \(a, b\); give --hook-id/);
  assert.deepEqual(two.answers, []);
});
