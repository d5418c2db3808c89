import assert from "node:assert/strict";
import type { GroupEvent, GroupResult } from "../../../src/deploy/mod.ts";
import { runGroup } from "../../../src/deploy/group/run_group.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { GroupRequest } from "../../../src/deploy/group/group_request.ts";
import {
  aDeployRequest,
  DEMO_IMAGE,
  MUTATING_METHODS,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";
import { aGroupWorld, type ExtraService, serviceOf } from "../../support/group_world.ts";

const IMAGE = `${DEMO_IMAGE}:1.28`;

/** A group deploy of `services` (in cluster "prod" unless SERVICE@CLUSTER) in the world. */
async function groupIn(
  world: SimulatedWorld,
  services: string[],
  more: Partial<Omit<GroupRequest, "members" | "deploy">> & {
    deploy?: Partial<GroupRequest["deploy"]>;
  } = {},
): Promise<{ result: GroupResult; events: GroupEvent[] }> {
  const events: GroupEvent[] = [];
  const { service: _s, ...deploy } = aDeployRequest({ cluster: "prod", images: [IMAGE] });
  const result = await runGroup({
    ...more,
    deploy: { ...deploy, ...more.deploy },
    members: services.map((s) => {
      const [service, cluster] = s.split("@");
      return { service: service!, cluster: cluster ?? "prod" };
    }),
  }, { ecs: world.ecs, clock: world.clock, emit: (event) => events.push(event) });
  return { result, events };
}

function outcomes(result: GroupResult): Record<string, string> {
  return Object.fromEntries(result.services.map((s) => [s.member, s.outcome]));
}

const mutations = (world: SimulatedWorld) =>
  world.calls.filter((call) => MUTATING_METHODS.includes(call));

async function worldOf(extra: ExtraService[]) {
  return await aGroupWorld(extra);
}

Deno.test("runGroup() succeeds once every service succeeded, each on its own new revision", async () => {
  const world = await worldOf([{ service: "worker" }, { service: "cron" }]);
  const { result, events } = await groupIn(world, ["api", "worker", "cron"]);

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(outcomes(result), { api: "succeeded", worker: "succeeded", cron: "succeeded" });
  assert.equal(result.revisions.length, 3, "three families, three revisions");
  for (const service of ["api", "worker", "cron"]) {
    const line = result.services.find((s) => s.service === service)!;
    assert.match(line.taskDefinitionArn ?? "", new RegExp(`/${service}:2$`));
    assert.equal((await serviceOf(world, service)).taskDefinition, line.taskDefinitionArn);
  }
  assert.equal(world.countOf("registerTaskDefinition"), 3);
  assert.equal(world.countOf("updateService"), 3);
  assert.equal(events.at(-1)?.type, "group_finished");
  const finished = events.filter((e) => e.type === "member" && e.event.type === "finished");
  assert.equal(finished.length, 3, "one result per service");
});

Deno.test("runGroup() registers a revision several services run once, and deploys it to each", async () => {
  const base = await aGroupWorld([]);
  const world = base;
  const shared = world.seeded.taskDefinitionArn;
  const { addService, settleAll } = await import("../../support/group_world.ts");
  await addService(world, { service: "worker", taskDefinitionArn: shared });
  await addService(world, { service: "cron" });
  await settleAll(world, [{ service: "api" }, { service: "worker" }, { service: "cron" }]);
  world.calls.length = 0;

  const { result } = await groupIn(world, ["api", "worker", "cron"]);

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(world.countOf("registerTaskDefinition"), 2, "api:2 once, cron:2 once");
  const arn = (s: string) => result.services.find((m) => m.service === s)!.taskDefinitionArn;
  assert.equal(arn("api"), arn("worker"));
  assert.match(arn("api") ?? "", /\/api:2$/);
  assert.match(arn("cron") ?? "", /\/cron:2$/);
  assert.deepEqual(
    result.revisions.map((r) => r.members).sort(),
    [["api", "worker"], ["cron"]],
  );
  assert.equal((await serviceOf(world, "worker")).taskDefinition, arn("api"));
  const worker = result.services.find((s) => s.service === "worker")!;
  assert.equal(worker.previousTaskDefinitionArn, shared);
});

Deno.test("runGroup() changes nothing anywhere when one service is invalid, and names each bad one", async () => {
  const world = await worldOf([{ service: "worker", image: "docker.io/library/redis:7" }, {
    service: "cron",
  }]);
  world.calls.length = 0;
  const { result } = await groupIn(world, ["api", "worker", "cron", "nope"]);

  assert.equal(result.outcome, "invalid", result.reason);
  assert.equal(result.exitCode, 2);
  assert.match(result.reason, /^2 of 4 services cannot be deployed; nothing was changed/);
  assert.match(
    result.reason,
    /Cannot deploy "worker": no -i or -l rule applies to it; its container images are "docker.io\/library\/redis:7" \(web\)/,
  );
  assert.match(result.reason, /"nope"/);
  assert.deepEqual(outcomes(result), {
    api: "not_started",
    worker: "invalid",
    cron: "not_started",
    nope: "invalid",
  });
  assert.deepEqual(mutations(world), [], "no Register, no Update");
  assert.ok(world.calls.length > 0, "it read every service first");
});

Deno.test("runGroup() gives each service the images of its own repositories", async () => {
  const world = await worldOf([{ service: "worker", image: "docker.io/library/redis:7" }]);
  const { result } = await groupIn(world, ["api", "worker"], {
    deploy: { images: [IMAGE, "redis:7.2"] },
  });

  assert.equal(result.outcome, "succeeded", result.reason);
  const image = async (service: string) => {
    const { taskDefinition } = await world.ecs.describeTaskDefinition(
      (await serviceOf(world, service)).taskDefinition,
    );
    return taskDefinition.containerDefinitions.find((c) => c.name === "web")?.image;
  };
  assert.equal(await image("api"), IMAGE);
  assert.equal(await image("worker"), "redis:7.2");
});

Deno.test("runGroup() refuses an image rule that applies to no service, changing nothing", async () => {
  const world = await worldOf([{ service: "worker" }]);
  world.calls.length = 0;
  const { result } = await groupIn(world, ["api", "worker"], {
    deploy: { images: [IMAGE, "redis:7.2"], containerImages: [{ container: "db", image: "x:1" }] },
  });

  assert.equal(result.outcome, "invalid", result.reason);
  assert.equal(
    result.reason,
    'Image "redis:7.2" (-i) matches no container of the 2 services; Container "db" (-l) is in ' +
      "none of the 2 services; nothing was changed",
  );
  assert.deepEqual(mutations(world), []);
});

Deno.test("runGroup() reports the worst outcome when one service fails, and leaves the others", async () => {
  const world = await worldOf([{ service: "worker", failing: "stop" }, { service: "cron" }]);
  const { result } = await groupIn(world, ["api", "worker", "cron"]);

  assert.equal(result.outcome, "failed", result.reason);
  assert.equal(result.exitCode, 1);
  assert.deepEqual(outcomes(result), { api: "succeeded", worker: "failed", cron: "succeeded" });
  assert.match(result.reason, /^3 services: 1 failed \(worker\), 2 succeeded; "worker": /);
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:2$/);
  assert.match((await serviceOf(world, "cron")).taskDefinition, /\/cron:2$/);
});

