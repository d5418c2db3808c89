import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { commandEnding } from "../../src/simulator/one_off_commands.ts";
import { SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { aContainer, aSimulator, type SimFixture, until, type Wire } from "./sim_fixtures.ts";
import { rejectsWithApiError } from "../support/rejects_with_api_error.ts";

const NETWORK = { awsvpcConfiguration: { subnets: ["subnet-1"], securityGroups: ["sg-1"] } };

async function aJobFamily(f: SimFixture, image = "busybox:1", extra: Wire = {}): Promise<void> {
  await f.call("CreateCluster", { clusterName: "prod", capacityProviders: ["FARGATE"] });
  await f.call("RegisterTaskDefinition", {
    family: "job",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [aContainer(image, {
      name: "app",
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/job", "awslogs-stream-prefix": "ecs" },
      },
      ...extra,
    })],
  });
}

async function run(f: SimFixture, input: Wire = {}): Promise<Wire> {
  return await f.call("RunTask", {
    cluster: "prod",
    taskDefinition: "job",
    launchType: "FARGATE",
    networkConfiguration: NETWORK,
    ...input,
  });
}

/** Runs a job task whose container "app" runs `command`: the RunTask answer and the task's ARN. */
async function runCommand(f: SimFixture, command: string[]): Promise<{ out: Wire; arn: string }> {
  const out = await run(f, { overrides: { containerOverrides: [{ name: "app", command }] } });
  return { out, arn: (out.tasks as Wire[])[0]!.taskArn as string };
}

async function describe(f: SimFixture, arn: string): Promise<Wire> {
  return ((await f.call("DescribeTasks", { cluster: "prod", tasks: [arn] })).tasks as Wire[])[0]!;
}

Deno.test("commandEnding() reads exit-N and sleep-N from the command and the image tag", () => {
  assert.deepEqual(commandEnding(["migrate", "exit-3"], "app:1", 1000), {
    afterMs: 1000,
    exitCode: 3,
  });
  assert.deepEqual(commandEnding(["sh", "-c", "sleep-2.5 exit-0"], "app:1", 1000), {
    afterMs: 2500,
    exitCode: 0,
  });
  assert.deepEqual(commandEnding(undefined, "app:exit-7", 1000), { afterMs: 1000, exitCode: 7 });
  assert.deepEqual(commandEnding(["true"], "app:1", 40), { afterMs: 40, exitCode: 0 });
  assert.equal(commandEnding(undefined, "nginx:1.25", 1000), undefined);
  assert.deepEqual(commandEnding(["exit-256"], "app:1", 10), { afterMs: 10, exitCode: 0 });
});

Deno.test("a standalone task's command exits with its code and the task goes PROVISIONING to STOPPED", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const { out, arn } = await runCommand(f, ["migrate", "exit-3"]);
  assert.deepEqual(out.failures, []);
  const seen: string[] = [];
  await until(f, async () => {
    const status = (await describe(f, arn)).lastStatus as string;
    if (seen.at(-1) !== status) seen.push(status);
    return status === "STOPPED";
  });
  assert.deepEqual(seen, [
    "PROVISIONING",
    "PENDING",
    "RUNNING",
    "STOPPING",
    "DEPROVISIONING",
    "STOPPED",
  ]);
  const task = await describe(f, arn);
  assert.equal(task.stopCode, "EssentialContainerExited");
  assert.equal(task.stoppedReason, "Essential container in task exited");
  assert.equal((task.containers as Wire[])[0]!.exitCode, 3);
  assert.equal(task.desiredStatus, "STOPPED");
});

Deno.test("sleep-N keeps a task running N seconds; StopTask stops it UserInitiated", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const { arn } = await runCommand(f, ["sleep-30"]);
  f.clock.advance(20_000);
  assert.equal((await describe(f, arn)).lastStatus, "RUNNING");
  await f.call("StopTask", { cluster: "prod", task: arn, reason: "timed out" });
  await until(f, async () => (await describe(f, arn)).lastStatus === "STOPPED");
  const task = await describe(f, arn);
  assert.equal(task.stopCode, "UserInitiated");
  assert.equal(task.stoppedReason, "timed out");
});

Deno.test("a fail-pull image stops the task with TaskFailedToStart", async () => {
  const f = aSimulator();
  await aJobFamily(f, "busybox:fail-pull", { command: ["migrate"] });
  const arn = ((await run(f)).tasks as Wire[])[0]!.taskArn as string;
  await until(f, async () => (await describe(f, arn)).lastStatus === "STOPPED");
  const task = await describe(f, arn);
  assert.equal(task.stopCode, "TaskFailedToStart");
  assert.match(task.stoppedReason as string, /^CannotPullContainerError/);
  assert.equal((task.containers as Wire[])[0]!.exitCode, undefined);
});

