// deno-lint-ignore-file no-console
/**
 * The AWS CLI (botocore, a client we did not write) drives a BLUE_GREEN service with a PAUSE
 * hook on the emulator: create it with the strategy, deploy, watch every lifecycle stage with
 * `describe-service-deployments`, continue the pause with `continue-service-deployment`, and
 * read the revisions with `describe-service-revisions`; and a CANARY service behind a load
 * balancer through its stages and its production traffic steps, ending with the target groups
 * swapped in `describe-services`. A fake clock holds each stage still while the CLI looks; the
 * test moves it on to the next stage in-process.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../src/emulator/serve_emulator.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { awsCliMissing, awsCliTest, awsEcs } from "./aws_cli.ts";

const missing = awsCliMissing;
if (missing) console.error(`Skipping the AWS CLI strategy tests: ${missing}`);

type Json = Record<string, unknown>;

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** The service deployment `arn` as the simulated ECS has it, read in-process. */
async function sdOf(emulator: RunningEmulator, arn: string): Promise<Json> {
  const out = await emulator.sim.call("DescribeServiceDeployments", {
    serviceDeploymentArns: [arn],
  });
  return (out.serviceDeployments as Json[])[0]!;
}

/** `aws ecs register-task-definition` of one container in `family`; the revision's ARN. */
async function registerWithCli(
  emulator: RunningEmulator,
  family: string,
  container: Json,
): Promise<string> {
  const out = await awsEcs(
    emulator,
    "register-task-definition",
    `--family=${family}`,
    `--container-definitions=${json([container])}`,
  );
  return (out.taskDefinition as Json).taskDefinitionArn as string;
}

/**
 * `aws ecs update-service` of `service` in the cluster "cli" to `taskDefinition`, which deploys
 * with `strategy`; the new service deployment's ARN.
 */
async function updateWithCli(
  emulator: RunningEmulator,
  service: string,
  taskDefinition: string,
  strategy: string,
): Promise<string> {
  const updated = await awsEcs(
    emulator,
    "update-service",
    "--cluster=cli",
    `--service=${service}`,
    `--task-definition=${taskDefinition}`,
  );
  const described = updated.service as Json;
  assert.equal((described.deploymentConfiguration as Json).strategy, strategy);
  return described.currentServiceDeployment as string;
}

/** `aws ecs describe-service-deployments` of `arn`. */
async function describeWithCli(emulator: RunningEmulator, arn: string): Promise<Json> {
  const out = await awsEcs(
    emulator,
    "describe-service-deployments",
    `--service-deployment-arns=${arn}`,
  );
  return (out.serviceDeployments as Json[])[0]!;
}

const blueGreenClock = new FakeClock();
awsCliTest("the AWS CLI creates a BLUE_GREEN service and watches a deployment through its stages", {
  clock: blueGreenClock,
  timings: fastTimings,
}, async (emulator) => {
  await awsEcs(emulator, "create-cluster", "--cluster-name", "cli");
  const register = (image: string) =>
    registerWithCli(emulator, "web", { name: "web", image, memory: 128 });
  const blue = await register("registry.example.com/web:1.0.0");
  await awsEcs(
    emulator,
    "create-service",
    "--cluster=cli",
    "--service-name=web",
    `--task-definition=${blue}`,
    "--desired-count=2",
    `--deployment-configuration=${
      json({
        strategy: "BLUE_GREEN",
        bakeTimeInMinutes: 2,
        lifecycleHooks: [{
          targetType: "PAUSE",
          lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
          timeoutConfiguration: { timeoutInMinutes: 30, action: "ROLLBACK" },
        }],
      })
    }`,
  );
  blueGreenClock.advance(60_000);
  const green = await register("registry.example.com/web:2.0.0");
  const arn = await updateWithCli(emulator, "web", green, "BLUE_GREEN");

  const stages: string[] = [];
  let continued = false;
  for (let round = 0; round < 30; round++) {
    const sd = await describeWithCli(emulator, arn);
    stages.push(`${sd.status} ${sd.lifecycleStage}`);
    if (sd.status !== "IN_PROGRESS") break;
    const hook = ((sd.lifecycleHookDetails ?? []) as Json[]).find((h) =>
      h.status === "AWAITING_ACTION"
    );
    if (hook) {
      assert.equal(hook.targetType, "PAUSE");
      await awsEcs(
        emulator,
        "continue-service-deployment",
        `--service-deployment-arn=${arn}`,
        `--hook-id=${hook.hookId}`,
        "--action=CONTINUE",
      );
      continued = true;
    }
    // On to the next stage (or status), in-process.
    for (let i = 0; i < 200_000; i++) {
      const now = await sdOf(emulator, arn);
      if (now.status !== sd.status || now.lifecycleStage !== sd.lifecycleStage) break;
      blueGreenClock.advance(sd.lifecycleStage === "BAKE_TIME" ? 1_000 : 2);
    }
  }
  assert.ok(continued, "the pause hook was continued");
  assert.deepEqual(stages, [
    "IN_PROGRESS PRE_SCALE_UP",
    "IN_PROGRESS SCALE_UP",
    "IN_PROGRESS POST_SCALE_UP",
    "IN_PROGRESS TEST_TRAFFIC_SHIFT",
    "IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
    "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT",
    "IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT",
    "IN_PROGRESS BAKE_TIME",
    "IN_PROGRESS CLEAN_UP",
    "SUCCESSFUL CLEAN_UP",
  ]);
  const final = await sdOf(emulator, arn);
  const revisions = await awsEcs(
    emulator,
    "describe-service-revisions",
    `--service-revision-arns=${(final.targetServiceRevision as Json).arn}`,
  );
  assert.equal(((revisions.serviceRevisions as Json[])[0]!).taskDefinition, green);
});

