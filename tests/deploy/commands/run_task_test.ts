import assert from "node:assert/strict";
import { runTask } from "../../../src/deploy/commands/run_task.ts";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import type { RunTaskRequest } from "../../../src/deploy/run_task/run_task_request.ts";
import type { RunTaskInput } from "../../../src/ecs/types.ts";
import { SimulatedLogsClient } from "../../../src/simulator/simulated_logs_client.ts";
import { aSimulatedWorld, FAST_PROD, type SimulatedWorld } from "../../support/simulated_world.ts";

/** Registers revision 2 of the demo family: "app" logging to awslogs, plus a sidecar. */
async function aJobRevision(world: SimulatedWorld, image = "repo/app:1"): Promise<string> {
  const out = await world.sim.call("RegisterTaskDefinition", {
    family: "api",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [
      {
        name: "app",
        image,
        essential: true,
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": "/ecs/api", "awslogs-stream-prefix": "api" },
        },
      },
      { name: "sidecar", image: "repo/agent:1", essential: false },
    ],
  });
  return (out.taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
}

function aRunRequest(overrides: Partial<RunTaskRequest> = {}): RunTaskRequest {
  return {
    cluster: "prod",
    taskDefinition: "api:2",
    command: ["migrate", "up"],
    environment: [{ name: "STEP", value: "1" }],
    networkFromService: "api",
    timeoutMs: 600_000,
    keepRunning: false,
    followLogs: true,
    ...overrides,
  };
}

async function runIn(world: SimulatedWorld, request: RunTaskRequest) {
  const events: DeployEvent[] = [];
  const result = await runTask(request, {
    ecs: world.ecs,
    logs: new SimulatedLogsClient(world.sim.logs),
    clock: world.clock,
    emit: (event) => events.push(event),
  });
  return { result, events };
}

Deno.test("runTask() succeeds when the essential container exits 0, with the service's network and the overrides", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const inputs: RunTaskInput[] = [];
  world.hooks.push((method, _count, args) => {
    if (method === "runTask") inputs.push(args[0] as RunTaskInput);
  });
  const { result, events } = await runIn(world, aRunRequest());
  assert.equal(result.outcome, "succeeded");
  assert.equal(result.exitCode, 0);
  assert.equal(result.task?.exitCode, 0);
  assert.equal(result.task?.stopCode, "EssentialContainerExited");
  assert.equal(inputs.length, 1);
  const input = inputs[0]!;
  assert.equal(input.launchType, "FARGATE");
  const service =
    ((await world.sim.call("DescribeServices", { cluster: "prod", services: ["api"] }))
      .services as { networkConfiguration: unknown }[])[0]!;
  assert.ok(service.networkConfiguration);
  assert.deepEqual(input.networkConfiguration, service.networkConfiguration);
  assert.deepEqual(input.overrides, {
    containerOverrides: [{
      name: "app",
      command: ["migrate", "up"],
      environment: [{ name: "STEP", value: "1" }],
    }],
  });
  const lines = events.flatMap((e) => e.type === "task_log" ? [e.message] : []);
  assert.deepEqual(lines, [
    "container app started",
    "migrate up",
    "container app exited with code 0",
  ]);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("runTask() fails with the exit code, the stop reason and the last log lines", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const { result } = await runIn(world, aRunRequest({ command: ["migrate", "exit-3"] }));
  assert.equal(result.outcome, "failed");
  assert.equal(result.exitCode, 1);
  assert.equal(result.task?.exitCode, 3);
  assert.match(result.reason, /container "app" exited with code 3; EssentialContainerExited/);
  assert.deepEqual(result.diagnosis?.logLines, [
    "container app started",
    "migrate exit-3",
    "container app exited with code 3",
  ]);
  assert.equal(result.diagnosis?.stoppedTasks[0]?.stopCode, "EssentialContainerExited");
});

Deno.test("runTask() fails when the task cannot start", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world, "repo/app:fail-pull");
  const { result } = await runIn(world, aRunRequest());
  assert.equal(result.outcome, "failed");
  assert.equal(result.task?.stopCode, "TaskFailedToStart");
  assert.equal(result.task?.exitCode, null);
  assert.match(result.reason, /failed to start: TaskFailedToStart: CannotPullContainerError/);
});

Deno.test("runTask() fails when ECS places no task, naming the failure", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  world.hooks.push((method) =>
    method === "runTask" ? { tasks: [], failures: [{ reason: "RESOURCE:MEMORY" }] } : undefined
  );
  const { result } = await runIn(world, aRunRequest());
  assert.equal(result.outcome, "failed");
  assert.equal(result.task?.taskArn, null);
  assert.match(result.reason, /could not place a task of "api:2": RESOURCE:MEMORY/);
  assert.equal(world.countOf("describeTasks"), 0);
});

