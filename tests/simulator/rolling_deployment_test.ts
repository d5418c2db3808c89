import assert from "node:assert/strict";
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

async function deployAndWatch(
  f: ReturnType<typeof aSimulator>,
  update: Wire,
  check: (service: Wire) => void,
): Promise<void> {
  await f.call("UpdateService", { cluster: "prod", service: "api", ...update });
  await until(
    f,
    async () => {
      const d = await deployments(f);
      return d.length === 1 && d[0]!.rolloutState === "COMPLETED";
    },
    { stepMs: 1, onStep: async () => check(await describeService(f)) },
  );
}

for (
  const [min, max, desired] of [[100, 200, 2], [50, 150, 4], [0, 100, 3], [100, 125, 4]] as const
) {
  Deno.test(`rolling deployment with min ${min}% max ${max}% of ${desired} stays within both limits`, async () => {
    const f = aSimulator();
    await aSettledService(f, {
      desiredCount: desired,
      deploymentConfiguration: { minimumHealthyPercent: min, maximumPercent: max },
    });
    const td2 = await registerImage(f, "nginx:1.26");
    const minCount = Math.ceil((desired * min) / 100);
    const maxCount = Math.floor((desired * max) / 100);
    let peak = 0;
    let trough = Infinity;
    await deployAndWatch(f, { taskDefinition: td2 }, (s) => {
      const running = s.runningCount as number;
      const pending = s.pendingCount as number;
      peak = Math.max(peak, running + pending);
      trough = Math.min(trough, running);
    });
    assert.ok(trough >= minCount, `running dropped to ${trough} < ${minCount}`);
    assert.ok(peak <= maxCount, `running+pending reached ${peak} > ${maxCount}`);
    const s = await describeService(f);
    assert.equal(s.taskDefinition, td2);
    assert.equal(s.runningCount, desired);
    const running = await tasksOf(f);
    assert.equal(running.length, desired);
    assert.ok(running.every((t) => t.taskDefinitionArn === td2 && t.lastStatus === "RUNNING"));
  });
}

Deno.test("a completed deployment is the only entry, updated at the completion moment", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  const old = await primary(f);
  const td2 = await registerImage(f, "nginx:1.26");
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td2,
  });
  const updated = out.service as Wire;
  assert.equal(updated.taskDefinition, td2);
  const entries = updated.deployments as Wire[];
  assert.deepEqual(entries.map((d) => [d.status, d.taskDefinition, d.rolloutState]), [
    ["PRIMARY", td2, "IN_PROGRESS"],
    ["ACTIVE", td1, "COMPLETED"],
  ]);
  const ours = entries[0]!.id as string;
  assert.match(ours, /^ecs-svc\/\d{19}$/);
  assert.notEqual(ours, old.id);
  await until(f, async () => (await deployments(f)).length === 1);
  const [done] = await deployments(f);
  assert.equal(done!.id, ours);
  assert.equal(done!.rolloutState, "COMPLETED");
  assert.equal(done!.rolloutStateReason, `ECS deployment ${ours} completed.`);
  assert.equal(done!.runningCount, 2);
  const finished = f.finished.at(-1)!;
  assert.equal(finished.deploymentId, ours);
  assert.equal(finished.outcome, "COMPLETED");
  assert.equal((done!.updatedAt as Date).getTime(), finished.at);
});

Deno.test("old tasks stop with ServiceSchedulerInitiated naming the new deployment", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const oldTasks = await tasksOf(f);
  const td2 = await registerImage(f, "nginx:1.26");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  const ours = (await primary(f)).id;
  await until(f, async () => (await deployments(f)).length === 1);
  const out = await f.call("DescribeTasks", {
    cluster: "prod",
    tasks: oldTasks.map((t) => t.taskArn),
  });
  for (const t of out.tasks as Wire[]) {
    assert.equal(t.lastStatus, "STOPPED");
    assert.equal(t.desiredStatus, "STOPPED");
    assert.equal(t.stopCode, "ServiceSchedulerInitiated");
    assert.equal(t.stoppedReason, `Scaling activity initiated by (deployment ${ours})`);
    assert.ok(t.stoppedAt instanceof Date);
  }
});

