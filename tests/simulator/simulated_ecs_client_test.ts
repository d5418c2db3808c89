import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { fastTimings, SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { SimulatedEcsClient } from "../../src/simulator/simulated_ecs_client.ts";
import { FakeClock } from "../support/fake_clock.ts";

async function aClientWithService() {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock, timings: fastTimings, seed: 3 });
  const ecs = new SimulatedEcsClient(sim);
  await sim.call("CreateCluster", { clusterName: "prod" });
  const registered = await ecs.registerTaskDefinition({
    family: "api",
    containerDefinitions: [{ name: "web", image: "nginx:1.25", memory: 128 }],
    tags: [{ key: "team", value: "core" }],
  });
  await sim.call("CreateService", {
    cluster: "prod",
    serviceName: "api",
    taskDefinition: registered.taskDefinition.taskDefinitionArn,
    desiredCount: 2,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  await clock.sleep(1_000);
  return { clock, sim, ecs, td1: registered.taskDefinition.taskDefinitionArn };
}

Deno.test("SimulatedEcsClient.describeService() maps the service and reports MISSING as undefined", async () => {
  const { ecs, td1 } = await aClientWithService();
  const service = await ecs.describeService("prod", "api");
  assert.ok(service);
  assert.equal(service.serviceName, "api");
  assert.equal(service.taskDefinition, td1);
  assert.equal(service.runningCount, 2);
  assert.equal(service.deployments[0]!.rolloutState, "COMPLETED");
  assert.ok(service.deployments[0]!.createdAt instanceof Date);
  assert.ok(service.events[0]!.createdAt instanceof Date);
  assert.equal(await ecs.describeService("prod", "nope"), undefined);
});

Deno.test("SimulatedEcsClient registers, describes with tags, lists and deregisters revisions", async () => {
  const { ecs, td1 } = await aClientWithService();
  const second = await ecs.registerTaskDefinition({
    family: "api",
    containerDefinitions: [{ name: "web", image: "nginx:1.26", memory: 128 }],
  });
  assert.equal(second.taskDefinition.revision, 2);
  const latest = await ecs.describeTaskDefinition("api");
  assert.equal(latest.taskDefinition.revision, 2);
  const first = await ecs.describeTaskDefinition(td1);
  assert.deepEqual(first.tags, [{ key: "team", value: "core" }]);
  assert.deepEqual(await ecs.listTaskDefinitions("api", "ACTIVE"), [
    td1,
    second.taskDefinition.taskDefinitionArn,
  ]);
  await ecs.deregisterTaskDefinition(td1);
  assert.deepEqual(await ecs.listTaskDefinitions("api", "INACTIVE"), [td1]);
});

Deno.test("SimulatedEcsClient follows a deployment through service deployments and tasks", async () => {
  const { clock, sim, ecs } = await aClientWithService();
  const since = new Date(clock.now());
  const next = await ecs.registerTaskDefinition({
    family: "api",
    containerDefinitions: [{ name: "web", image: "nginx:1.26", memory: 128 }],
  });
  const arn = next.taskDefinition.taskDefinitionArn;
  const updated = await ecs.updateService({ cluster: "prod", service: "api", taskDefinition: arn });
  const ours = updated.deployments[0]!;
  assert.equal(ours.taskDefinition, arn);
  const briefs = await ecs.listServiceDeployments("prod", "api", since);
  assert.equal(briefs.length, 1);
  assert.equal(briefs[0]!.serviceDeploymentArn, sim.serviceDeploymentArnOf(ours.id));
  assert.equal(updated.currentServiceDeployment, briefs[0]!.serviceDeploymentArn);
  assert.equal((await ecs.listServiceDeployments("prod", "api")).length, 2);
  await clock.sleep(1_000);
  const [sd] = await ecs.describeServiceDeployments([briefs[0]!.serviceDeploymentArn]);
  assert.equal(sd!.status, "SUCCESSFUL");
  assert.equal(sd!.targetServiceRevision?.runningTaskCount, 2);
  const running = await ecs.listTasks("prod", "api", "RUNNING");
  const tasks = await ecs.describeTasks("prod", running);
  assert.equal(tasks.length, 2);
  assert.ok(tasks.every((t) => t.taskDefinitionArn === arn && t.startedBy === ours.id));
  const stopped = await ecs.listTasks("prod", "api", "STOPPED");
  assert.equal(stopped.length, 2);
});

Deno.test("SimulatedEcsClient.stopServiceDeployment() rolls back to the previous revision", async () => {
  const { clock, ecs, td1 } = await aClientWithService();
  const next = await ecs.registerTaskDefinition({
    family: "api",
    containerDefinitions: [{ name: "web", image: "nginx:slow", memory: 128 }],
  });
  const updated = await ecs.updateService({
    cluster: "prod",
    service: "api",
    taskDefinition: next.taskDefinition.taskDefinitionArn,
  });
  const sdArn = updated.currentServiceDeployment as string;
  await ecs.stopServiceDeployment(sdArn, "ROLLBACK");
  await clock.sleep(1_000);
  const [sd] = await ecs.describeServiceDeployments([sdArn]);
  assert.equal(sd!.status, "ROLLBACK_SUCCESSFUL");
  const service = await ecs.describeService("prod", "api");
  assert.equal(service!.taskDefinition, td1);
  assert.equal(service!.deployments.length, 1);
});

Deno.test("SimulatedEcsClient surfaces ECS errors as EcsApiError with ECS's type", async () => {
  const { ecs } = await aClientWithService();
  await assert.rejects(
    () => ecs.updateService({ cluster: "nope", service: "api", desiredCount: 1 }),
    (e: unknown) => e instanceof EcsApiError && e.type === "ClusterNotFoundException",
  );
  await assert.rejects(
    () => ecs.describeTaskDefinition("missing:1"),
    (e: unknown) =>
      e instanceof EcsApiError && e.type === "ClientException" &&
      e.message === "Unable to describe task definition.",
  );
});