Deno.test("runGroup() with groupRollback rolls back every service that moved, the failed one too", async () => {
  const world = await worldOf([{ service: "worker", failing: "stop" }, { service: "cron" }]);
  world.hooks.push((method, _count, args) => {
    // The alarm clears once the bad revision is on its way out: the rollback may succeed.
    const update = args[0] as { service?: string; taskDefinition?: string };
    if (method === "updateService" && update.taskDefinition?.endsWith("/worker:1")) {
      world.sim.setAlarmState("worker-5xx", "OK");
    }
  });
  const { result, events } = await groupIn(world, ["api", "worker", "cron"], {
    groupRollback: true,
  });

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.deepEqual(outcomes(result), {
    api: "rolled_back",
    worker: "rolled_back",
    cron: "rolled_back",
  });
  for (const service of ["api", "worker", "cron"]) {
    assert.match((await serviceOf(world, service)).taskDefinition, new RegExp(`/${service}:1$`));
  }
  const api = result.services.find((s) => s.service === "api")!;
  assert.equal(api.groupRollback?.outcome, "succeeded");
  const worker = result.services.find((s) => s.service === "worker")!;
  assert.equal(worker.rollback?.outcome, "succeeded", "it rolled itself back (--rollback)");
  assert.equal(worker.groupRollback, undefined);
  const started = events.find((e) => e.type === "group_rollback_started");
  assert.deepEqual(started?.type === "group_rollback_started" && started.members.sort(), [
    "api",
    "cron",
  ]);
});

