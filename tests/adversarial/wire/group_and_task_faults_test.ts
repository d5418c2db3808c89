/**
 * Faults on the wire during a group deploy and a one-off task, through the real AWS SDK with the
 * fault proxy in front of the emulator: an UpdateService answer lost for one member of a group,
 * throttling past the SDK's retries, RunTask applied then its answer lost (the retry must start
 * no second task), DescribeTasks throttled, dropped or stale. Each fault is survivable, so the
 * verdict must be the true one: every member succeeded and runs the revision reported, and the
 * task ran once and succeeded.
 */
import assert from "node:assert/strict";
import { systemClock } from "../../../src/clock.ts";
import { runTask } from "../../../src/deploy/commands/run_task.ts";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import type { GroupEvent } from "../../../src/deploy/group/group_events.ts";
import { runGroup } from "../../../src/deploy/group/run_group.ts";
import { AwsEcsClient } from "../../../src/ecs/aws_ecs_client.ts";
import { seedDemo } from "../../../src/emulator/seed_demo.ts";
import type { FaultRule } from "../../support/fault_proxy.ts";
import {
  type E2eWorld,
  inWorld,
  REPO,
  runScenariosConcurrently,
  waitUntilSteady,
  type WireService,
} from "../../e2e/e2e_world.ts";

/** More throttled answers in a row than the SDK's own attempts (8) absorb. */
const PAST_SDK_RETRIES = 9;

const throttled = (operation: string, after = 0): FaultRule => ({
  operation,
  fault: { kind: "error", type: "ThrottlingException", status: 400, message: "Rate exceeded" },
  times: PAST_SDK_RETRIES,
  after,
});

function clientOf(world: E2eWorld): AwsEcsClient {
  return new AwsEcsClient({
    endpoint: world.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

async function describe(world: E2eWorld, service: string): Promise<WireService> {
  const { services } = await world.emulator.sim.call("DescribeServices", {
    cluster: world.cluster,
    services: [service],
  });
  return (services as WireService[])[0]!;
}

/** Two services of their own families ("worker" added), deployed as one group through `rules`. */
function groupThrough(cluster: string, rules: FaultRule[]) {
  return inWorld(cluster, {}, async (world) => {
    await seedDemo(world.emulator.sim, { cluster, service: "worker" });
    await waitUntilSteady(() => describe(world, "worker"));
    world.proxy.script(...rules);
    const ecs = clientOf(world);
    const events: GroupEvent[] = [];
    try {
      const result = await runGroup({
        deploy: {
          cluster,
          images: [`${REPO}:1.28`],
          containerImages: [],
          forceNewDeployment: false,
          timeoutMs: 120_000,
          wait: true,
          dryRun: false,
        },
        members: [{ service: world.service, cluster }, { service: "worker", cluster }],
      }, { ecs, clock: systemClock, emit: (event) => events.push(event) });
      assert.ok(world.proxy.requests.some((r) => r.fault), "the scripted fault never happened");
      assert.equal(result.outcome, "succeeded", `${result.reason}\n${JSON.stringify(events)}`);
      for (const member of result.services) {
        const service = await describe(world, member.service);
        assert.equal(service.taskDefinition, member.taskDefinitionArn, member.member);
        assert.equal(service.deployments.length, 1, `${member.member}: one deployment`);
      }
      assert.equal(world.operations().filter((o) => o === "RegisterTaskDefinition").length, 2);
      assert.ok(!world.operations().includes("DeregisterTaskDefinition"));
    } finally {
      ecs.destroy();
    }
  });
}

/** `run` of the world's revision 1 with a command that exits 0 after 1 s, through `rules`. */
function taskThrough(cluster: string, rules: FaultRule[]) {
  return inWorld(cluster, {}, async (world) => {
    world.proxy.script(...rules);
    const ecs = clientOf(world);
    const events: DeployEvent[] = [];
    try {
      const result = await runTask({
        cluster,
        taskDefinition: `${world.service}:1`,
        command: ["migrate"],
        environment: [],
        networkFromService: world.service,
        timeoutMs: 60_000,
        keepRunning: false,
        followLogs: false,
      }, { ecs, clock: systemClock, emit: (event) => events.push(event) });
      assert.ok(world.proxy.requests.some((r) => r.fault), "the scripted fault never happened");
      assert.equal(result.outcome, "succeeded", `${result.reason}\n${JSON.stringify(events)}`);
      assert.equal(result.task?.exitCode, 0);
      const { taskArns } = await world.emulator.sim.call("ListTasks", {
        cluster,
        startedBy: "ecs-deploy",
        desiredStatus: "STOPPED",
      });
      assert.deepEqual(taskArns, [result.task?.taskArn], "one task started, the one reported");
    } finally {
      ecs.destroy();
    }
  });
}

const groupScenarios: Record<string, FaultRule[]> = {
  "UpdateService of one member applied, then its answer lost": [
    { operation: "UpdateService", fault: { kind: "lose_answer" } },
  ],
  "UpdateService of the second member applied, then the connection dropped": [
    { operation: "UpdateService", fault: { kind: "drop_after" }, after: 1 },
  ],
  "UpdateService throttled past the SDK's retries": [throttled("UpdateService")],
  "RegisterTaskDefinition of one family applied, then its answer lost": [
    { operation: "RegisterTaskDefinition", fault: { kind: "lose_answer" } },
  ],
  "DescribeServices throttled past the SDK's retries while watching": [
    throttled("DescribeServices", 3),
  ],
};

const taskScenarios: Record<string, FaultRule[]> = {
  "RunTask applied, then its answer lost": [
    { operation: "RunTask", fault: { kind: "lose_answer" } },
  ],
  "RunTask applied, then the connection dropped": [
    { operation: "RunTask", fault: { kind: "drop_after" } },
  ],
  "RunTask throttled past the SDK's retries": [throttled("RunTask")],
  "DescribeTasks throttled past the SDK's retries": [throttled("DescribeTasks")],
  "DescribeTasks dropped": [{ operation: "DescribeTasks", fault: { kind: "drop_before" } }],
  "DescribeTasks answering stale": [
    { operation: "DescribeTasks", fault: { kind: "stale" }, after: 1, times: 2 },
  ],
};

Deno.test("faults on the wire during a group deploy never lead to a false verdict", async (t) => {
  await runScenariosConcurrently(
    t,
    Object.fromEntries(
      Object.entries(groupScenarios).map((
        [name, rules],
        i,
      ) => [name, () => groupThrough(`gfaults${i}`, rules)]),
    ),
  );
});

Deno.test("faults on the wire during a one-off task never lead to a false verdict or a second task", async (t) => {
  await runScenariosConcurrently(
    t,
    Object.fromEntries(
      Object.entries(taskScenarios).map((
        [name, rules],
        i,
      ) => [name, () => taskThrough(`tfaults${i}`, rules)]),
    ),
  );
});
