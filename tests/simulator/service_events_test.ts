import assert from "node:assert/strict";
import {
  aContainer,
  aSimulator,
  deployments,
  describeService,
  eventMessages,
  primary,
  registerImage,
  type SimFixture,
  tasksOf,
  until,
  type Wire,
} from "./sim_fixtures.ts";

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc";

async function aService(f: SimFixture, input: Wire): Promise<void> {
  await f.call("CreateCluster", { clusterName: "prod" });
  await f.call("CreateService", {
    cluster: "prod",
    serviceName: "api",
    desiredCount: 2,
    ...input,
  });
}

Deno.test("a service behind a load balancer registers and drains targets with ECS's wording", async () => {
  const f = aSimulator();
  const td1 = await registerImage(f, "nginx:1.25");
  await aService(f, {
    taskDefinition: td1,
    loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: "web", containerPort: 80 }],
  });
  await until(f, async () => (await primary(f)).rolloutState === "COMPLETED");
  const td2 = await registerImage(f, "nginx:1.26");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  await until(f, async () => (await tasksOf(f)).every((t) => t.taskDefinitionArn === td2));
  const draining = await tasksOf(f, "STOPPED");
  assert.ok(draining.some((t) => t.lastStatus === "DEACTIVATING"));
  await until(f, async () => (await deployments(f)).length === 1);
  const messages = await eventMessages(f);
  assert.ok(
    messages.includes(`(service api) registered 2 targets in (target-group ${TARGET_GROUP})`),
  );
  assert.ok(messages.includes("(service api) has begun draining connections on 2 tasks."));
  assert.ok(
    messages.includes(`(service api) deregistered 2 targets in (target-group ${TARGET_GROUP})`),
  );
});

Deno.test("a failing first deployment has nothing to roll back to and stays FAILED", async () => {
  const f = aSimulator();
  const td = await registerImage(f, "nginx:fail-pull");
  await aService(f, {
    taskDefinition: td,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  await until(f, async () => (await primary(f)).rolloutState === "FAILED");
  const [only] = await deployments(f);
  assert.equal(only!.taskDefinition, td);
  assert.deepEqual(f.finished.map((e) => e.outcome), ["FAILED"]);
  assert.ok(!(await eventMessages(f)).some((m) => m.includes("rolling back")));
});

Deno.test("propagateTags copies service or task definition tags onto tasks", async () => {
  for (
    const [propagateTags, expected] of [
      ["SERVICE", [{ key: "owner", value: "svc" }]],
      ["TASK_DEFINITION", [{ key: "owner", value: "td" }]],
      ["NONE", []],
    ] as const
  ) {
    const f = aSimulator();
    await f.call("RegisterTaskDefinition", {
      family: "api",
      containerDefinitions: [aContainer("nginx:1.25")],
      tags: [{ key: "owner", value: "td" }],
    });
    await aService(f, {
      taskDefinition: "api",
      propagateTags,
      tags: [{ key: "owner", value: "svc" }],
    });
    await until(f, async () => (await describeService(f)).runningCount === 2);
    const arns = (await f.call("ListTasks", { cluster: "prod", serviceName: "api" }))
      .taskArns as string[];
    const out = await f.call("DescribeTasks", { cluster: "prod", tasks: arns, include: ["TAGS"] });
    for (const task of out.tasks as Wire[]) assert.deepEqual(task.tags, expected);
  }
});

Deno.test("deleting a service mid-deployment stops its service deployment", async () => {
  const f = aSimulator();
  const td = await registerImage(f, "nginx:slow");
  await aService(f, { taskDefinition: td });
  const sdArn = (await describeService(f)).currentServiceDeployment as string;
  await f.call("DeleteService", { cluster: "prod", service: "api", force: true });
  const out = await f.call("DescribeServiceDeployments", { serviceDeploymentArns: [sdArn] });
  assert.equal((out.serviceDeployments as Wire[])[0]!.status, "STOPPED");
});
