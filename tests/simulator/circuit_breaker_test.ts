import assert from "node:assert/strict";
import { circuitBreakerThreshold } from "../../src/simulator/deployment_lifecycle.ts";
import {
  aSettledService,
  aSimulator,
  deployments,
  describeService,
  eventMessages,
  primary,
  registerImage,
  tasksOf,
  until,
  type Wire,
} from "./sim_fixtures.ts";

const breaker = (rollback: boolean) => ({
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback } },
});

async function deployImage(f: ReturnType<typeof aSimulator>, image: string): Promise<string> {
  const td = await registerImage(f, image, { family: "api" });
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td });
  return (await primary(f)).id as string;
}

Deno.test("circuitBreakerThreshold() is half the desired count rounded up, within 3..200", () => {
  assert.equal(circuitBreakerThreshold(1), 3);
  assert.equal(circuitBreakerThreshold(6), 3);
  assert.equal(circuitBreakerThreshold(10), 5);
  assert.equal(circuitBreakerThreshold(25), 13);
  assert.equal(circuitBreakerThreshold(1000), 200);
});

Deno.test("fail-pull trips the circuit breaker and rolls back to the previous deployment id", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f, breaker(true));
  const previous = (await primary(f)).id as string;
  const ours = await deployImage(f, "nginx:fail-pull");
  await until(f, async () => (await deployments(f)).some((d) => d.rolloutState === "FAILED"));
  const during = await deployments(f);
  const restored = during[0]!;
  assert.equal(restored.id, previous);
  assert.equal(restored.status, "PRIMARY");
  assert.equal(restored.taskDefinition, td1);
  assert.equal(restored.rolloutState, "IN_PROGRESS");
  assert.equal(
    restored.rolloutStateReason,
    `ECS deployment circuit breaker: rolling back to deploymentId ${previous}.`,
  );
  const failed = during.find((d) => d.id === ours)!;
  assert.equal(failed.status, "ACTIVE");
  assert.equal(failed.rolloutState, "FAILED");
  assert.equal(failed.rolloutStateReason, "ECS deployment circuit breaker: tasks failed to start.");
  assert.ok((failed.failedTasks as number) >= 3);
  assert.equal((await describeService(f)).taskDefinition, td1);
  const messages = await eventMessages(f);
  assert.equal(messages[0], `(service api) rolling back to deployment ${previous}.`);
  assert.equal(
    messages[1],
    `(service api) (deployment ${ours}) deployment failed: tasks failed to start.`,
  );

  await until(f, async () => (await deployments(f)).length === 1);
  const [done] = await deployments(f);
  assert.equal(done!.id, previous);
  assert.equal(done!.rolloutState, "COMPLETED");
  assert.equal((await describeService(f)).runningCount, 2);
  const sdArn = f.sim.serviceDeploymentArnOf(ours)!;
  const sd = ((await f.call("DescribeServiceDeployments", { serviceDeploymentArns: [sdArn] }))
    .serviceDeployments as Wire[])[0]!;
  assert.equal(sd.status, "ROLLBACK_SUCCESSFUL");
  assert.deepEqual(sd.deploymentCircuitBreaker, {
    status: "TRIGGERED",
    failureCount: failed.failedTasks,
    threshold: 3,
  });
  assert.equal((sd.rollback as Wire).reason, "Circuit Breaker");
  assert.deepEqual(f.finished.at(-1), {
    deploymentId: ours,
    serviceDeploymentArn: sdArn,
    outcome: "ROLLED_BACK",
    at: (done!.updatedAt as Date).getTime(),
  });
});

Deno.test("a task that cannot pull its image stops with TaskFailedToStart and ECS's reason", async () => {
  const f = aSimulator();
  await aSettledService(f, breaker(true));
  await deployImage(f, "nginx:fail-pull");
  await until(f, async () => (await tasksOf(f, "STOPPED")).length > 0);
  const [task] = await tasksOf(f, "STOPPED");
  const reason =
    "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:fail-pull: not found";
  assert.equal(task!.lastStatus, "STOPPED");
  assert.equal(task!.stopCode, "TaskFailedToStart");
  assert.equal(task!.stoppedReason, reason);
  assert.equal((task!.containers as Wire[])[0]!.reason, reason);
  assert.equal(task!.startedAt, undefined);
});

