/**
 * Deploys of CODE_DEPLOY services on the simulated ECS and CodeDeploy (fake clock): the revision
 * goes to CodeDeploy's CreateDeployment, and CodeDeploy's GetDeployment alone ends the deploy.
 */
import assert from "node:assert/strict";
import { runDeploy } from "../../../../src/deploy/commands/run_deploy.ts";
import { runContinue } from "../../../../src/deploy/commands/run_continue.ts";
import { runRollback } from "../../../../src/deploy/commands/run_rollback.ts";
import { runWait } from "../../../../src/deploy/commands/run_wait.ts";
import type { DeployEvent } from "../../../../src/deploy/deploy_events.ts";
import type { DeployRequest } from "../../../../src/deploy/deploy_request.ts";
import { exitCodeFor } from "../../../../src/deploy/outcome.ts";
import { aCodeDeployWorld, type CodeDeployWorld } from "../../../support/codedeploy_world.ts";

const REPO = "public.ecr.aws/nginx/nginx";
const MINUTE = 60_000;

function aRequest(overrides: Partial<DeployRequest> = {}): DeployRequest {
  return {
    cluster: "demo",
    service: "api",
    images: [`${REPO}:1.28`],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: 30 * MINUTE,
    wait: true,
    dryRun: false,
    ...overrides,
  };
}

async function deployIn(world: CodeDeployWorld, request: DeployRequest) {
  const events: DeployEvent[] = [];
  const result = await runDeploy(request, {
    ecs: world.ports.ecs,
    codeDeploy: world.ports.codeDeploy,
    clock: world.clock,
    emit: (event) => events.push(event),
  });
  return { result, events };
}

async function serviceOf(world: CodeDeployWorld) {
  const out = await world.ecs.call("DescribeServices", { cluster: "demo", services: ["api"] });
  return (out.services as Record<string, unknown>[])[0]!;
}

Deno.test("a CODE_DEPLOY service deploys through CodeDeploy and succeeds when CodeDeploy says Succeeded", async () => {
  const world = await aCodeDeployWorld();
  const { result, events } = await deployIn(world, aRequest());
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.deploymentId!, /^d-[A-Z0-9]{9}$/);
  assert.match(result.reason, /CodeDeploy deployment d-\w+ succeeded/);
  assert.equal((await serviceOf(world)).taskDefinition, result.taskDefinitionArn);
  assert.ok(!world.calls.includes("ecs.updateService"), "UpdateService was called");
  assert.equal(world.calls.filter((c) => c === "codeDeploy.createDeployment").length, 1);
  const started = events.find((e) => e.type === "service_updated");
  assert.ok(started?.type === "service_updated" && started.via?.includes('"api-group"'));
  const shown = events.flatMap((e) =>
    e.type === "progress" && e.stage?.lifecycleEvent ? [e.stage.lifecycleEvent] : []
  );
  assert.ok(shown.includes("Install"), `events shown: ${shown}`);
});

Deno.test("a linear CodeDeploy config shows production traffic moving to green step by step", async () => {
  const world = await aCodeDeployWorld({
    deploymentConfigName: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  });
  const { result, events } = await deployIn(world, aRequest());
  assert.equal(result.outcome, "succeeded", result.reason);
  const traffic = [
    ...new Set(
      events.flatMap((e) =>
        e.type === "progress" && e.stage?.productionTrafficPercent !== undefined
          ? [e.stage.productionTrafficPercent]
          : []
      ),
    ),
  ];
  assert.deepEqual(traffic.filter((w) => w > 0).slice(0, 3), [10, 20, 30]);
});

Deno.test("the AppSpec names the new revision, the service's container and port, and the hooks", async () => {
  const world = await aCodeDeployWorld();
  let content = "";
  const create = world.ports.codeDeploy.createDeployment.bind(world.ports.codeDeploy);
  world.ports.codeDeploy.createDeployment = (input) => {
    content = input.appSpecContent;
    return create(input);
  };
  const { result } = await deployIn(
    world,
    aRequest({
      codeDeploy: { hooks: [{ event: "AfterAllowTestTraffic", function: "smoke-test" }] },
    }),
  );
  assert.equal(result.outcome, "succeeded", result.reason);
  const spec = JSON.parse(content);
  const properties = spec.Resources[0].TargetService.Properties;
  assert.equal(spec.Resources[0].TargetService.Type, "AWS::ECS::Service");
  assert.equal(properties.TaskDefinition, result.taskDefinitionArn);
  assert.deepEqual(properties.LoadBalancerInfo, { ContainerName: "web", ContainerPort: 80 });
  assert.deepEqual(properties.NetworkConfiguration.AwsvpcConfiguration.Subnets, [
    "subnet-0a1b2c3d4e5f60001",
    "subnet-0a1b2c3d4e5f60002",
  ]);
  assert.deepEqual(spec.Hooks, [{ AfterAllowTestTraffic: "smoke-test" }]);
});

