import assert from "node:assert/strict";
import { aPullFailure as pullFailure } from "../../support/builders.ts";
import {
  diagnoseDeployment,
  type StoppedTask,
  summarizeStoppedTasks,
} from "../../../src/deploy/diagnose/diagnose_deployment.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import {
  advanceUntil,
  aSimulatedWorld,
  failing,
  FAST_PROD,
  registerRevision,
  settle,
  startDeployment,
} from "../../support/simulated_world.ts";

const PULL_ERROR = /^CannotPullContainerError: pull image manifest/;

Deno.test("diagnoseDeployment() names the pull error of a deployment ECS rolled back", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const failing = await registerRevision(f, "registry.example.com/api:fail-pull");
  const ours = await startDeployment(f, failing);
  const last = await advanceUntil(f, (s) => !s.deployments.some((d) => d.id === ours.id));

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
    lastService: last,
  });

  assert.match(diagnosis.summary, /^\d+ tasks failed to start: CannotPullContainerError: /);
  assert.ok(diagnosis.stoppedTasks.length >= 3, `${diagnosis.stoppedTasks.length} stopped`);
  for (const task of diagnosis.stoppedTasks) {
    assert.equal(task.taskDefinitionArn, failing);
    assert.equal(task.stopCode, "TaskFailedToStart");
    assert.match(task.stoppedReason ?? "", PULL_ERROR);
    assert.deepEqual(task.containers.map((c) => c.name), ["web"]);
  }
  const count = Number(diagnosis.summary.split(" ")[0]);
  assert.equal(count, diagnosis.stoppedTasks.length);
  assert.deepEqual(diagnosis.unreadable, []);
});

Deno.test("diagnoseDeployment() reports the circuit breaker and only our deployment's events", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const before = (await f.ecs.describeService("prod", "api"))!.events.map((e) => e.message);
  const failing = await registerRevision(f, "registry.example.com/api:fail-pull");
  const ours = await startDeployment(f, failing);
  await advanceUntil(f, (s) => !s.deployments.some((d) => d.id === ours.id));

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
  });

  assert.equal(diagnosis.circuitBreaker?.status, "TRIGGERED");
  assert.equal(diagnosis.circuitBreaker?.threshold, 3);
  assert.ok((diagnosis.circuitBreaker?.failureCount ?? 0) >= 3);
  const messages = diagnosis.events.map((e) => e.message);
  assert.ok(messages.some((m) => m.includes(`(deployment ${ours.id}) deployment failed`)));
  // The events from before our deployment (the service's first rollout) are not ours.
  assert.ok(before.length > 0);
  assert.ok(!messages.includes(before[before.length - 1]!), messages.join("\n"));
  const times = diagnosis.events.map((e) => e.at);
  assert.deepEqual(times, [...times].sort(), "oldest first");
});

Deno.test("diagnoseDeployment() gives the exit code of a crashing container", async () => {
  const f = await aSimulatedWorld({
    ...FAST_PROD,
    circuitBreaker: { enable: true, rollback: false },
  });
  const crashing = await registerRevision(f, "registry.example.com/api:crash");
  const ours = await startDeployment(f, crashing);
  await advanceUntil(f, (s) => s.deployments.some((d) => d.rolloutState === "FAILED"));

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
  });

  assert.match(
    diagnosis.summary,
    /^\d+ tasks stopped: Essential container in task exited \(container "web" exit code 1\)$/,
  );
  assert.ok(diagnosis.stoppedTasks.every((t) => t.containers[0]?.exitCode === 1));
  assert.equal(diagnosis.circuitBreaker?.status, "TRIGGERED");
});

Deno.test("diagnoseDeployment() leaves out tasks of other deployments", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  // A good deploy first: its rollout stops the first revision's tasks (scaling in).
  await startDeployment(f, await registerRevision(f, "registry.example.com/api:1.1.0"));
  await settle(f);
  const failing = await registerRevision(f, "registry.example.com/api:fail-pull");
  const ours = await startDeployment(f, failing);
  await advanceUntil(f, (s) => !s.deployments.some((d) => d.id === ours.id));
  const allStopped = await f.ecs.listTasks("prod", "api", "STOPPED");

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
  });

  assert.ok(allStopped.length > diagnosis.stoppedTasks.length);
  assert.ok(diagnosis.stoppedTasks.every((t) => t.taskDefinitionArn === failing));
});

