import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { FakeClock } from "../support/fake_clock.ts";
import {
  aSettledService,
  aSimulator,
  describeService,
  registerImage,
  tasksOf,
  until,
  type Wire,
} from "./sim_fixtures.ts";

async function rejectsWith(promise: Promise<unknown>, type: string, message?: string | RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof EcsApiError, `not an EcsApiError: ${e}`);
    assert.equal(e.type, type);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

Deno.test("an unknown operation is an UnknownOperationException", async () => {
  const f = aSimulator();
  await rejectsWith(f.call("DescribeWidgets", {}), "UnknownOperationException");
});

Deno.test("operations on a missing cluster are ClusterNotFoundException", async () => {
  const f = aSimulator();
  for (
    const [op, input] of [
      ["DescribeServices", { cluster: "nope", services: ["api"] }],
      ["UpdateService", { cluster: "nope", service: "api" }],
      ["ListTasks", { cluster: "nope" }],
      ["CreateService", { cluster: "nope", serviceName: "api", taskDefinition: "api" }],
    ] as const
  ) {
    await rejectsWith(f.call(op, input), "ClusterNotFoundException", "Cluster not found.");
  }
});

Deno.test("DescribeServices reports unknown services as MISSING failures", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const out = await f.call("DescribeServices", { cluster: "prod", services: ["api", "ghost"] });
  assert.equal((out.services as Wire[]).length, 1);
  assert.deepEqual(out.failures, [{
    arn: "arn:aws:ecs:us-east-1:123456789012:service/prod/ghost",
    reason: "MISSING",
  }]);
});

Deno.test("UpdateService refuses an INACTIVE revision and an unknown service", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const td2 = await registerImage(f, "nginx:1.26");
  await f.call("DeregisterTaskDefinition", { taskDefinition: td2 });
  await rejectsWith(
    f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 }),
    "ClientException",
    "TaskDefinition is inactive",
  );
  await rejectsWith(
    f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: "nope:1" }),
    "ClientException",
    "TaskDefinition not found.",
  );
  await rejectsWith(
    f.call("UpdateService", { cluster: "prod", service: "ghost", desiredCount: 1 }),
    "ServiceNotFoundException",
    "Service not found.",
  );
  assert.equal((await describeService(f)).deployments instanceof Array, true);
  assert.equal(((await describeService(f)).deployments as Wire[]).length, 1);
});

Deno.test("UpdateService with a family name deploys its latest ACTIVE revision", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const td2 = await registerImage(f, "nginx:1.26");
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: "api",
  });
  assert.equal((out.service as Wire).taskDefinition, td2);
});

Deno.test("UpdateService with the running revision starts no deployment", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td1,
  });
  assert.equal(((out.service as Wire).deployments as Wire[]).length, 1);
});

Deno.test("member types and enum values are checked like the ECS JSON protocol", async () => {
  const f = aSimulator();
  await aSettledService(f);
  await rejectsWith(
    f.call("UpdateService", { cluster: "prod", service: "api", desiredCount: "3" }),
    "SerializationException",
  );
  await rejectsWith(
    f.call("ListTasks", { cluster: "prod", desiredStatus: "DONE" }),
    "InvalidParameterException",
    /Member must satisfy enum value set: \[RUNNING, PENDING, STOPPED\]/,
  );
  await rejectsWith(
    f.call("UpdateService", {
      cluster: "prod",
      service: "api",
      deploymentConfiguration: { minimumHealthyPercent: 150 },
    }),
    "InvalidParameterException",
  );
});

Deno.test("CreateService refuses a duplicate, a Fargate-incompatible revision and missing networking", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  await rejectsWith(
    f.call("CreateService", {
      cluster: "prod",
      serviceName: "api",
      taskDefinition: td1,
      desiredCount: 1,
    }),
    "InvalidParameterException",
    "Creation of service was not idempotent.",
  );
  await rejectsWith(
    f.call("CreateService", {
      cluster: "prod",
      serviceName: "web",
      taskDefinition: td1,
      desiredCount: 1,
      launchType: "FARGATE",
    }),
    "InvalidParameterException",
    "Task definition does not support launch_type FARGATE.",
  );
  await f.call("RegisterTaskDefinition", {
    family: "vpc",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{ name: "web", image: "nginx" }],
  });
  await rejectsWith(
    f.call("CreateService", {
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "vpc",
      desiredCount: 1,
      launchType: "FARGATE",
    }),
    "InvalidParameterException",
    "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  );
});

Deno.test("a Fargate service runs awsvpc tasks with an ENI on platform 1.4.0", async () => {
  const f = aSimulator();
  await f.call("CreateCluster", { clusterName: "prod" });
  await f.call("RegisterTaskDefinition", {
    family: "api",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{ name: "web", image: "nginx" }],
  });
  const out = await f.call("CreateService", {
    cluster: "prod",
    serviceName: "api",
    taskDefinition: "api",
    desiredCount: 1,
    launchType: "FARGATE",
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } },
  });
  const service = out.service as Wire;
  assert.equal(service.platformVersion, "LATEST");
  assert.equal(service.launchType, "FARGATE");
  await until(f, async () => (await describeService(f)).runningCount === 1);
  const [task] = await tasksOf(f);
  assert.equal(task!.launchType, "FARGATE");
  assert.equal(task!.platformVersion, "1.4.0");
  assert.equal((task!.attachments as Wire[])[0]!.type, "ElasticNetworkInterface");
  assert.equal(task!.cpu, "256");
});