Deno.test("a failing image: CodeDeploy rolls back automatically, the deploy is rolled_back with CodeDeploy's reason", async () => {
  const world = await aCodeDeployWorld();
  const { result } = await deployIn(world, aRequest({ images: [`${REPO}:fail-pull`] }));
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(exitCodeFor("rolled_back"), 1);
  assert.match(result.reason, /ECS_UPDATE_ERROR/);
  assert.match(result.reason, /Install failed: .*CannotPullContainerError/);
  assert.match(result.reason, /back on .*api:1/);
  assert.equal((await serviceOf(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("without auto-rollback a failed CodeDeploy deployment is failed", async () => {
  const world = await aCodeDeployWorld({ autoRollback: false });
  const { result } = await deployIn(world, aRequest({ images: [`${REPO}:crash`] }));
  assert.equal(result.outcome, "failed", result.reason);
  assert.match(result.reason, /CodeDeploy deployment d-\w+ failed: .*exited/);
});

Deno.test("Ready (waiting for ContinueDeployment) ends the deploy paused with --on-pause exit", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  const { result } = await deployIn(world, aRequest({ onPause: "exit" }));
  assert.equal(result.outcome, "paused", result.reason);
  assert.equal(exitCodeFor("paused"), 5);
  assert.match(result.reason, /is Ready.*ecs-deploy continue -c demo -n api/);
  const info = await world.codeDeploy.call("GetDeployment", { deploymentId: result.deploymentId });
  assert.equal((info.deploymentInfo as { status: string }).status, "Ready");
});

Deno.test("the termination wait is shown as a bake, and the deploy ends when it does", async () => {
  const world = await aCodeDeployWorld({ terminationWaitMinutes: 10 });
  const startedAt = world.clock.now();
  const { result, events } = await deployIn(world, aRequest());
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(world.clock.now() - startedAt >= 10 * MINUTE, "it ended before the bake was over");
  assert.ok(
    events.some((e) => e.type === "progress" && e.stage?.bakeEndsAt !== undefined),
    "no bake shown",
  );
  // Polls wake up for the bake's end instead of every second for ten minutes.
  const gets = world.calls.filter((c) => c === "codeDeploy.getDeployment").length;
  assert.ok(gets < 300, `${gets} GetDeployment calls`);
});

Deno.test("--wait-until a CodeDeploy lifecycle event ends the deploy there", async () => {
  const world = await aCodeDeployWorld({
    deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent15Minutes",
  });
  const { result } = await deployIn(world, aRequest({ waitUntilStage: "AllowTraffic" }));
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.reason, /reached AllowTraffic .*still in progress/);
  const info = await world.codeDeploy.call("GetDeployment", { deploymentId: result.deploymentId });
  assert.equal((info.deploymentInfo as { status: string }).status, "InProgress");
});

Deno.test("--rollback after the deadline stops the CodeDeploy deployment with auto-rollback", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  const { result } = await deployIn(world, aRequest({ timeoutMs: 5 * MINUTE, rollback: true }));
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.ok(world.calls.includes("codeDeploy.stopDeployment"));
  const info = await world.codeDeploy.call("GetDeployment", { deploymentId: result.deploymentId });
  assert.equal((info.deploymentInfo as { status: string }).status, "Stopped");
  assert.equal((await serviceOf(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("a service no deployment group deploys: invalid (exit 2), nothing registered", async () => {
  const world = await aCodeDeployWorld({ cluster: "demo" });
  const families = () => world.ecs.call("ListTaskDefinitions", { familyPrefix: "api" });
  const before = (await families()).taskDefinitionArns;
  const { result } = await deployIn(
    world,
    aRequest({
      codeDeploy: { application: "api-app", deploymentGroup: "other-group" },
    }),
  );
  assert.equal(result.outcome, "invalid", result.reason);
  assert.equal(exitCodeFor("invalid"), 2);
  assert.match(result.reason, /no deployment group "other-group" of application "api-app"/);
  assert.deepEqual((await families()).taskDefinitionArns, before);
  assert.ok(!world.calls.includes("ecs.registerTaskDefinition"));
});

Deno.test("the group is found from the service among every application", async () => {
  const world = await aCodeDeployWorld();
  await world.codeDeploy.call("CreateApplication", {
    applicationName: "aaa",
    computePlatform: "ECS",
  });
  const { result } = await deployIn(world, aRequest({ dryRun: true }));
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(world.calls.includes("codeDeploy.listApplications"));
  assert.ok(!world.calls.includes("codeDeploy.createDeployment"));
});

Deno.test("continue approves a Ready CodeDeploy deployment (ContinueDeployment) and waits for its success", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  const paused = await deployIn(world, aRequest({ onPause: "exit" }));
  assert.equal(paused.result.outcome, "paused", paused.result.reason);
  const events: DeployEvent[] = [];
  const result = await runContinue(
    { cluster: "demo", service: "api", timeoutMs: 30 * MINUTE, reject: false },
    {
      ecs: world.ports.ecs,
      codeDeploy: world.ports.codeDeploy,
      clock: world.clock,
      emit: (e) => events.push(e),
    },
  );
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.ok(world.calls.includes("codeDeploy.continueDeployment"));
  const answered = events.find((e) => e.type === "hook_answered");
  assert.ok(answered?.type === "hook_answered" && answered.hookId === "READY_WAIT");
  assert.equal((await serviceOf(world)).taskDefinition, paused.result.taskDefinitionArn);
});

Deno.test("continue --reject stops the Ready deployment; CodeDeploy rolls it back", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  const paused = await deployIn(world, aRequest({ onPause: "exit" }));
  const result = await runContinue(
    { cluster: "demo", service: "api", timeoutMs: 30 * MINUTE, reject: true },
    {
      ecs: world.ports.ecs,
      codeDeploy: world.ports.codeDeploy,
      clock: world.clock,
      emit: () => {},
    },
  );
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.deploymentId, paused.result.deploymentId);
  assert.equal((await serviceOf(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("rollback while a CodeDeploy deployment is in flight stops it with auto-rollback", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  const paused = await deployIn(world, aRequest({ onPause: "exit" }));
  const result = await runRollback(
    { cluster: "demo", service: "api", timeoutMs: 10 * MINUTE, wait: true, dryRun: false },
    {
      ecs: world.ports.ecs,
      codeDeploy: world.ports.codeDeploy,
      clock: world.clock,
      emit: () => {},
    },
  );
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.reason, /rolled deployment d-\w+ back/);
  assert.ok(world.calls.includes("codeDeploy.stopDeployment"));
  const info = await world.codeDeploy.call("GetDeployment", {
    deploymentId: paused.result.deploymentId,
  });
  assert.equal((info.deploymentInfo as { status: string }).status, "Stopped");
});

Deno.test("wait follows the CodeDeploy deployment in flight to its end", async () => {
  const world = await aCodeDeployWorld();
  const started = await deployIn(world, aRequest({ wait: false }));
  assert.equal(started.result.outcome, "succeeded", started.result.reason);
  const result = await runWait(
    { cluster: "demo", service: "api", timeoutMs: 10 * MINUTE },
    {
      ecs: world.ports.ecs,
      codeDeploy: world.ports.codeDeploy,
      clock: world.clock,
      emit: () => {},
    },
  );
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.deploymentId, started.result.deploymentId);
  assert.match(result.reason, /CodeDeploy deployment d-\w+ succeeded/);
});

Deno.test("a second deploy while CodeDeploy still deploys is refused before anything is registered", async () => {
  const world = await aCodeDeployWorld({ readyWaitMinutes: 60 });
  await deployIn(world, aRequest({ wait: false }));
  world.clock.advance(MINUTE);
  world.calls.length = 0;
  const { result } = await deployIn(world, aRequest({ images: [`${REPO}:1.29`] }));
  assert.equal(result.outcome, "invalid", result.reason);
  assert.match(result.reason, /CodeDeploy deployment d-\w+ is still in progress/);
  assert.ok(!world.calls.includes("ecs.registerTaskDefinition"));
});
