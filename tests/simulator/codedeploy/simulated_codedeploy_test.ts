import assert from "node:assert/strict";
import { aCodeDeployWorld, type CodeDeployWorld } from "../../support/codedeploy_world.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";

type Wire = Record<string, unknown>;

async function deploy(world: CodeDeployWorld, image: string, hooks?: Record<string, string>) {
  const td = await world.revision(image);
  const { deploymentId } = await world.codeDeploy.call("CreateDeployment", {
    applicationName: world.seeded.application,
    deploymentGroupName: world.seeded.deploymentGroup,
    revision: {
      revisionType: "AppSpecContent",
      appSpecContent: { content: world.appSpec(td, hooks) },
    },
  }) as { deploymentId: string };
  return { td, deploymentId };
}

async function info(world: CodeDeployWorld, deploymentId: string): Promise<Wire> {
  const out = await world.codeDeploy.call("GetDeployment", { deploymentId });
  return out.deploymentInfo as Wire;
}

async function service(world: CodeDeployWorld): Promise<Wire> {
  const out = await world.ecs.call("DescribeServices", {
    cluster: world.seeded.cluster,
    services: [world.seeded.service],
  }) as { services: Wire[] };
  return out.services[0]!;
}

async function target(world: CodeDeployWorld, deploymentId: string): Promise<Wire> {
  const out = await world.codeDeploy.call("GetDeploymentTarget", {
    deploymentId,
    targetId: `${world.seeded.cluster}:${world.seeded.service}`,
  }) as { deploymentTarget: { ecsTarget: Wire } };
  return out.deploymentTarget.ecsTarget;
}

