import assert from "node:assert/strict";
import { pruneRevisions } from "../../../src/deploy/apply/prune_revisions.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import {
  aSimulatedWorld,
  failing,
  FAST_PROD,
  registerRevisions,
  settle,
  startDeployment,
} from "../../support/simulated_world.ts";

/** Revisions 1..count of the family, the service settled on the newest; ARNs by number. */
async function revisions(count: number) {
  const f = await aSimulatedWorld(FAST_PROD);
  const arn = await registerRevisions(f, count);
  await startDeployment(f, arn(count));
  await settle(f);
  f.calls.length = 0;
  return { f, arn };
}

const revisionNumbers = (arns: string[]) => arns.map((arn) => Number(arn.split(":").pop()));

Deno.test("pruneRevisions() deregisters ACTIVE revisions beyond the newest N", async () => {
  const { f, arn } = await revisions(6);

  const result = await pruneRevisions(f.ecs, {
    cluster: "prod",
    family: "api",
    keep: 2,
    running: arn(6),
    previous: arn(5),
  });

  assert.deepEqual(revisionNumbers(result.deregistered), [1, 2, 3, 4]);
  assert.deepEqual(revisionNumbers(result.kept), [5, 6]);
  assert.deepEqual(result.failed, []);
  assert.deepEqual(revisionNumbers(await f.ecs.listTaskDefinitions("api", "ACTIVE")), [5, 6]);
  assert.deepEqual(
    revisionNumbers(await f.ecs.listTaskDefinitions("api", "INACTIVE")),
    [1, 2, 3, 4],
  );
});

Deno.test("pruneRevisions() never deregisters the running or the previous revision", async () => {
  const { f, arn } = await revisions(6);

  // The service runs revision 1 and a rollback would go to 3, though 5 and 6 are newer.
  const result = await pruneRevisions(f.ecs, {
    cluster: "prod",
    family: "api",
    keep: 1,
    running: arn(1),
    previous: "api:3",
  });

  assert.deepEqual(revisionNumbers(result.kept), [1, 3, 6]);
  assert.deepEqual(revisionNumbers(result.deregistered), [2, 4, 5]);
});

Deno.test("pruneRevisions() leaves a family within the limit untouched", async () => {
  const { f, arn } = await revisions(3);

  const result = await pruneRevisions(f.ecs, {
    cluster: "prod",
    family: "api",
    keep: 5,
    running: arn(3),
    previous: arn(2),
  });

  assert.deepEqual(result.deregistered, []);
  assert.deepEqual(revisionNumbers(result.kept), [1, 2, 3]);
  assert.deepEqual(f.calls, ["listTaskDefinitions"]);
});

Deno.test("pruneRevisions() reports a refused deregistration and goes on with the rest", async () => {
  const { f, arn } = await revisions(5);
  f.hooks.push((method, _count, [target]) => {
    if (method === "deregisterTaskDefinition" && target === arn(2)) {
      throw new EcsApiError("AccessDeniedException", "not allowed");
    }
  });

  const result = await pruneRevisions(f.ecs, {
    cluster: "prod",
    family: "api",
    keep: 1,
    running: arn(5),
    previous: arn(4),
  });

  assert.deepEqual(revisionNumbers(result.deregistered), [1, 3]);
  assert.deepEqual(result.failed, [
    { taskDefinitionArn: arn(2), error: "AccessDeniedException: not allowed" },
  ]);
});

Deno.test("pruneRevisions() refuses to keep fewer than one revision", async () => {
  const { f, arn } = await revisions(2);
  await assert.rejects(
    pruneRevisions(f.ecs, {
      cluster: "prod",
      family: "api",
      keep: 0,
      running: arn(2),
      previous: arn(1),
    }),
    RangeError,
  );
  assert.equal((await f.ecs.listTaskDefinitions("api", "ACTIVE")).length, 2);
});

Deno.test("pruneRevisions() never touches another family an adapter lists by prefix", async () => {
  const { f, arn } = await revisions(3);
  const { taskDefinition: other } = await f.ecs.registerTaskDefinition({
    family: "api-worker",
    containerDefinitions: [{ name: "w", image: "repo/worker:1", memory: 128 }],
  });
  // ListTaskDefinitionFamilies treats its argument as a prefix; an adapter might do the same.
  f.hooks.push(async (method, _count, _args, proceed) =>
    method === "listTaskDefinitions"
      ? [other.taskDefinitionArn, ...(await proceed() as string[])]
      : undefined
  );

  const result = await pruneRevisions(f.ecs, {
    cluster: "prod",
    family: "api",
    keep: 1,
    running: arn(3),
    previous: arn(2),
  });

  assert.deepEqual(revisionNumbers(result.deregistered), [1]);
  assert.ok(![...result.deregistered, ...result.kept].includes(other.taskDefinitionArn));
  assert.equal(
    (await f.ecs.describeTaskDefinition(other.taskDefinitionArn)).taskDefinition.status,
    "ACTIVE",
  );
});

Deno.test("pruneRevisions() keeps a revision another service of the cluster runs", async () => {
  const { f, arn } = await revisions(5);
  for (const [name, revision] of [["worker", 2], ["cron", 3]] as const) {
    await f.sim.call("CreateService", {
      cluster: f.seeded.cluster,
      serviceName: name,
      taskDefinition: arn(revision),
      desiredCount: 0,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } },
    });
  }

  const result = await pruneRevisions(f.ecs, {
    cluster: f.seeded.cluster,
    family: "api",
    keep: 1,
    running: arn(5),
    previous: arn(4),
  });

  assert.deepEqual(revisionNumbers(result.deregistered), [1]);
  assert.deepEqual(
    result.inUse.map((use) => [Number(use.taskDefinitionArn.split(":").pop()), use.services]),
    [[2, ["worker"]], [3, ["cron"]]],
  );
  const active = revisionNumbers(await f.ecs.listTaskDefinitions("api", "ACTIVE"));
  assert.deepEqual(active, [2, 3, 4, 5]);
});

Deno.test("pruneRevisions() deregisters nothing when it cannot tell which revisions are in use", async () => {
  const { f, arn } = await revisions(4);
  f.hooks.push(failing({ listServices: new EcsApiError("AccessDeniedException", "no") }));

  await assert.rejects(
    pruneRevisions(f.ecs, {
      cluster: f.seeded.cluster,
      family: "api",
      keep: 1,
      running: arn(4),
      previous: arn(3),
    }),
    /in use.*AccessDeniedException: no/,
  );
  assert.equal(f.countOf("deregisterTaskDefinition"), 0);
});
