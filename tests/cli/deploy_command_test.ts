import assert from "node:assert/strict";
import { aSimulatedWorld, currentService, DEMO_IMAGE } from "../support/simulated_world.ts";
import { DEMO_TARGET, deployInCli as deploy, runCliForTest } from "../support/run_cli_for_test.ts";

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);

Deno.test("deploy -i replaces the image, waits and prints the new ARN on stdout", async () => {
  const { run, world } = await deploy(["-i", `${DEMO_IMAGE}:1.28`]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /^arn:aws:ecs:us-east-1:123456789012:task-definition\/api:2\n$/);
  assert.match(run.stderr, /container "web": .*nginx:1.27 -> .*nginx:1.28/);
  assert.match(run.stderr, /Deployed "api": 2 of 2 tasks running the new revision \(exit 0\)/);
  assert.equal((await currentService(world)).taskDefinition, run.stdout.trim());
});

Deno.test("deploy -l sets one container, in both the NAME=IMAGE and the seed's NAME|IMAGE form", async () => {
  for (const arg of ["log-router=fluent/fluent-bit:3", "log-router|fluent/fluent-bit:3"]) {
    const { run, world } = await deploy(["-l", arg]);
    assert.equal(run.exitCode, 0, run.stderr);
    const { taskDefinition } = await world.ecs.describeTaskDefinition(run.stdout.trim());
    const images = taskDefinition.containerDefinitions.map((c) => [c.name, c.image]);
    assert.deepEqual(images, [["web", `${DEMO_IMAGE}:1.27`], [
      "log-router",
      "fluent/fluent-bit:3",
    ]]);
  }
});

Deno.test("deploy --tag retags every container", async () => {
  const { run, world } = await deploy(["--tag", "v9"]);
  assert.equal(run.exitCode, 0, run.stderr);
  const { taskDefinition } = await world.ecs.describeTaskDefinition(run.stdout.trim());
  assert.deepEqual(taskDefinition.containerDefinitions.map((c) => c.image.split(":").pop()), [
    "v9",
    "v9",
  ]);
});

Deno.test("deploy -D 0, -m and -M change exactly those service settings", async () => {
  const { run, world } = await deploy([
    "--force-new-deployment",
    "-D",
    "0",
    "-m",
    "50",
    "-M",
    "150",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  const service = await currentService(world);
  assert.equal(service.desiredCount, 0);
  assert.equal(service.deploymentConfiguration?.minimumHealthyPercent, 50);
  assert.equal(service.deploymentConfiguration?.maximumPercent, 150);
  assert.deepEqual(service.deploymentConfiguration?.deploymentCircuitBreaker, {
    enable: true,
    rollback: true,
  });
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("deploy --output json writes NDJSON events and the result last", async () => {
  const { run } = await deploy(["-i", `${DEMO_IMAGE}:1.28`, "--output", "json"]);
  assert.equal(run.exitCode, 0, run.stderr);
  const lines = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(lines.slice(0, 3).map((line) => line.event), [
    "planned",
    "registered",
    "service_updated",
  ]);
  const result = lines.at(-1);
  for (
    const key of [
      "outcome",
      "exitCode",
      "cluster",
      "service",
      "taskDefinitionArn",
      "previousTaskDefinitionArn",
      "deploymentId",
    ]
  ) {
    assert.ok(key in result, `result lacks ${key}`);
  }
  assert.equal(result.outcome, "succeeded");
  assert.match(run.stderr, /Deployed "api"/, "human progress still on stderr");
});

Deno.test("deploy --dry-run prints the plan and changes nothing", async () => {
  const { run, world } = await deploy(["-i", `${DEMO_IMAGE}:1.28`, "--dry-run"]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /containerDefinitions\[0\]\.image: ".*nginx:1.27" -> ".*nginx:1.28"/);
  assert.match(run.stderr, /UpdateService request:/);
  assert.equal(world.countOf("registerTaskDefinition") + world.countOf("updateService"), 0);
});

Deno.test("deploy --no-wait returns after UpdateService", async () => {
  const { run, world } = await deploy([
    "-i",
    `${DEMO_IMAGE}:1.28`,
    "--no-wait",
    "--output",
    "json",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(lastJson(run.stdout).reason, /started; not waiting/);
  assert.equal(world.countOf("describeService"), 1);
});

Deno.test("deploy -t ends with exit 3 while the rollout is still going", async () => {
  const { run } = await deploy(["-i", `${DEMO_IMAGE}:slow`, "-t", "5", "--output", "json"]);
  assert.equal(run.exitCode, 3, run.stderr);
  assert.equal(lastJson(run.stdout).outcome, "timed_out");
});

Deno.test("deploy -d FAMILY registers the next revision only and prints its ARN", async () => {
  const world = await aSimulatedWorld();
  const run = await runCliForTest(["-c", "demo", "-d", "api", "-i", `${DEMO_IMAGE}:1.28`], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /task-definition\/api:2\n$/);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("deploy passes the connection flags to the ECS client, secrets included", async () => {
  const world = await aSimulatedWorld();
  const run = await runCliForTest(
    [
      ...DEMO_TARGET,
      "--force-new-deployment",
      "-r",
      "eu-west-1",
      "-p",
      "ci",
      "-k",
      "AKIA1",
      "-s",
      "s3cr3t",
      "--endpoint-url",
      "http://127.0.0.1:1",
    ],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(run.exitCode, 0, run.stderr);
  assert.deepEqual(run.connections, [{
    verbose: false,
    region: "eu-west-1",
    profile: "ci",
    accessKeyId: "AKIA1",
    secretAccessKey: "s3cr3t",
    endpoint: "http://127.0.0.1:1",
  }]);
  assert.ok(!run.stderr.includes("s3cr3t") && !run.stdout.includes("s3cr3t"));
});