Deno.test("service events use ECS wording, newest first", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const td2 = await registerImage(f, "nginx:1.26");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  const ours = (await primary(f)).id;
  await until(f, async () => (await deployments(f)).length === 1);
  const messages = await eventMessages(f);
  assert.equal(messages[0], "(service api) has reached a steady state.");
  assert.equal(messages[1], `(service api) (deployment ${ours}) deployment completed.`);
  assert.match(
    messages[2]!,
    /^\(service api\) has stopped 2 running tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
  );
  assert.match(
    messages[3]!,
    /^\(service api\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
  );
  const events = (await describeService(f)).events as Wire[];
  const times = events.map((e) => (e.createdAt as Date).getTime());
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.match(
    events[0]!.id as string,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

Deno.test("a deployment superseded mid-rollout drains as ACTIVE and reports SUPERSEDED", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const td2 = await registerImage(f, "nginx:1.26");
  const td3 = await registerImage(f, "nginx:1.27");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  const second = (await primary(f)).id as string;
  f.clock.advance(15);
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td3 });
  const entries = await deployments(f);
  assert.deepEqual(entries.map((d) => [d.status, d.taskDefinition]).slice(0, 2), [
    ["PRIMARY", td3],
    ["ACTIVE", td2],
  ]);
  assert.deepEqual(
    f.finished.filter((e) => e.deploymentId === second).map((e) => e.outcome),
    ["SUPERSEDED"],
  );
  await until(f, async () => (await deployments(f)).length === 1);
  const [last] = await deployments(f);
  assert.equal(last!.taskDefinition, td3);
  assert.equal(last!.rolloutState, "COMPLETED");
  const running = await tasksOf(f);
  assert.ok(running.every((t) => t.taskDefinitionArn === td3));
});

Deno.test("forceNewDeployment deploys the same revision under a new deployment id", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  const before = (await primary(f)).id;
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    forceNewDeployment: true,
  });
  const entries = (out.service as Wire).deployments as Wire[];
  assert.equal(entries.length, 2);
  assert.notEqual(entries[0]!.id, before);
  assert.equal(entries[0]!.taskDefinition, td1);
  await until(f, async () => (await deployments(f)).length === 1);
  assert.equal((await primary(f)).id, entries[0]!.id);
});

Deno.test("changing only desiredCount scales without a new deployment, down to zero", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const id = (await primary(f)).id;
  await f.call("UpdateService", { cluster: "prod", service: "api", desiredCount: 3 });
  assert.equal((await deployments(f)).length, 1);
  await until(f, async () => (await describeService(f)).runningCount === 3);
  await f.call("UpdateService", { cluster: "prod", service: "api", desiredCount: 0 });
  await until(f, async () => (await eventMessages(f))[0]!.includes("steady state"));
  const s = await describeService(f);
  assert.equal(s.desiredCount, 0);
  assert.equal(s.runningCount, 0);
  assert.deepEqual(await tasksOf(f, "RUNNING"), []);
  assert.equal((s.deployments as Wire[]).length, 1);
  assert.equal((s.deployments as Wire[])[0]!.id, id);
  assert.equal((s.deployments as Wire[])[0]!.desiredCount, 0);
  const messages = await eventMessages(f);
  assert.equal(messages[0], "(service api) has reached a steady state.");
  assert.match(messages[1]!, /^\(service api\) has stopped 3 running tasks: /);
});

Deno.test("deploying while scaled to zero completes after the stabilization time alone", async () => {
  const f = aSimulator();
  await aSettledService(f, { desiredCount: 0 });
  const td2 = await registerImage(f, "nginx:1.26");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td2 });
  f.clock.advance(f.sim.timings.stabilizationMs - 1);
  assert.equal((await primary(f)).rolloutState, "IN_PROGRESS");
  f.clock.advance(1);
  assert.equal((await primary(f)).rolloutState, "COMPLETED");
  assert.deepEqual(await tasksOf(f, "STOPPED"), []);
});

Deno.test("tasks with a container health check become HEALTHY before old tasks stop", async () => {
  const f = aSimulator();
  await aSettledService(f, { healthCheck: true });
  const running = await tasksOf(f);
  assert.ok(running.every((t) => t.healthStatus === "HEALTHY"));
  const containers = running.flatMap((t) => t.containers as Wire[]);
  assert.ok(containers.every((c) => c.healthStatus === "HEALTHY" && c.lastStatus === "RUNNING"));
});
