/**
 * The contract every EcsClient adapter keeps, as one suite run against several targets: the
 * simulated ECS in process, the AWS SDK adapter against the emulator, and the AWS SDK adapter
 * against moto. A target names the cases it cannot run, with the reason, and they show up as
 * ignored steps instead of disappearing.
 */
import assert from "node:assert/strict";
import { EcsApiError, type EcsClient } from "../../../src/ecs/ecs_client.ts";

/** One implementation under test and the means to set up state for it. */
export interface ContractTarget {
  /** A fresh client of the implementation under test. */
  client: EcsClient;
  /** Calls any ECS operation with wire-shaped JSON input, to seed state. */
  seed: (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** Moves the target's time on so rollouts progress. */
  advance: (ms: number) => Promise<void>;
  /** Cases this target cannot run, by name, with the reason. */
  unsupported?: Partial<Record<ContractCaseName, string>>;
}

interface SeededService {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
}

let counter = 0;

/** A cluster with one service of `desiredCount` tasks on a fresh family. */
async function seedService(
  target: ContractTarget,
  options: { desiredCount?: number; image?: string } = {},
): Promise<SeededService> {
  const id = `${Date.now().toString(36)}-${++counter}`;
  const cluster = `contract-${id}`;
  const service = `api-${id}`;
  await target.seed("CreateCluster", { clusterName: cluster });
  const registered = await target.seed("RegisterTaskDefinition", {
    family: `api-${id}`,
    containerDefinitions: [{
      name: "web",
      image: options.image ?? "registry.example.com/api:1.0.0",
      essential: true,
      memory: 256,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    }],
    tags: [{ key: "team", value: "platform" }],
  });
  const taskDefinitionArn = (registered.taskDefinition as { taskDefinitionArn: string })
    .taskDefinitionArn;
  await target.seed("CreateService", {
    cluster,
    serviceName: service,
    taskDefinition: taskDefinitionArn,
    desiredCount: options.desiredCount ?? 2,
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  });
  return { cluster, service, taskDefinitionArn };
}

/** Registers another revision of the seeded family with `image`. */
async function nextRevision(target: ContractTarget, seeded: SeededService, image: string) {
  const { taskDefinition } = await target.client.describeTaskDefinition(seeded.taskDefinitionArn);
  const { taskDefinition: next } = await target.client.registerTaskDefinition({
    family: taskDefinition.family,
    containerDefinitions: [{ ...taskDefinition.containerDefinitions[0]!, image }],
  });
  return next.taskDefinitionArn;
}

/** Registers the next revision with `image` and points the service at it; returns its ARN. */
async function deployRevision(target: ContractTarget, seeded: SeededService, image: string) {
  const next = await nextRevision(target, seeded, image);
  await target.client.updateService({
    cluster: seeded.cluster,
    service: seeded.service,
    taskDefinition: next,
  });
  return next;
}

function familyOf(seeded: SeededService): string {
  return seeded.taskDefinitionArn.split("/")[1]!.split(":")[0]!;
}

/** Fails when any member anywhere is present with the value undefined. */
function assertNoUndefinedMembers(value: unknown, path = "$"): void {
  if (value === null || typeof value !== "object" || value instanceof Date) return;
  for (const [key, member] of Object.entries(value)) {
    assert.notEqual(member, undefined, `${path}.${key} is present but undefined`);
    assertNoUndefinedMembers(member, `${path}.${key}`);
  }
}

async function assertEcsError(promise: Promise<unknown>, type: string): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof EcsApiError, `expected EcsApiError, got ${error}`);
    assert.equal(error.type, type);
    assert.equal(error.status, 400);
    return true;
  });
}