Deno.test("diagnoseDeployment() of a slow deployment says how far it got", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const ours = await startDeployment(f, await registerRevision(f, "registry.example.com/api:slow"));
  f.clock.advance(200);

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
  });

  assert.equal(
    diagnosis.summary,
    `no task of deployment ${ours.id} stopped: 0 of 2 running, 2 pending`,
  );
  assert.deepEqual(diagnosis.stoppedTasks, []);
  assert.equal(diagnosis.circuitBreaker?.status, "MONITORING");
});

Deno.test("diagnoseDeployment() never throws and names what it could not read", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const ours = await startDeployment(f, await registerRevision(f, "registry.example.com/api:slow"));
  const last = (await f.ecs.describeService("prod", "api"))!;
  const throttled = new EcsApiError("ThrottlingException", "Rate exceeded");
  f.hooks.push(failing({
    describeService: throttled,
    listTasks: throttled,
    listServiceDeployments: new TypeError("error sending request: connection reset"),
  }));

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
    lastService: last,
  });

  assert.deepEqual(diagnosis.unreadable, [
    "DescribeServices: ThrottlingException: Rate exceeded",
    "ListTasks/DescribeTasks: ThrottlingException: Rate exceeded",
    "ListServiceDeployments: error sending request: connection reset",
  ]);
  // The last observation still tells how far the deployment got.
  assert.match(diagnosis.summary, /^no task of deployment .* stopped: 0 of 2 running/);
  assert.ok(diagnosis.events.length > 0);
});

Deno.test("diagnoseDeployment() with every call failing still answers", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const broken = new EcsApiError("AccessDeniedException", "not authorized");
  f.hooks.push(failing({
    describeService: broken,
    listTasks: broken,
    describeServiceDeployments: broken,
  }));

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: "ecs-svc/1",
    serviceDeploymentArn: "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/x",
  });

  assert.equal(diagnosis.unreadable.length, 3);
  assert.match(
    diagnosis.summary,
    /^could not read deployment ecs-svc\/1: DescribeServices: AccessDeniedException: not authorized; /,
  );
  assert.deepEqual(diagnosis.events, []);
});

Deno.test("summarizeStoppedTasks() counts identical reasons together, largest group first", () => {
  const oom: StoppedTask = {
    taskArn: "arn:aws:ecs:us-east-1:1:task/prod/9",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [
      { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed" },
      { name: "log", exitCode: 0 },
    ],
  };
  assert.equal(
    summarizeStoppedTasks([oom, pullFailure(1), pullFailure(2), pullFailure(3)]),
    "3 tasks failed to start: CannotPullContainerError: not found; 1 task stopped: " +
      `Essential container in task exited (container "web" exit code 137, ` +
      "OutOfMemoryError: Container killed)",
  );
});

Deno.test("summarizeStoppedTasks() does not count tasks the scheduler stopped on purpose", () => {
  const scaledIn: StoppedTask = {
    taskArn: "arn:aws:ecs:us-east-1:1:task/prod/5",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
    stopCode: "ServiceSchedulerInitiated",
    stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)",
    containers: [{ name: "web", exitCode: 0 }],
  };
  assert.equal(summarizeStoppedTasks([scaledIn]), undefined);
  assert.equal(summarizeStoppedTasks([]), undefined);
  assert.equal(
    summarizeStoppedTasks([scaledIn, pullFailure(1)]),
    "1 task failed to start: CannotPullContainerError: not found",
  );
});

Deno.test("diagnoseDeployment() read later leaves out events after the deployment ended", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const failing = await registerRevision(f, "registry.example.com/api:fail-pull");
  const ours = await startDeployment(f, failing);
  await advanceUntil(f, (s) => !s.deployments.some((d) => d.id === ours.id));
  f.clock.advance(1_000);
  const later = await startDeployment(f, await registerRevision(f, "registry.example.com/api:2"));
  await settle(f);

  const diagnosis = await diagnoseDeployment(f.ecs, {
    cluster: "prod",
    service: "api",
    deploymentId: ours.id,
  });

  const messages = diagnosis.events.map((e) => e.message);
  assert.ok(!messages.some((m) => m.includes(later.id)), messages.join("\n"));
  const failedAt = messages.findIndex((m) =>
    m.includes(`(deployment ${ours.id}) deployment failed`)
  );
  const rollingBackAt = messages.findIndex((m) => m.includes("rolling back to deployment"));
  assert.ok(failedAt >= 0 && failedAt < rollingBackAt, "in the order ECS added them");
});