Deno.test("runGroup() with groupRollback leaves alone a service ECS rolled back itself", async () => {
  const world = await worldOf([{ service: "worker", failing: "rollback" }]);
  const { result } = await groupIn(world, ["api", "worker"], { groupRollback: true });

  assert.equal(result.outcome, "rolled_back", result.reason);
  const worker = result.services.find((s) => s.service === "worker")!;
  assert.equal(worker.outcome, "rolled_back");
  assert.equal(worker.rollback, undefined, "ECS rolled it back; nothing of ours to undo");
  assert.equal(worker.groupRollback, undefined);
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:1$/);
});

Deno.test("runGroup() with failFast starts no more services once one has failed", async () => {
  const world = await worldOf([{ service: "worker", failing: "stop" }, { service: "cron" }]);
  const { result } = await groupIn(world, ["worker", "api", "cron"], {
    failFast: true,
    parallel: 1,
  });

  assert.equal(result.outcome, "failed", result.reason);
  assert.deepEqual(outcomes(result), { worker: "failed", api: "not_started", cron: "not_started" });
  assert.match(result.services[1]!.reason, /not started: "worker" failed \(--fail-fast\)/);
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:1$/);
  assert.equal(world.countOf("updateService"), 1);
});

Deno.test("runGroup() without failFast deploys the rest after a failure, one at a time", async () => {
  const world = await worldOf([{ service: "worker", failing: "stop" }, { service: "cron" }]);
  const { result } = await groupIn(world, ["worker", "api", "cron"], { parallel: 1 });
  assert.deepEqual(outcomes(result), { worker: "failed", api: "succeeded", cron: "succeeded" });
});

Deno.test("runGroup() reports superseded when another deployment replaces one member's", async () => {
  const world = await worldOf([{ service: "worker" }]);
  let replaced = false;
  world.hooks.push(async (method, _count, args, proceed) => {
    const update = args[0] as { service?: string };
    if (replaced || method !== "updateService" || update.service !== "worker") return;
    replaced = true;
    const answer = await proceed();
    // Someone else deploys worker:1 right after ours started.
    await world.sim.call("UpdateService", {
      cluster: "prod",
      service: "worker",
      taskDefinition: world.seeded.taskDefinitionArn.replace("/api:1", "/worker:1"),
    });
    return answer;
  });
  const { result } = await groupIn(world, ["api", "worker"]);

  assert.ok(replaced);
  assert.equal(result.outcome, "superseded", result.reason);
  assert.deepEqual(outcomes(result), { api: "succeeded", worker: "superseded" });
});

Deno.test("runGroup() deploys SERVICE@CLUSTER in its own cluster", async () => {
  const world = await worldOf([{ service: "api", cluster: "staging" }]);
  const { result } = await groupIn(world, ["api", "api@staging"]);

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.deepEqual(outcomes(result), { api: "succeeded", "api@staging": "succeeded" });
  const staging = result.services.find((s) => s.member === "api@staging")!;
  assert.equal(staging.cluster, "staging");
  assert.equal(
    (await serviceOf(world, "api", "staging")).taskDefinition,
    staging.taskDefinitionArn,
  );
});

Deno.test("runGroup() refuses the same service twice", async () => {
  const world = await worldOf([]);
  world.calls.length = 0;
  const { result } = await groupIn(world, ["api", "api@prod"]);
  assert.equal(result.outcome, "invalid");
  assert.match(result.reason, /Cannot deploy "api" twice in one run/);
  assert.deepEqual(world.calls, []);
});