const cases = {
  "describeService() returns undefined for a service ECS reports MISSING": async (t) => {
    const { cluster } = await seedService(t);
    assert.equal(await t.client.describeService(cluster, "no-such-service"), undefined);
  },

  "describeService() throws ClusterNotFoundException for a missing cluster": async (t) => {
    await assertEcsError(
      t.client.describeService("no-such-cluster", "api"),
      "ClusterNotFoundException",
    );
  },

  "describeService() returns the service and its PRIMARY deployment with Date timestamps": async (
    t,
  ) => {
    const seeded = await seedService(t, { desiredCount: 2 });
    const service = await t.client.describeService(seeded.cluster, seeded.service);
    assert.ok(service);
    assert.equal(service.serviceName, seeded.service);
    assert.equal(service.status, "ACTIVE");
    assert.equal(service.taskDefinition, seeded.taskDefinitionArn);
    assert.equal(service.desiredCount, 2);
    assert.match(service.clusterArn, new RegExp(`:cluster/${seeded.cluster}$`));
    assert.equal(service.deployments.length, 1);
    const [primary] = service.deployments;
    assert.equal(primary?.status, "PRIMARY");
    assert.equal(primary?.taskDefinition, seeded.taskDefinitionArn);
    assert.ok(primary?.createdAt instanceof Date);
    assert.ok(primary?.updatedAt instanceof Date);
    assertNoUndefinedMembers(service);
  },

  "describeService() returns the deployment circuit breaker configuration": async (t) => {
    const seeded = await seedService(t);
    const service = await t.client.describeService(seeded.cluster, seeded.service);
    assert.deepEqual(service?.deploymentConfiguration?.deploymentCircuitBreaker, {
      enable: true,
      rollback: true,
    });
    assert.equal(service?.deploymentConfiguration?.maximumPercent, 200);
  },

  "listServices() and describeServices() read every service of a cluster, past one batch": async (
    t,
  ) => {
    const seeded = await seedService(t, { desiredCount: 0 });
    const names = [seeded.service];
    for (let i = 1; i <= 11; i++) {
      names.push(`${seeded.service}-${i}`);
      await t.seed("CreateService", {
        cluster: seeded.cluster,
        serviceName: `${seeded.service}-${i}`,
        taskDefinition: seeded.taskDefinitionArn,
        desiredCount: 0,
      });
    }
    const arns = await t.client.listServices(seeded.cluster);
    assert.equal(arns.length, 12);
    const services = await t.client.describeServices(seeded.cluster, arns);
    assert.deepEqual(services.map((s) => s.serviceName).sort(), names.sort());
    assert.ok(services.every((s) => s.taskDefinition === seeded.taskDefinitionArn));
  },

  "registerTaskDefinition() registers the next revision of the family": async (t) => {
    const seeded = await seedService(t);
    const { taskDefinition } = await t.client.registerTaskDefinition({
      family: familyOf(seeded),
      containerDefinitions: [{ name: "web", image: "registry.example.com/api:2.0.0", memory: 256 }],
      tags: [{ key: "release", value: "2.0.0" }],
    });
    assert.equal(taskDefinition.revision, 2);
    assert.equal(taskDefinition.status, "ACTIVE");
    assert.match(taskDefinition.taskDefinitionArn, /:task-definition\/api-[^:]+:2$/);
    assert.equal(taskDefinition.containerDefinitions[0]?.image, "registry.example.com/api:2.0.0");
    assertNoUndefinedMembers(taskDefinition);
    const described = await t.client.describeTaskDefinition(taskDefinition.taskDefinitionArn);
    assert.deepEqual(described.tags, [{ key: "release", value: "2.0.0" }]);
  },

  "registerTaskDefinition() returns the tags it registered": async (t) => {
    const seeded = await seedService(t);
    const { tags } = await t.client.registerTaskDefinition({
      family: familyOf(seeded),
      containerDefinitions: [{ name: "web", image: "registry.example.com/api:2.0.0", memory: 256 }],
      tags: [{ key: "release", value: "2.0.0" }],
    });
    assert.deepEqual(tags, [{ key: "release", value: "2.0.0" }]);
  },

  "describeTaskDefinition() finds a revision by ARN, family:revision and family, with tags": async (
    t,
  ) => {
    const seeded = await seedService(t);
    const family = familyOf(seeded);
    for (const reference of [seeded.taskDefinitionArn, `${family}:1`, family]) {
      const { taskDefinition, tags } = await t.client.describeTaskDefinition(reference);
      assert.equal(taskDefinition.taskDefinitionArn, seeded.taskDefinitionArn, reference);
      assert.equal(taskDefinition.family, family);
      assert.equal(taskDefinition.containerDefinitions[0]?.memory, 256);
      assert.deepEqual(tags, [{ key: "team", value: "platform" }]);
    }
  },

  "describeTaskDefinition() throws ClientException for an unknown revision": async (t) => {
    await assertEcsError(t.client.describeTaskDefinition("no-such-family:7"), "ClientException");
  },

  "listTaskDefinitions() lists revisions oldest first, ACTIVE apart from INACTIVE": async (t) => {
    const seeded = await seedService(t);
    const second = await nextRevision(t, seeded, "registry.example.com/api:2.0.0");
    const third = await nextRevision(t, seeded, "registry.example.com/api:3.0.0");
    const family = familyOf(seeded);
    assert.deepEqual(await t.client.listTaskDefinitions(family, "ACTIVE"), [
      seeded.taskDefinitionArn,
      second,
      third,
    ]);
    await t.client.deregisterTaskDefinition(second);
    assert.deepEqual(await t.client.listTaskDefinitions(family, "ACTIVE"), [
      seeded.taskDefinitionArn,
      third,
    ]);
    assert.deepEqual(await t.client.listTaskDefinitions(family, "INACTIVE"), [second]);
    const { taskDefinition } = await t.client.describeTaskDefinition(second);
    assert.equal(taskDefinition.status, "INACTIVE");
  },

  "updateService() throws ServiceNotFoundException for a missing service": async (t) => {
    const seeded = await seedService(t);
    await assertEcsError(
      t.client.updateService({ cluster: seeded.cluster, service: "no-such-service" }),
      "ServiceNotFoundException",
    );
  },

  "updateService() starts a PRIMARY deployment of exactly the given revision": async (t) => {
    const seeded = await seedService(t);
    const next = await nextRevision(t, seeded, "registry.example.com/api:2.0.0");
    const service = await t.client.updateService({
      cluster: seeded.cluster,
      service: seeded.service,
      taskDefinition: next,
    });
    assert.equal(service.taskDefinition, next);
    const primary = service.deployments.find((d) => d.status === "PRIMARY");
    assert.equal(primary?.taskDefinition, next);
    assert.equal(primary?.rolloutState, "IN_PROGRESS");
    const active = service.deployments.find((d) => d.status === "ACTIVE");
    assert.equal(active?.taskDefinition, seeded.taskDefinitionArn);
    assertNoUndefinedMembers(service);
  },

  "a healthy rollout completes with one PRIMARY deployment and every task running": async (t) => {
    const seeded = await seedService(t, { desiredCount: 2 });
    await t.advance(60_000);
    const next = await deployRevision(t, seeded, "registry.example.com/api:2.0.0");
    await t.advance(60_000);
    const service = await t.client.describeService(seeded.cluster, seeded.service);
    assert.equal(service?.deployments.length, 1);
    assert.equal(service?.deployments[0]?.taskDefinition, next);
    assert.equal(service?.deployments[0]?.rolloutState, "COMPLETED");
    assert.equal(service?.runningCount, 2);
  },

  "listTasks() and describeTasks() show the service's running tasks": async (t) => {
    const seeded = await seedService(t, { desiredCount: 3 });
    await t.advance(60_000);
    const arns = await t.client.listTasks(seeded.cluster, seeded.service, "RUNNING");
    assert.equal(arns.length, 3);
    const tasks = await t.client.describeTasks(seeded.cluster, arns);
    assert.deepEqual(tasks.map((task) => task.taskArn).sort(), [...arns].sort());
    for (const task of tasks) {
      assert.equal(task.lastStatus, "RUNNING");
      assert.equal(task.taskDefinitionArn, seeded.taskDefinitionArn);
      assert.match(task.startedBy ?? "", /^ecs-svc\//);
      assert.ok(task.createdAt instanceof Date);
      assert.equal(task.containers[0]?.name, "web");
      assertNoUndefinedMembers(task);
    }
  },

  "describeTasks() of no ARNs returns no tasks without asking ECS": async (t) => {
    const seeded = await seedService(t);
    assert.deepEqual(await t.client.describeTasks(seeded.cluster, []), []);
  },

  "listServiceDeployments() lists deployments newest first, filters by creation time; describeServiceDeployments() describes one":
    async (t) => {
      const seeded = await seedService(t);
      await t.advance(60_000);
      const first = await t.client.describeService(seeded.cluster, seeded.service);
      const firstCreatedAt = first!.deployments[0]!.createdAt;
      await deployRevision(t, seeded, "registry.example.com/api:2.0.0");
      await t.advance(60_000);
      const briefs = await t.client.listServiceDeployments(seeded.cluster, seeded.service);
      assert.ok(briefs.length >= 2, `expected 2 deployments, got ${briefs.length}`);
      const times = briefs.map((b) => b.createdAt.getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      const newest = briefs[0]!;
      assert.equal(newest.status, "SUCCESSFUL");
      const [described] = await t.client.describeServiceDeployments([newest.serviceDeploymentArn]);
      assert.equal(described?.serviceDeploymentArn, newest.serviceDeploymentArn);
      assert.equal(described?.status, "SUCCESSFUL");
      assert.equal(described?.targetServiceRevision?.requestedTaskCount, 2);
      assert.ok(described?.finishedAt instanceof Date);
      assertNoUndefinedMembers(described);
      const since = new Date(firstCreatedAt.getTime() + 1);
      const newer = await t.client.listServiceDeployments(seeded.cluster, seeded.service, since);
      assert.deepEqual(newer.map((b) => b.serviceDeploymentArn), [newest.serviceDeploymentArn]);
    },

  "a fail-pull rollout trips the circuit breaker and ECS rolls back to the previous revision":
    async (t) => {
      const seeded = await seedService(t);
      await t.advance(60_000);
      const failing = await deployRevision(t, seeded, "registry.example.com/api:fail-pull");
      await t.advance(60_000);
      const service = await t.client.describeService(seeded.cluster, seeded.service);
      assert.equal(service?.taskDefinition, seeded.taskDefinitionArn);
      const primary = service?.deployments.find((d) => d.status === "PRIMARY");
      assert.equal(primary?.taskDefinition, seeded.taskDefinitionArn);
      const [newest] = await t.client.listServiceDeployments(seeded.cluster, seeded.service);
      assert.equal(newest?.status, "ROLLBACK_SUCCESSFUL");
      const stopped = await t.client.listTasks(seeded.cluster, seeded.service, "STOPPED");
      const failed = await t.client.describeTasks(seeded.cluster, stopped);
      assert.ok(failed.some((task) => task.taskDefinitionArn === failing && task.stoppedReason));
    },

  "stopServiceDeployment() with ROLLBACK returns the service to the previous revision": async (
    t,
  ) => {
    const seeded = await seedService(t);
    await t.advance(60_000);
    await deployRevision(t, seeded, "registry.example.com/api:slow");
    await t.advance(10);
    const [ours] = await t.client.listServiceDeployments(seeded.cluster, seeded.service);
    assert.equal(ours?.status, "IN_PROGRESS");
    await t.client.stopServiceDeployment(ours!.serviceDeploymentArn, "ROLLBACK");
    await t.advance(60_000);
    const service = await t.client.describeService(seeded.cluster, seeded.service);
    assert.equal(service?.taskDefinition, seeded.taskDefinitionArn);
    const [described] = await t.client.describeServiceDeployments([ours!.serviceDeploymentArn]);
    assert.match(described?.status ?? "", /^(ROLLBACK_SUCCESSFUL|STOPPED)$/);
  },
} satisfies Record<string, (target: ContractTarget) => Promise<void>>;

/** The names of the contract's cases. */
export type ContractCaseName = keyof typeof cases;

/** Runs every case as a step of `t`; unsupported cases are ignored steps naming the reason. */
export async function runEcsClientContract(
  t: Deno.TestContext,
  target: ContractTarget,
): Promise<void> {
  for (const [name, fn] of Object.entries(cases)) {
    const reason = target.unsupported?.[name as ContractCaseName];
    await t.step({
      name: reason ? `${name} (skipped: ${reason})` : name,
      ignore: reason !== undefined,
      fn: () => fn(target),
    });
  }
}
