import assert from "node:assert/strict";
import { mismatchReason, verifyDigests } from "../../../src/deploy/watch/verify_digests.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import type { Task } from "../../../src/ecs/types.ts";
import { REVISION_1, REVISION_2 } from "../../support/builders.ts";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

function aTask(id: string, revision: string, digests: Record<string, string | undefined>): Task {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`,
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    taskDefinitionArn: revision,
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    createdAt: new Date(0),
    containers: Object.entries(digests).map(([name, imageDigest]) => ({
      name,
      ...(imageDigest ? { imageDigest } : {}),
    })),
  };
}

/** An ECS whose service runs exactly `tasks`. */
function runningTasks(tasks: Task[]): EcsClient {
  return {
    listTasks: () => Promise.resolve(tasks.map((t) => t.taskArn)),
    describeTasks: (_cluster: string, arns: string[]) =>
      Promise.resolve(tasks.filter((t) => arns.includes(t.taskArn))),
  } as unknown as EcsClient;
}

const target = { cluster: "prod", service: "api", taskDefinitionArn: REVISION_2 };
const expected = [
  { container: "web", image: "repo/web:2", digest: A },
  { container: "log", image: "repo/log:1", digest: B },
];

Deno.test("verifyDigests() checks every container of our revision's running tasks only", async () => {
  const verification = await verifyDigests(
    runningTasks([
      aTask("t1", REVISION_2, { web: A, log: B }),
      aTask("t2", REVISION_2, { web: B, log: B }),
      aTask("old", REVISION_1, { web: B, log: A }),
    ]),
    target,
    expected,
  );
  assert.equal(verification.tasks, 2);
  assert.deepEqual(verification.mismatches, [
    {
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/t2`,
      container: "web",
      expected: A,
      actual: B,
    },
  ]);
  assert.equal(
    mismatchReason(verification, expected),
    `ECS completed the deployment, but 1 of 2 running tasks run other images than planned: ` +
      `container "web" (repo/web:2) runs ${B}, expected ${A}`,
  );
});

Deno.test("verifyDigests() counts a container that reports no digest as a mismatch", async () => {
  const verification = await verifyDigests(
    runningTasks([aTask("t1", REVISION_2, { web: A, log: undefined })]),
    target,
    expected,
  );
  assert.deepEqual(verification.mismatches.map((m) => [m.container, m.actual]), [["log", null]]);
  assert.match(
    mismatchReason(verification, expected),
    /container "log" \(repo\/log:1\) runs no digest/,
  );
});

Deno.test("verifyDigests() with no running task of ours finds nothing to compare", async () => {
  const verification = await verifyDigests(runningTasks([]), target, expected);
  assert.deepEqual(verification, { tasks: 0, mismatches: [] });
});
