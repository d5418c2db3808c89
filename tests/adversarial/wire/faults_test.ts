/**
 * Faults per operation, on the wire: a deploy through the real AWS SDK, with the fault proxy
 * between it and the emulator answering one operation wrongly (its answer lost after ECS
 * applied it, the connection dropped before or after, a garbled body, throttling past the SDK's
 * own retries, a stale answer, a denied deployment API). Whatever the fault, the deploy must
 * end with the truth: here every single fault is survivable, so it succeeds, the service runs
 * the revision it reports, exactly one revision was registered and none was deregistered.
 */
import assert from "node:assert/strict";
import { systemClock } from "../../../src/clock.ts";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { runDeploy } from "../../../src/deploy/commands/run_deploy.ts";
import { AwsEcsClient } from "../../../src/ecs/aws_ecs_client.ts";
import type { FaultRule } from "../../support/fault_proxy.ts";
import { aDeployRequest } from "../../support/simulated_world.ts";
import { inWorld, REPO, runScenariosConcurrently } from "../../e2e/e2e_world.ts";

/** More throttled answers in a row than the SDK's own attempts (8) absorb. */
const PAST_SDK_RETRIES = 9;

const throttled = (operation: string): FaultRule => ({
  operation,
  fault: { kind: "error", type: "ThrottlingException", status: 400, message: "Rate exceeded" },
  times: PAST_SDK_RETRIES,
});
const denied = (operation: string): FaultRule => ({
  operation,
  fault: { kind: "error", type: "AccessDeniedException", status: 400, message: "not authorized" },
  times: Infinity,
});

const scenarios: Record<string, FaultRule[]> = {
  "DescribeServices dropped before it reached ECS": [
    { operation: "DescribeServices", fault: { kind: "drop_before" } },
  ],
  "DescribeServices garbled": [{ operation: "DescribeServices", fault: { kind: "garble" } }],
  "DescribeServices throttled past the SDK's retries": [throttled("DescribeServices")],
  "DescribeServices answering stale right after UpdateService": [
    { operation: "DescribeServices", fault: { kind: "stale" }, after: 1, times: 2 },
  ],
  "DescribeTaskDefinition throttled past the SDK's retries": [throttled("DescribeTaskDefinition")],
  "DescribeTaskDefinition dropped": [
    { operation: "DescribeTaskDefinition", fault: { kind: "drop_before" } },
  ],
  "RegisterTaskDefinition applied, then its answer lost": [
    { operation: "RegisterTaskDefinition", fault: { kind: "lose_answer" } },
  ],
  "RegisterTaskDefinition applied, then the connection dropped": [
    { operation: "RegisterTaskDefinition", fault: { kind: "drop_after" } },
  ],
  "RegisterTaskDefinition applied, then garbled": [
    { operation: "RegisterTaskDefinition", fault: { kind: "garble" } },
  ],
  "RegisterTaskDefinition dropped before it reached ECS": [
    { operation: "RegisterTaskDefinition", fault: { kind: "drop_before" } },
  ],
  "RegisterTaskDefinition throttled past the SDK's retries": [throttled("RegisterTaskDefinition")],
  "UpdateService applied, then its answer lost": [
    { operation: "UpdateService", fault: { kind: "lose_answer" } },
  ],
  "UpdateService applied, then the connection dropped": [
    { operation: "UpdateService", fault: { kind: "drop_after" } },
  ],
  "UpdateService applied, then garbled": [
    { operation: "UpdateService", fault: { kind: "garble" } },
  ],
  "UpdateService dropped before it reached ECS": [
    { operation: "UpdateService", fault: { kind: "drop_before" } },
  ],
  "UpdateService throttled past the SDK's retries": [throttled("UpdateService")],
  "the deployment APIs denied, and a stale answer after UpdateService": [
    denied("ListServiceDeployments"),
    denied("DescribeServiceDeployments"),
    { operation: "DescribeServices", fault: { kind: "stale" }, after: 1, times: 2 },
  ],
};

/** Deploys `REPO:1.28` through the proxy scripted with `rules` and checks the truth. */
function deployThrough(cluster: string, rules: FaultRule[]) {
  return inWorld(cluster, {}, async (world) => {
    world.proxy.script(...rules);
    const ecs = new AwsEcsClient({
      endpoint: world.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const events: DeployEvent[] = [];
    try {
      const result = await runDeploy(
        aDeployRequest({ cluster, service: world.service, images: [`${REPO}:1.28`] }),
        { ecs, clock: systemClock, emit: (event) => events.push(event) },
      );
      const faulted = world.proxy.requests.filter((r) => r.fault).length;
      assert.ok(faulted > 0, "the scripted fault never happened");
      assert.equal(result.outcome, "succeeded", `${result.reason}\n${JSON.stringify(events)}`);
      const service = await world.describeService();
      assert.equal(service.taskDefinition, result.taskDefinitionArn);
      const { taskDefinitionArns } = await world.emulator.sim.call("ListTaskDefinitions", {
        familyPrefix: world.service,
        status: "ACTIVE",
      });
      assert.deepEqual(
        (taskDefinitionArns as string[]).map((arn) => arn.split(":").pop()),
        ["1", "2"],
        "exactly one revision registered, none deregistered",
      );
      assert.ok(!world.operations().includes("DeregisterTaskDefinition"));
    } finally {
      ecs.destroy();
    }
  });
}

Deno.test("faults per operation: one fault on the wire never leads to a false verdict", async (t) => {
  await runScenariosConcurrently(
    t,
    Object.fromEntries(
      Object.entries(scenarios).map(([name, rules], i) => [
        name,
        () => deployThrough(`faults${i}`, rules),
      ]),
    ),
  );
});