Deno.test("runGroup() keeps one deadline for the whole group", async () => {
  const world = await worldOf([{ service: "worker" }]);
  const startedAt = world.clock.now();
  const { result } = await groupIn(world, ["api", "worker"], {
    // Tasks of the slow image take 1 s to start: each member's wait outlasts its share.
    deploy: { images: [`${DEMO_IMAGE}:slow`], timeoutMs: 1_500 },
    parallel: 1,
  });
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.ok(world.clock.now() - startedAt <= 1_500, `${world.clock.now() - startedAt} ms`);
});

Deno.test("runGroup() stops every member on the signal", async () => {
  const world = await worldOf([{ service: "worker" }]);
  const controller = new AbortController();
  world.hooks.push((method) => {
    if (method === "describeService" && world.countOf("updateService") === 2) {
      controller.abort("SIGTERM");
    }
  });
  const events: GroupEvent[] = [];
  const { service: _s, ...deploy } = aDeployRequest({ cluster: "prod", images: [IMAGE] });
  const result = await runGroup({
    deploy,
    members: [{ service: "api", cluster: "prod" }, { service: "worker", cluster: "prod" }],
  }, {
    ecs: world.ecs,
    clock: world.clock,
    emit: (e) => events.push(e),
    signal: controller.signal,
  });
  assert.equal(result.outcome, "cancelled", result.reason);
  assert.equal(result.exitCode, 143);
  assert.deepEqual(outcomes(result), { api: "cancelled", worker: "cancelled" });
});

Deno.test("runGroup() applies and watches at most `parallel` services at once", async () => {
  const world = await worldOf([{ service: "a" }, { service: "b" }, { service: "c" }]);
  const { result, events } = await groupIn(world, ["api", "a", "b", "c"], { parallel: 2 });

  assert.equal(result.outcome, "succeeded", result.reason);
  let inFlight = 0;
  let most = 0;
  for (const event of events) {
    if (event.type !== "member") continue;
    if (event.event.type === "service_updated") most = Math.max(most, ++inFlight);
    if (event.event.type === "finished") inFlight--;
  }
  assert.equal(most, 2);
});

Deno.test("runGroup() changes no service when a revision cannot be registered", async () => {
  const world = await worldOf([{ service: "worker" }]);
  world.hooks.push((method, _count, args) => {
    if (
      method === "registerTaskDefinition" && (args[0] as { family: string }).family === "worker"
    ) {
      throw new EcsApiError("ClientException", "Too many revisions");
    }
  });
  const { result } = await groupIn(world, ["api", "worker"], { parallel: 1 });

  assert.equal(result.outcome, "error", result.reason);
  assert.match(
    result.reason,
    /^Cannot register the next revision of "worker": .*no service was changed$/,
  );
  assert.equal(world.countOf("updateService"), 0);
  assert.deepEqual(outcomes(result), { api: "not_started", worker: "not_started" });
});

Deno.test("runGroup() with groupRollback is failed when a rollback fails too, and says which", async () => {
  // The alarm stays in ALARM: worker's own rollback fails as its deployment did.
  const world = await worldOf([{ service: "worker", failing: "stop" }]);
  const { result } = await groupIn(world, ["api", "worker"], { groupRollback: true });

  assert.equal(result.outcome, "failed", result.reason);
  assert.deepEqual(outcomes(result), { api: "rolled_back", worker: "failed" });
  const worker = result.services.find((s) => s.service === "worker")!;
  assert.equal(worker.rollback?.outcome, "failed");
  assert.match(
    result.reason,
    /the group was rolled back: 2 services: 1 failed \(worker\), 1 rolled_back \(api\)$/,
  );
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:1$/);
});

Deno.test("runGroup() does not start a service whose turn comes after the deadline", async () => {
  const world = await worldOf([{ service: "worker" }]);
  // The first service's slow tasks hold its turn past the deadline.
  const { result } = await groupIn(world, ["api", "worker"], {
    deploy: { images: [`${DEMO_IMAGE}:slow`], timeoutMs: 1_000, diagnose: false },
    parallel: 1,
  });

  assert.equal(result.outcome, "timed_out", result.reason);
  assert.deepEqual(outcomes(result), { api: "timed_out", worker: "not_started" });
  assert.equal(result.services[1]!.reason, "not started: the deadline passed before its turn");
  assert.match((await serviceOf(world, "worker")).taskDefinition, /\/worker:1$/);
});