Deno.test("without rollback the failed deployment stays PRIMARY and stops launching", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f, breaker(false));
  const ours = await deployImage(f, "nginx:fail-pull");
  await until(f, async () => (await primary(f)).rolloutState === "FAILED");
  const failedAtTrip = (await primary(f)).failedTasks as number;
  assert.ok(failedAtTrip >= 3);
  f.clock.advance(2_000);
  const entries = await deployments(f);
  assert.equal(entries[0]!.id, ours);
  assert.equal(entries[0]!.status, "PRIMARY");
  assert.equal(entries[0]!.failedTasks, failedAtTrip);
  assert.equal(entries[0]!.runningCount, 0);
  assert.equal(entries[0]!.pendingCount, 0);
  assert.equal(entries[1]!.taskDefinition, td1);
  assert.equal(entries[1]!.runningCount, 2);
  assert.deepEqual(f.finished.at(-1)?.outcome, "FAILED");
  const sd = ((await f.call("DescribeServiceDeployments", {
    serviceDeploymentArns: [f.sim.serviceDeploymentArnOf(ours)],
  })).serviceDeployments as Wire[])[0]!;
  assert.equal(sd.status, "STOPPED");
  assert.equal(sd.statusReason, "ECS deployment circuit breaker: tasks failed to start.");
});

Deno.test("without a circuit breaker a failing deployment retries for ever", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const ours = await deployImage(f, "nginx:fail-pull");
  f.clock.advance(20_000);
  const [entry, old] = await deployments(f);
  assert.equal(entry!.id, ours);
  assert.equal(entry!.rolloutState, "IN_PROGRESS");
  assert.ok((entry!.failedTasks as number) > 20, `failedTasks ${entry!.failedTasks}`);
  assert.equal(old!.runningCount, 2);
  assert.ok(
    (await eventMessages(f)).includes(
      "(service api) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
    ),
  );
  assert.deepEqual(f.finished.filter((e) => e.deploymentId === ours), []);
});

Deno.test("repeated launch failures back off like ECS's service throttle", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const since = f.clock.now();
  await deployImage(f, "nginx:fail-pull");
  f.clock.advance(10_000);
  const events = (await describeService(f)).events as Wire[];
  const starts = events
    .filter((e) => (e.message as string).includes("has started"))
    .map((e) => (e.createdAt as Date).getTime())
    .filter((t) => t >= since)
    .reverse();
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
  assert.ok(gaps.length >= 4, `only ${gaps.length} relaunches`);
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! >= gaps[i - 1]!, `gaps ${gaps}`);
  assert.ok(gaps.at(-1)! > 4 * gaps[0]!, `gaps ${gaps}`);
});

Deno.test("crashing tasks exit 1 and trip the circuit breaker", async () => {
  const f = aSimulator();
  await aSettledService(f, breaker(true));
  const ours = await deployImage(f, "nginx:crash-on-boot");
  await until(f, async () => (await deployments(f)).some((d) => d.rolloutState === "FAILED"));
  const crashed = (await tasksOf(f, "STOPPED")).find((t) => t.startedBy === ours)!;
  assert.equal(crashed.stopCode, "EssentialContainerExited");
  assert.equal(crashed.stoppedReason, "Essential container in task exited");
  assert.ok(crashed.startedAt instanceof Date);
  assert.equal((crashed.containers as Wire[])[0]!.exitCode, 1);
  await until(f, async () => (await deployments(f)).length === 1);
  assert.equal(f.finished.at(-1)?.outcome, "ROLLED_BACK");
});

Deno.test("unhealthy tasks fail their health checks and are replaced", async () => {
  const f = aSimulator();
  await aSettledService(f, { ...breaker(false), healthCheck: true });
  const ours = await deployImage(f, "nginx:unhealthy");
  await until(f, async () => (await primary(f)).rolloutState === "FAILED");
  const stopped = (await tasksOf(f, "STOPPED")).filter((t) => t.startedBy === ours);
  assert.ok(stopped.length >= 3);
  for (const t of stopped) {
    assert.equal(t.healthStatus, "UNHEALTHY");
    assert.equal(t.stoppedReason, "Task failed container health checks");
  }
  const messages = await eventMessages(f);
  assert.ok(
    messages.includes(
      `(service api) (task ${
        (stopped[0]!.taskArn as string).split("/").pop()
      }) failed container health checks.`,
    ),
  );
});

Deno.test("slow images take slowStartMs to reach RUNNING", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const started = f.clock.now();
  const ours = await deployImage(f, "nginx:slow");
  await until(
    f,
    async () => (await tasksOf(f)).some((t) => t.startedBy === ours && t.lastStatus === "RUNNING"),
  );
  assert.ok(f.clock.now() - started >= f.sim.timings.slowStartMs);
});