Deno.test("CreateDeployment installs a green task set, shifts traffic and succeeds", async () => {
  const world = await aCodeDeployWorld();
  const { td, deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:1.28");
  assert.match(deploymentId, /^d-[A-Z0-9]{9}$/);
  assert.equal((await info(world, deploymentId)).status, "InProgress");
  world.clock.advance(1_000);
  const during = (await service(world)).taskSets as Wire[];
  assert.equal(during.length, 2);
  const green = during.find((s) => s.externalId === deploymentId)!;
  assert.equal(green.startedBy, "CODE_DEPLOY");
  assert.equal(green.status, "ACTIVE");
  assert.equal(green.taskDefinition, td);
  assert.equal(during.find((s) => s !== green)!.status, "PRIMARY");
  world.clock.advance(60_000);
  const done = await info(world, deploymentId);
  assert.equal(done.status, "Succeeded");
  const after = await service(world);
  assert.equal(after.taskDefinition, td);
  const sets = after.taskSets as Wire[];
  assert.deepEqual(sets.map((s) => [s.status, s.taskDefinition]), [["PRIMARY", td]]);
  const ecsTarget = await target(world, deploymentId);
  assert.ok(
    (ecsTarget.lifecycleEvents as Wire[]).every((e) => e.status === "Succeeded"),
  );
  const weights = (ecsTarget.taskSetsInfo as Wire[]).map((s) => [s.taskSetLabel, s.trafficWeight]);
  assert.deepEqual(weights, [["Blue", 0], ["Green", 100]]);
});

Deno.test("a failing image fails the Install event and rolls back automatically", async () => {
  const world = await aCodeDeployWorld();
  const { deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:fail-pull");
  world.clock.advance(60_000);
  const failed = await info(world, deploymentId);
  assert.equal(failed.status, "Failed");
  assert.equal((failed.errorInformation as Wire).code, "ECS_UPDATE_ERROR");
  const rollbackId = (failed.rollbackInfo as Wire).rollbackDeploymentId as string;
  const back = await info(world, rollbackId);
  assert.equal(back.status, "Succeeded");
  assert.equal(back.creator, "codeDeployRollback");
  const install = ((await target(world, deploymentId)).lifecycleEvents as Wire[])
    .find((e) => e.lifecycleEventName === "Install")!;
  assert.equal(install.status, "Failed");
  assert.match(String((install.diagnostics as Wire).message), /CannotPullContainerError/);
  assert.equal((await service(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("without auto-rollback a failing hook leaves the deployment Failed, no rollback", async () => {
  const world = await aCodeDeployWorld({ autoRollback: false });
  const { deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:1.28", {
    AfterAllowTestTraffic: "arn:aws:lambda:us-east-1:123456789012:function:smoke-fail",
  });
  world.clock.advance(60_000);
  const failed = await info(world, deploymentId);
  assert.equal(failed.status, "Failed");
  assert.equal((failed.errorInformation as Wire).code, "HOOK_EXECUTION_FAILURE");
  assert.equal(failed.rollbackInfo, undefined);
});

Deno.test("STOP_DEPLOYMENT waits Ready for ContinueDeployment, then shifts traffic", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 30, terminationWaitMinutes: 5 });
  const { deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:1.28");
  world.clock.advance(60_000);
  assert.equal((await info(world, deploymentId)).status, "Ready");
  await assert.rejects(
    world.codeDeploy.call("ContinueDeployment", {
      deploymentId,
      deploymentWaitType: "TERMINATION_WAIT",
    }),
    (e) => e instanceof EcsApiError && e.type === "InvalidDeploymentStatusException",
  );
  await world.codeDeploy.call("ContinueDeployment", { deploymentId });
  world.clock.advance(60_000);
  const waiting = await info(world, deploymentId);
  assert.equal(waiting.status, "InProgress");
  assert.equal(waiting.instanceTerminationWaitTimeStarted, true);
  world.clock.advance(5 * 60_000);
  assert.equal((await info(world, deploymentId)).status, "Succeeded");
});

Deno.test("StopDeployment with autoRollbackEnabled stops and rolls back; a second deployment is refused meanwhile", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 30 });
  const { deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:1.28");
  await assert.rejects(
    deploy(world, "public.ecr.aws/nginx/nginx:1.29"),
    (e) => e instanceof EcsApiError && e.type === "DeploymentLimitExceededException",
  );
  const stopped = await world.codeDeploy.call("StopDeployment", {
    deploymentId,
    autoRollbackEnabled: true,
  });
  assert.equal(stopped.status, "Pending");
  const d = await info(world, deploymentId);
  assert.equal(d.status, "Stopped");
  assert.ok((d.rollbackInfo as Wire).rollbackDeploymentId);
  await assert.rejects(
    world.codeDeploy.call("StopDeployment", { deploymentId }),
    (e) => e instanceof EcsApiError && e.type === "DeploymentAlreadyCompletedException",
  );
});

Deno.test("a linear config shifts production traffic in steps", async () => {
  const world = await aCodeDeployWorld({
    deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  });
  const { deploymentId } = await deploy(world, "public.ecr.aws/nginx/nginx:1.28");
  world.clock.advance(20_000);
  const green = () =>
    target(world, deploymentId).then((t) =>
      (t.taskSetsInfo as Wire[]).find((s) => s.taskSetLabel === "Green")!.trafficWeight
    );
  assert.equal(await green(), 10);
  world.clock.advance(60_000);
  assert.equal(await green(), 20);
  world.clock.advance(9 * 60_000);
  assert.equal((await info(world, deploymentId)).status, "Succeeded");
});

Deno.test("the errors CodeDeploy gives for missing things", async () => {
  const world = await aCodeDeployWorld();
  const type = (p: Promise<unknown>, expected: string) =>
    assert.rejects(p, (e) => e instanceof EcsApiError && e.type === expected);
  await type(
    world.codeDeploy.call("GetApplication", { applicationName: "nope" }),
    "ApplicationDoesNotExistException",
  );
  await type(
    world.codeDeploy.call("CreateDeployment", {
      applicationName: world.seeded.application,
      deploymentGroupName: "nope",
    }),
    "DeploymentGroupDoesNotExistException",
  );
  await type(
    world.codeDeploy.call("GetDeployment", { deploymentId: "d-AAAAAAAAA" }),
    "DeploymentDoesNotExistException",
  );
  await type(
    world.codeDeploy.call("GetDeployment", { deploymentId: "x" }),
    "InvalidDeploymentIdException",
  );
  await type(
    world.codeDeploy.call("GetDeploymentConfig", { deploymentConfigName: "Nope" }),
    "DeploymentConfigDoesNotExistException",
  );
  await type(
    world.ecs.call("UpdateService", {
      cluster: world.seeded.cluster,
      service: world.seeded.service,
      taskDefinition: world.seeded.taskDefinitionArn,
    }),
    "InvalidParameterException",
  );
});