Deno.test("RunTask validates its input as ECS does", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  await rejectsWithApiError(
    f.call("RunTask", { cluster: "prod", taskDefinition: "job", launchType: "FARGATE" }),
    "InvalidParameterException",
    /Network Configuration must be provided/,
  );
  await rejectsWithApiError(
    run(f, { capacityProviderStrategy: [{ capacityProvider: "FARGATE" }] }),
    "InvalidParameterException",
    /both a launch type and capacity provider strategy/,
  );
  await rejectsWithApiError(
    run(f, { launchType: undefined, capacityProviderStrategy: [{ capacityProvider: "SPOTTY" }] }),
    "InvalidParameterException",
    /not associated with the cluster/,
  );
  await rejectsWithApiError(
    run(f, { overrides: { containerOverrides: [{ name: "ghost", command: ["x"] }] } }),
    "InvalidParameterException",
    /Override for container named ghost is not a container/,
  );
  await rejectsWithApiError(
    run(f, { overrides: { containerOverrides: [{ name: "app", command: "migrate" }] } }),
    "SerializationException",
    /command/,
  );
  await rejectsWithApiError(run(f, { count: 11 }), "InvalidParameterException", /count/);
  await rejectsWithApiError(
    run(f, { overrides: { containerOverrides: [{ command: ["x"] }] } }),
    "InvalidParameterException",
    /Override for container named undefined/,
  );
  const empty = await run(f, { overrides: { containerOverrides: [{}] } });
  assert.equal((empty.tasks as Wire[]).length, 1, "an empty override is allowed");
});

Deno.test("RunTask reports tasks it cannot place in failures[]", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const out = await run(f, {
    count: 2,
    placementConstraints: [{ type: "memberOf", expression: "attribute:ecs.instance-type =~ g5.*" }],
  });
  assert.deepEqual(out.tasks, []);
  assert.equal((out.failures as Wire[]).length, 2);
  assert.match((out.failures as Wire[])[0]!.reason as string, /MemberOf placement constraint/);
});

Deno.test("awslogs containers write start, command and exit lines that GetLogEvents reads", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const { arn } = await runCommand(f, ["migrate", "up", "exit-2"]);
  const id = arn.split("/").pop()!;
  const stream = { logGroupName: "/ecs/job", logStreamName: `ecs/app/${id}` };
  await assert.rejects(f.sim.logs.call("GetLogEvents", stream), (e: unknown) => {
    assert.ok(e instanceof EcsApiError);
    assert.equal(e.type, "ResourceNotFoundException");
    return true;
  });
  await until(f, async () => (await describe(f, arn)).lastStatus === "STOPPED");
  const read = await f.sim.logs.call("GetLogEvents", { ...stream, startFromHead: true });
  const events = read.events as Wire[];
  assert.deepEqual(events.map((e) => e.message), [
    "container app started",
    "migrate up exit-2",
    "container app exited with code 2",
  ]);
  assert.equal(typeof events[0]!.timestamp, "number");
  assert.ok((events[0]!.timestamp as number) > 1e12, "epoch milliseconds");
  const again = await f.sim.logs.call("GetLogEvents", {
    ...stream,
    startFromHead: true,
    nextToken: read.nextForwardToken,
  });
  assert.deepEqual(again.events, []);
  assert.equal(again.nextForwardToken, read.nextForwardToken);
  const filtered = await f.sim.logs.call("FilterLogEvents", {
    logGroupName: "/ecs/job",
    filterPattern: "exited",
  });
  assert.deepEqual((filtered.events as Wire[]).map((e) => e.logStreamName), [`ecs/app/${id}`]);
  await assert.rejects(
    f.sim.logs.call("FilterLogEvents", { logGroupName: "/ecs/other" }),
    /log group does not exist/,
  );
});

Deno.test("RunTask with a client token already used answers with the first request's tasks", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const first = await run(f, { clientToken: "abc" });
  const again = await run(f, { clientToken: "abc" });
  assert.equal((again.tasks as Wire[])[0]!.taskArn, (first.tasks as Wire[])[0]!.taskArn);
  const listed = await f.call("ListTasks", { cluster: "prod", family: "job" });
  assert.equal((listed.taskArns as string[]).length, 1);
});

Deno.test("a snapshot taken while a standalone task runs restores with its exit still due", async () => {
  const f = aSimulator();
  await aJobFamily(f);
  const { arn } = await runCommand(f, ["sleep-5", "exit-9"]);
  f.clock.advance(1_000);
  const snapshot = JSON.parse(JSON.stringify(f.sim.snapshot()));
  const restored = new SimulatedEcs({ clock: f.clock, snapshot });
  f.clock.advance(10_000);
  const task = ((await restored.call("DescribeTasks", { cluster: "prod", tasks: [arn] }))
    .tasks as Wire[])[0]!;
  assert.equal(task.lastStatus, "STOPPED");
  assert.equal((task.containers as Wire[])[0]!.exitCode, 9);
});