const ELB = "arn:aws:elasticloadbalancing:us-east-1:123456789012";
const PRODUCTION_GROUP = `${ELB}:targetgroup/web-a/0123456789abcdef`;
const ALTERNATE_GROUP = `${ELB}:targetgroup/web-b/fedcba9876543210`;

const canaryClock = new FakeClock();
awsCliTest(
  "the AWS CLI drives a CANARY service behind a load balancer through its stages and traffic steps",
  { clock: canaryClock, timings: fastTimings },
  async (emulator) => {
    const weightOf = (sd: Json) =>
      (sd.targetServiceRevision as Json | undefined)?.requestedProductionTrafficWeight;
    await awsEcs(emulator, "create-cluster", "--cluster-name", "cli");
    const register = (image: string) =>
      registerWithCli(emulator, "shop", {
        name: "web",
        image,
        memory: 128,
        portMappings: [{ containerPort: 80 }],
      });
    const blue = await register("registry.example.com/shop:1.0.0");
    await awsEcs(
      emulator,
      "create-service",
      "--cluster=cli",
      "--service-name=shop",
      `--task-definition=${blue}`,
      "--desired-count=2",
      `--load-balancers=${
        json([{
          targetGroupArn: PRODUCTION_GROUP,
          containerName: "web",
          containerPort: 80,
          advancedConfiguration: {
            alternateTargetGroupArn: ALTERNATE_GROUP,
            productionListenerRule: `${ELB}:listener-rule/app/shop/1a2b3c4d/5e6f7a8b/9c0d1e2f`,
            testListenerRule: `${ELB}:listener-rule/app/shop/1a2b3c4d/5e6f7a8b/0a1b2c3d`,
            roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers",
          },
        }])
      }`,
      `--deployment-configuration=${
        json({
          strategy: "CANARY",
          bakeTimeInMinutes: 2,
          canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 3 },
        })
      }`,
    );
    canaryClock.advance(60_000);
    const green = await register("registry.example.com/shop:2.0.0");
    const arn = await updateWithCli(emulator, "shop", green, "CANARY");

    const seen: string[] = [];
    for (let round = 0; round < 30; round++) {
      const sd = await describeWithCli(emulator, arn);
      seen.push(`${sd.status} ${sd.lifecycleStage} ${weightOf(sd)}%`);
      if (sd.status !== "IN_PROGRESS") {
        break;
      }
      // On to the next stage, status or traffic step, in-process: through the canary's
      // 3-minute step and the 2-minute bake in one jump to 50 ms before their end.
      if (sd.lifecycleStage === "BAKE_TIME") canaryClock.advance(2 * 60_000 - 50);
      if (weightOf(sd) === 20) canaryClock.advance(3 * 60_000 - 50);
      for (let i = 0; i < 200_000; i++) {
        const now = await sdOf(emulator, arn);
        if (
          now.status !== sd.status || now.lifecycleStage !== sd.lifecycleStage ||
          weightOf(now) !== weightOf(sd)
        ) break;
        canaryClock.advance(2);
      }
    }
    assert.deepEqual(seen, [
      "IN_PROGRESS PRE_SCALE_UP 0%",
      "IN_PROGRESS SCALE_UP 0%",
      "IN_PROGRESS POST_SCALE_UP 0%",
      "IN_PROGRESS TEST_TRAFFIC_SHIFT 0%",
      "IN_PROGRESS POST_TEST_TRAFFIC_SHIFT 0%",
      // PRE_PRODUCTION_TRAFFIC_SHIFT is a hook point, shown as PRODUCTION_TRAFFIC_SHIFT at 0 %.
      "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 0%",
      "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 20%",
      "IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 100%",
      "IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT 100%",
      "IN_PROGRESS BAKE_TIME 100%",
      "IN_PROGRESS CLEAN_UP 100%",
      "SUCCESSFUL CLEAN_UP 100%",
    ]);
    const described = await awsEcs(
      emulator,
      "describe-services",
      "--cluster=cli",
      "--services=shop",
    );
    const [lb] = (described.services as Json[])[0]!.loadBalancers as Json[];
    // Green took production traffic in the alternate group, which is now the production one.
    assert.equal(lb!.targetGroupArn, ALTERNATE_GROUP);
    assert.equal((lb!.advancedConfiguration as Json).alternateTargetGroupArn, PRODUCTION_GROUP);
  },
);
