import assert from "node:assert/strict";
import { findRollbackTarget } from "../../../src/deploy/plan/rollback_target.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import { aSimulatedWorld, FAST_PROD, registerRevisions } from "../../support/simulated_world.ts";

/** Revisions 1..count of family "api"; their ARNs by number. */
async function revisions(count: number) {
  const f = await aSimulatedWorld(FAST_PROD);
  return { f, arn: await registerRevisions(f, count) };
}

Deno.test("findRollbackTarget() picks the newest ACTIVE revision older than the running one", async () => {
  const { f, arn } = await revisions(5);
  await f.ecs.deregisterTaskDefinition(arn(3));

  // Running 4: 3 is deregistered, so 2; the newer 5 is not a rollback.
  assert.equal(await findRollbackTarget(f.ecs, { running: arn(4) }), arn(2));
  assert.equal(await findRollbackTarget(f.ecs, { running: arn(5) }), arn(4));
});

Deno.test("findRollbackTarget() fails when no older ACTIVE revision exists", async () => {
  const { f, arn } = await revisions(2);
  await f.ecs.deregisterTaskDefinition(arn(1));

  await assert.rejects(
    findRollbackTarget(f.ecs, { running: arn(2) }),
    new InvalidRequestError(
      `Cannot roll back from "api:2": no ACTIVE revision of family "api" is older; ` +
        `give --to REVISION`,
    ),
  );
});

Deno.test("findRollbackTarget() accepts --to as a number, family:revision or ARN", async () => {
  const { f, arn } = await revisions(4);
  for (const to of ["2", "api:2", arn(2), " 2 "]) {
    assert.equal(await findRollbackTarget(f.ecs, { running: arn(4), to }), arn(2), to);
  }
  // Forward is allowed too: a rollback of a rollback.
  assert.equal(await findRollbackTarget(f.ecs, { running: arn(2), to: "4" }), arn(4));
});

Deno.test("findRollbackTarget() names what is wrong with --to", async () => {
  const { f, arn } = await revisions(3);
  await f.ecs.deregisterTaskDefinition(arn(1));
  await f.ecs.registerTaskDefinition({
    family: "worker",
    containerDefinitions: [{ name: "w", image: "repo/worker:1", memory: 128 }],
  });
  const cases: [string, RegExp][] = [
    ["3", /^Cannot roll back to "api:3": the service already runs it$/],
    ["api:1", /^Cannot roll back from "api:3" to "api:1": it is INACTIVE, not ACTIVE$/],
    ["worker:1", /to "worker:1": it is of family "worker", the service runs family "api"$/],
    ["api:9", /^Cannot roll back from "api:3" to "api:9": /],
    ["latest", /to "latest": expected a revision number, FAMILY:REVISION or a task definition/],
    ["0", /expected a revision number/],
  ];
  for (const [to, message] of cases) {
    await assert.rejects(
      findRollbackTarget(f.ecs, { running: arn(3), to }),
      (error: Error) => error instanceof InvalidRequestError && message.test(error.message),
      to,
    );
  }
});

Deno.test("findRollbackTarget() ignores another family an adapter lists by prefix", async () => {
  const { f, arn } = await revisions(2);
  f.hooks.push(async (method, _count, _args, proceed) =>
    method === "listTaskDefinitions"
      ? [
        "arn:aws:ecs:us-east-1:123456789012:task-definition/api-worker:1",
        ...(await proceed() as string[]),
        "arn:aws:ecs:us-east-1:123456789012:task-definition/api-v2:1",
      ]
      : undefined
  );

  assert.equal(await findRollbackTarget(f.ecs, { running: arn(2) }), arn(1));
});
