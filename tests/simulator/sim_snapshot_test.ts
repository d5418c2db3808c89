import assert from "node:assert/strict";
import { fastTimings, SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { SIM_SNAPSHOT_FORMAT, SIM_SNAPSHOT_VERSION } from "../../src/simulator/sim_snapshot.ts";
import type { DeploymentFinishedEvent } from "../../src/simulator/simulated_ecs.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { aSettledService, aSimulator, primary, registerImage, type Wire } from "./sim_fixtures.ts";

/** What a client can see of cluster "prod": the service, its service deployments, its tasks. */
async function view(call: (op: string, input: Wire) => Promise<Wire>): Promise<Wire> {
  const services = await call("DescribeServices", { cluster: "prod", services: ["api"] });
  const listed = await call("ListServiceDeployments", { cluster: "prod", service: "api" });
  const sdArns = (listed.serviceDeployments as Wire[]).map((sd) => sd.serviceDeploymentArn);
  const sds = await call("DescribeServiceDeployments", { serviceDeploymentArns: sdArns });
  const tasks = [];
  for (const desiredStatus of ["RUNNING", "STOPPED"]) {
    const arns = (await call("ListTasks", { cluster: "prod", desiredStatus })).taskArns as string[];
    if (arns.length > 0) tasks.push(await call("DescribeTasks", { cluster: "prod", tasks: arns }));
  }
  const revisions = await call("ListTaskDefinitions", {});
  return { services, sds, tasks, revisions };
}

/** A restored copy of `sim` on its own clock, at the same time, through a JSON round trip. */
function restoredCopy(sim: SimulatedEcs, at: number) {
  const clock = new FakeClock(at);
  const snapshot = JSON.parse(JSON.stringify(sim.snapshot()));
  const copy = new SimulatedEcs({ clock, timings: fastTimings, snapshot });
  const finished: DeploymentFinishedEvent[] = [];
  copy.onDeploymentFinished((e) => finished.push(e));
  return { clock, sim: copy, finished, call: (op: string, input: Wire) => copy.call(op, input) };
}

Deno.test("a restored snapshot goes on with a rollout in progress exactly as the original", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    desiredCount: 3,
    healthCheck: true,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  const td = await registerImage(f, "nginx:crash", { healthCheck: true });
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td });
  // In the middle of it: new tasks starting and crashing, none failed for good yet.
  f.clock.advance(25);
  assert.equal((await primary(f)).rolloutState, "IN_PROGRESS");

  const copy = restoredCopy(f.sim, f.clock.now());
  assert.deepEqual(await view(copy.call), await view(f.call));
  for (let step = 0; step < 400; step++) {
    f.clock.advance(7);
    copy.clock.advance(7);
    assert.deepEqual(await view(copy.call), await view(f.call), `after ${step + 1} steps`);
  }
  // The breaker tripped and the rollback finished in both, at the same moments.
  assert.deepEqual(f.finished.map((e) => e.outcome), ["COMPLETED", "ROLLED_BACK"]);
  assert.deepEqual(copy.finished, f.finished.slice(1));
  // Ids go on from the same place: the next task, deployment and event ids are equal.
  const next = async (call: (op: string, input: Wire) => Promise<Wire>) =>
    await call("UpdateService", { cluster: "prod", service: "api", forceNewDeployment: true });
  assert.deepEqual(await next(copy.call), await next(f.call));
});

Deno.test("snapshot() of a restored simulator equals the snapshot it was restored from", async () => {
  const f = aSimulator();
  await aSettledService(f, { healthCheck: true });
  const td = await registerImage(f, "nginx:1.27", { healthCheck: true });
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td });
  f.clock.advance(15);
  await f.call("DeregisterTaskDefinition", { taskDefinition: "api:1" });
  // Member names of user data that look like the encoding's markers survive.
  await f.call("RegisterTaskDefinition", {
    family: "labels",
    containerDefinitions: [
      { name: "web", image: "nginx", memory: 128, dockerLabels: { $id: "1", $ref: "2", $$x: "3" } },
    ],
  });
  const json = JSON.stringify(f.sim.snapshot());
  const copy = restoredCopy(f.sim, f.clock.now());
  assert.equal(JSON.stringify(copy.sim.snapshot()), json);
  const labels = async (call: (op: string, input: Wire) => Promise<Wire>) =>
    await call("DescribeTaskDefinition", { taskDefinition: "labels" });
  assert.deepEqual(await labels(copy.call), await labels(f.call));
  assert.deepEqual(
    (((await labels(copy.call)).taskDefinition as Wire).containerDefinitions as Wire[])[0]!
      .dockerLabels,
    { $id: "1", $ref: "2", $$x: "3" },
  );
  const parsed = JSON.parse(json);
  assert.equal(parsed.format, SIM_SNAPSHOT_FORMAT);
  assert.equal(parsed.version, SIM_SNAPSHOT_VERSION);
  assert.equal(parsed.time, new Date(f.clock.now()).toISOString());
});