Deno.test("runTask() at the deadline stops the task and reports timed_out", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const { result, events } = await runIn(
    world,
    aRunRequest({ command: ["sleep-600"], timeoutMs: 20_000 }),
  );
  assert.equal(result.outcome, "timed_out");
  assert.equal(result.exitCode, 3);
  assert.equal(result.task?.stoppedByUs, true);
  assert.equal(world.countOf("stopTask"), 1);
  assert.ok(events.some((e) => e.type === "task_stopping"));
  world.clock.advance(1_000);
  const arn = result.task!.taskArn!;
  const task = ((await world.sim.call("DescribeTasks", { cluster: "prod", tasks: [arn] }))
    .tasks as { lastStatus: string; stopCode: string }[])[0]!;
  assert.equal(task.lastStatus, "STOPPED");
  assert.equal(task.stopCode, "UserInitiated");
});

Deno.test("runTask() with keepRunning leaves a task running at the deadline", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const { result } = await runIn(
    world,
    aRunRequest({ command: ["sleep-600"], timeoutMs: 20_000, keepRunning: true }),
  );
  assert.equal(result.outcome, "timed_out");
  assert.equal(world.countOf("stopTask"), 0);
  assert.match(result.reason, /goes on in ECS \(--keep-running\)/);
  const task = ((await world.sim.call("DescribeTasks", {
    cluster: "prod",
    tasks: [result.task!.taskArn!],
  })).tasks as { lastStatus: string }[])[0]!;
  assert.equal(task.lastStatus, "RUNNING");
});

Deno.test("runTask() sees the task's end within a second of ECS reporting it STOPPED", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const { result } = await runIn(world, aRunRequest({ command: ["sleep-30"] }));
  assert.equal(result.outcome, "succeeded");
  const task = ((await world.sim.call("DescribeTasks", {
    cluster: "prod",
    tasks: [result.task!.taskArn!],
  })).tasks as { stoppedAt: Date }[])[0]!;
  // Virtual time, never wall time.
  const lateMs = world.clock.now() - task.stoppedAt.getTime();
  assert.ok(lateMs >= 0 && lateMs <= 1_000, `seen ${lateMs} ms after STOPPED`);
  // About one look per 750 ms over the task's 30 s, not a busy loop.
  assert.ok(world.countOf("describeTasks") <= 45, `${world.countOf("describeTasks")} looks`);
});

Deno.test("runTask() refuses bad input before RunTask: awsvpc without a network, an unknown container or service", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const cases: [Partial<RunTaskRequest> | "no network", RegExp][] = [
    ["no network", /awsvpc network mode.*--network-from-service/],
    [{ container: "ghost" }, /--container "ghost": no such container in "api:2"/],
    [{ networkFromService: "nope" }, /--network-from-service "nope": no such service/],
    [{ taskDefinition: "nope:9" }, /"nope:9": task definition not found/],
  ];
  for (const [overrides, message] of cases) {
    const request = aRunRequest(overrides === "no network" ? {} : overrides);
    if (overrides === "no network") delete request.networkFromService;
    const { result } = await runIn(world, request);
    assert.equal(result.outcome, "invalid", result.reason);
    assert.equal(result.exitCode, 2);
    assert.match(result.reason, message);
  }
  assert.equal(world.countOf("runTask"), 0);
});

Deno.test("runTask() streams log lines while the task runs, not only after it stopped", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const logs = new SimulatedLogsClient(world.sim.logs);
  let reads = 0;
  const events: DeployEvent[] = [];
  const result = await runTask(aRunRequest({ command: ["sleep-30"] }), {
    ecs: world.ecs,
    logs: {
      getLogEvents: (...args) => {
        reads++;
        return logs.getLogEvents(...args);
      },
    },
    clock: world.clock,
    emit: (event) => events.push(event),
  });
  assert.equal(result.outcome, "succeeded");
  const firstLine = events.findIndex((e) => e.type === "task_log");
  const stopped = events.findIndex((e) =>
    e.type === "task_status" && e.lastStatus !== "RUNNING" && e.lastStatus !== "PENDING" &&
    e.lastStatus !== "PROVISIONING"
  );
  assert.ok(
    firstLine >= 0 && firstLine < stopped,
    `first line at ${firstLine}, stop at ${stopped}`,
  );
  // The exit line comes with the look that sees the task stop, before the verdict.
  const lines = events.flatMap((e) => e.type === "task_log" ? [e.message] : []);
  assert.equal(lines.at(-1), "container app exited with code 0");
  // Logs are read every 2 s while it runs (and once at the end), not at every look.
  assert.ok(reads >= 15 && reads <= 20, `${reads} reads`);
  assert.ok(world.countOf("describeTasks") > 2 * reads);
});

Deno.test("runTask() interrupted by a signal leaves the task running and says how to stop it", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  await aJobRevision(world);
  const controller = new AbortController();
  const events: DeployEvent[] = [];
  const result = await runTask(aRunRequest({ command: ["sleep-600"] }), {
    ecs: world.ecs,
    clock: world.clock,
    emit: (event) => {
      events.push(event);
      if (event.type === "task_status" && event.lastStatus === "RUNNING") {
        controller.abort("SIGTERM");
      }
    },
    signal: controller.signal,
  });
  assert.equal(result.outcome, "cancelled");
  assert.equal(result.exitCode, 143);
  assert.equal(world.countOf("stopTask"), 0);
  assert.match(
    result.reason,
    /goes on in ECS \(RUNNING\): stop it with: aws ecs stop-task --cluster prod --task arn:/,
  );
});
