/**
 * The real CodeDeploy SDK over HTTP against the emulator (on a fake clock): the wire shapes of
 * the simulated CodeDeploy read back through `AwsCodeDeployClient`, its errors as EcsApiError.
 */
import assert from "node:assert/strict";
import { AwsCodeDeployClient } from "../../src/codedeploy/aws_codedeploy_client.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { seedCodeDeploy } from "../../src/emulator/seed_codedeploy.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { CODEDEPLOY_TARGET_PREFIX } from "../../src/simulator/codedeploy/simulated_codedeploy.ts";
import { lazyCodeDeployClient } from "../../src/codedeploy/lazy_codedeploy_client.ts";
import { FakeClock } from "../support/fake_clock.ts";

const CREDENTIALS = {
  accessKeyId: "AKIDCODEDEPLOYTEST",
  secretAccessKey: "codedeploy-test-secret",
};

async function withEmulator(
  options: { readyWaitMinutes?: number; autoRollback?: boolean },
  fn: (
    client: AwsCodeDeployClient,
    clock: FakeClock,
    revision: (image: string) => Promise<string>,
  ) => Promise<void>,
) {
  const clock = new FakeClock();
  const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
  const backend =
    emulator.services.find((s) => s.targetPrefix === CODEDEPLOY_TARGET_PREFIX)!.backend;
  const seeded = await seedCodeDeploy(emulator.sim, backend, options);
  clock.advance(60_000);
  const client = new AwsCodeDeployClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: CREDENTIALS,
  });
  const revision = async (image: string) => {
    const out = await emulator.sim.call("RegisterTaskDefinition", {
      family: seeded.service,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "web", image, essential: true }],
    }) as { taskDefinition: { taskDefinitionArn: string } };
    return out.taskDefinition.taskDefinitionArn;
  };
  try {
    await fn(client, clock, revision);
  } finally {
    client.destroy();
    await emulator.shutdown();
  }
}

const appSpec = (taskDefinition: string) =>
  JSON.stringify({
    version: 0.0,
    Resources: [{
      TargetService: {
        Type: "AWS::ECS::Service",
        Properties: {
          TaskDefinition: taskDefinition,
          LoadBalancerInfo: { ContainerName: "web", ContainerPort: 80 },
        },
      },
    }],
  });

Deno.test("AwsCodeDeployClient finds the group, deploys and reads the deployment and its ECS target", async () => {
  await withEmulator({}, async (client, clock, revision) => {
    assert.deepEqual(await client.listApplications(), ["api-app"]);
    assert.deepEqual(await client.listDeploymentGroups("api-app"), ["api-group"]);
    const [group] = await client.batchGetDeploymentGroups("api-app", ["api-group"]);
    assert.deepEqual(group!.ecsServices, [{ clusterName: "demo", serviceName: "api" }]);
    assert.equal(group!.deploymentConfigName, "CodeDeployDefault.ECSAllAtOnce");
    const config = await client.getDeploymentConfig("CodeDeployDefault.ECSCanary10Percent5Minutes");
    assert.deepEqual(config.trafficRoutingConfig?.timeBasedCanary, {
      canaryPercentage: 10,
      canaryInterval: 5,
    });
    const td = await revision("public.ecr.aws/nginx/nginx:1.28");
    const id = await client.createDeployment({
      applicationName: "api-app",
      deploymentGroupName: "api-group",
      appSpecContent: appSpec(td),
    });
    const started = await client.getDeployment(id);
    assert.equal(started.status, "InProgress");
    assert.ok(started.createTime instanceof Date);
    clock.advance(60_000);
    const done = await client.getDeployment(id);
    assert.equal(done.status, "Succeeded");
    const target = await client.getDeploymentTarget(id, "demo:api");
    assert.equal(target?.lifecycleEvents.length, 8);
    assert.ok(target?.lifecycleEvents.every((e) => e.status === "Succeeded"));
    assert.ok(target?.lifecycleEvents[0]?.startTime instanceof Date);
    assert.deepEqual(
      target?.taskSetsInfo.map((s) => [s.taskSetLabel, s.trafficWeight]),
      [["Blue", 0], ["Green", 100]],
    );
  });
});

Deno.test("AwsCodeDeployClient: Ready, ContinueDeployment, and StopDeployment with auto-rollback", async () => {
  await withEmulator({ readyWaitMinutes: 30 }, async (client, clock, revision) => {
    const td = await revision("public.ecr.aws/nginx/nginx:1.28");
    const id = await client.createDeployment({
      applicationName: "api-app",
      deploymentGroupName: "api-group",
      appSpecContent: appSpec(td),
    });
    clock.advance(60_000);
    assert.equal((await client.getDeployment(id)).status, "Ready");
    const stopped = await client.stopDeployment(id, true);
    assert.equal(stopped.status, "Pending");
    const info = await client.getDeployment(id);
    assert.equal(info.status, "Stopped");
    assert.match(info.rollbackInfo?.rollbackDeploymentId ?? "", /^d-/);
    await assert.rejects(client.continueDeployment(id, "READY_WAIT"), (error) => {
      assert.ok(error instanceof EcsApiError);
      assert.equal(error.type, "DeploymentAlreadyCompletedException");
      return true;
    });
  });
});

Deno.test("AwsCodeDeployClient reports CodeDeploy's errors with their types", async () => {
  await withEmulator({}, async (client) => {
    await assert.rejects(client.listDeploymentGroups("nope"), {
      type: "ApplicationDoesNotExistException",
    });
    await assert.rejects(
      client.createDeployment({
        applicationName: "api-app",
        deploymentGroupName: "nope",
        appSpecContent: "{}",
      }),
      { type: "DeploymentGroupDoesNotExistException" },
    );
    await assert.rejects(client.getDeployment("d-AAAAAAAAA"), {
      type: "DeploymentDoesNotExistException",
    });
  });
});

Deno.test("lazyCodeDeployClient builds its client on the first call only", async () => {
  let built = 0;
  const lazy = lazyCodeDeployClient(() => {
    built++;
    return Promise.resolve({ listApplications: () => Promise.resolve(["a"]) } as never);
  });
  assert.equal(built, 0);
  assert.deepEqual(await lazy.withSignal(new AbortController().signal).listApplications(), ["a"]);
  assert.deepEqual(await lazy.listApplications(), ["a"]);
  assert.equal(built, 1);
});