Deno.test("DeleteService needs force or zero tasks, drains, then goes INACTIVE", async () => {
  const f = aSimulator();
  await aSettledService(f);
  await rejectsWith(
    f.call("DeleteService", { cluster: "prod", service: "api" }),
    "InvalidParameterException",
    "The service cannot be stopped while it is scaled above 0.",
  );
  const out = await f.call("DeleteService", { cluster: "prod", service: "api", force: true });
  assert.equal((out.service as Wire).status, "DRAINING");
  await rejectsWith(
    f.call("UpdateService", { cluster: "prod", service: "api", desiredCount: 1 }),
    "ServiceNotActiveException",
    "Service was not ACTIVE.",
  );
  await until(f, async () => (await describeService(f)).status === "INACTIVE");
  assert.deepEqual((await f.call("ListServices", { cluster: "prod" })).serviceArns, []);
  assert.deepEqual((await f.call("ListTasks", { cluster: "prod" })).taskArns, []);
  await rejectsWith(
    f.call("ListTasks", { cluster: "prod", serviceName: "api" }),
    "ServiceNotFoundException",
  );
});

Deno.test("a service task stopped by a user is replaced by the scheduler", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const [victim] = await tasksOf(f);
  const out = await f.call("StopTask", {
    cluster: "prod",
    task: victim!.taskArn,
    reason: "testing",
  });
  assert.equal((out.task as Wire).desiredStatus, "STOPPED");
  await until(f, async () =>
    (await describeService(f)).runningCount === 2 &&
    (await tasksOf(f)).every((t) => t.taskArn !== victim!.taskArn));
  const stopped = (await tasksOf(f, "STOPPED")).find((t) => t.taskArn === victim!.taskArn)!;
  assert.equal(stopped.stopCode, "UserInitiated");
  assert.equal(stopped.stoppedReason, "testing");
});

Deno.test("RunTask starts standalone tasks that ListTasks finds by family and startedBy", async () => {
  const f = aSimulator();
  await f.call("CreateCluster", { clusterName: "prod" });
  await registerImage(f, "busybox:1", { family: "job" });
  const out = await f.call("RunTask", {
    cluster: "prod",
    taskDefinition: "job",
    count: 2,
    startedBy: "cron",
  });
  assert.equal((out.tasks as Wire[]).length, 2);
  assert.equal((out.tasks as Wire[])[0]!.lastStatus, "PROVISIONING");
  const listed = await f.call("ListTasks", { cluster: "prod", family: "job", startedBy: "cron" });
  assert.equal((listed.taskArns as string[]).length, 2);
  const missing = await f.call("DescribeTasks", { cluster: "prod", tasks: ["0123"] });
  assert.deepEqual(missing.failures, [{
    arn: "arn:aws:ecs:us-east-1:123456789012:task/prod/0123",
    reason: "MISSING",
  }]);
});

Deno.test("tags can be added, listed and removed on clusters, services and revisions", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const service = await describeService(f);
  const arns = [
    "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    service.serviceArn as string,
    "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
  ];
  for (const resourceArn of arns) {
    await f.call("TagResource", {
      resourceArn,
      tags: [{ key: "env", value: "prod" }, { key: "team", value: "core" }],
    });
    await f.call("UntagResource", { resourceArn, tagKeys: ["team"] });
    const out = await f.call("ListTagsForResource", { resourceArn });
    assert.deepEqual(out.tags, [{ key: "env", value: "prod" }]);
  }
  await rejectsWith(
    f.call("ListTagsForResource", {
      resourceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/ghost",
    }),
    "ResourceNotFoundException",
  );
});

Deno.test("the same seed gives the same ids", async () => {
  const ids: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const f = aSimulator({ seed: 42 });
    await aSettledService(f);
    const s = await describeService(f);
    ids.push([
      (s.deployments as Wire[])[0]!.id as string,
      ...(await tasksOf(f)).map((t) => t.taskArn as string),
    ]);
  }
  assert.deepEqual(ids[0], ids[1]);
});

Deno.test("with default timings a healthy two-task rolling deployment completes within 10 s", async () => {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock });
  const f = {
    clock,
    sim,
    finished: [],
    call: (op: string, input: Wire = {}) => sim.call(op, input),
  };
  await aSettledService(f, { healthCheck: true });
  const td2 = await registerImage(f, "nginx:1.26", { healthCheck: true });
  const start = clock.now();
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  await until(f, async () => {
    const d = (await describeService(f)).deployments as Wire[];
    return d.length === 1 && d[0]!.rolloutState === "COMPLETED";
  }, { stepMs: 100 });
  const took = clock.now() - start;
  assert.ok(took < 10_000, `took ${took} ms`);
  assert.ok(took >= 2_000, `took only ${took} ms`);
});