Deno.test("a restored simulator runs what fell due while it was stopped", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const td = await registerImage(f, "nginx:1.27");
  await f.call("UpdateService", { cluster: "prod", service: "api", taskDefinition: td });
  const copy = restoredCopy(f.sim, f.clock.now() + 60_000);
  const service = (await copy.call("DescribeServices", { cluster: "prod", services: ["api"] }))
    .services as Wire[];
  const deployments = service[0]!.deployments as Wire[];
  assert.equal(deployments.length, 1);
  assert.equal(deployments[0]!.rolloutState, "COMPLETED");
  assert.equal(deployments[0]!.taskDefinition, td);
  assert.deepEqual(copy.finished.map((e) => e.outcome), ["COMPLETED"]);
});

Deno.test("new SimulatedEcs({ snapshot }) rejects what is not a snapshot it can read, saying why", () => {
  const clock = new FakeClock();
  const good = new SimulatedEcs({ clock }).snapshot() as unknown as Record<string, unknown>;
  const restore = (snapshot: unknown) => () => new SimulatedEcs({ clock, snapshot });
  assert.throws(restore([]), { message: "not an emulator state: expected a JSON object" });
  assert.throws(restore({ ...good, format: "other" }), {
    message: `not an emulator state: "format" is "other", expected "ecs-deploy-emulator-state"`,
  });
  assert.throws(restore({ ...good, version: 2 }), {
    message: "format version 2 is not supported: this ecs-deploy reads version 1",
  });
  assert.throws(restore({ ...good, version: undefined }), {
    message: "format version undefined is not supported: this ecs-deploy reads version 1",
  });
  assert.throws(restore({ ...good, now: "soon" }), {
    message: `broken emulator state: bad or missing "now"`,
  });
  assert.throws(restore({ ...good, state: { clusters: { $ref: 9 } } }), {
    message: "broken emulator state: unknown reference 9 at $.clusters",
  });
  assert.throws(
    restore({
      ...good,
      state: { ...(good.state as object), steps: [{ at: 1, item: { kind: "x" } }] },
    }),
    { message: `broken emulator state: bad or missing "state.steps[].item.kind"` },
  );
});

Deno.test("a snapshot carries a BLUE_GREEN deployment paused at a hook and one whose rollback is requested", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 1,
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"] }],
    },
  });
  const td = await registerImage(f, "nginx:1.26");
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td,
  });
  const arn = (out.service as Wire).currentServiceDeployment as string;
  const describe = async (call: (op: string, input: Wire) => Promise<Wire>) =>
    ((await call("DescribeServiceDeployments", { serviceDeploymentArns: [arn] }))
      .serviceDeployments as Wire[])[0]!;
  f.clock.advance(1_000);
  const paused = await describe(f.call);
  const hook = (paused.lifecycleHookDetails as Wire[])[0]!;
  assert.equal(hook.status, "AWAITING_ACTION");

  const copy = restoredCopy(f.sim, f.clock.now());
  assert.deepEqual(await describe(copy.call), paused);
  await copy.call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId: hook.hookId });
  copy.clock.advance(61_000);
  assert.equal((await describe(copy.call)).status, "SUCCESSFUL");

  // The rollback a stop requested is a scheduled step: it survives a snapshot too.
  await f.call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  assert.equal((await describe(f.call)).status, "ROLLBACK_REQUESTED");
  const second = restoredCopy(f.sim, f.clock.now());
  second.clock.advance(1_000);
  assert.equal((await describe(second.call)).status, "ROLLBACK_SUCCESSFUL");
});
