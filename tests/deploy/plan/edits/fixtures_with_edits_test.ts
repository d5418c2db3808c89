/**
 * The lossless copy holds with edits applied: for each of the real-world task definitions in
 * tests/fixtures, the next revision differs from the raw DescribeTaskDefinition JSON only in the
 * members the edits name; every other member, known or unknown, at task and container level,
 * is as ECS sent it.
 */
import assert from "node:assert/strict";
import { planDeploy } from "../../../../src/deploy/plan/plan_deploy.ts";
import { noEdits } from "../../../../src/deploy/plan/edits/edit_request.ts";
import { READ_ONLY_TASK_DEFINITION_MEMBERS } from "../../../../src/ecs/task_definition_members.ts";
import {
  listTaskDefinitionFixtureNames,
  loadTaskDefinitionFixture,
  readTaskDefinitionFixtureJson,
} from "../../../fixtures/task_definitions/mod.ts";

const KEY = "ECS_DEPLOY_EDIT_CHECK";
const ROLE = "arn:aws:iam::123456789012:role/edited-task-role";
const EXECUTION_ROLE = "arn:aws:iam::123456789012:role/edited-execution-role";

const names = await listTaskDefinitionFixtureNames();

Deno.test("there are 15 real-world task definition fixtures", () => {
  assert.equal(names.length, 15);
});

for (const name of names) {
  Deno.test(`edits on ${name} change only the members they name`, async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFixture(name);
    const raw = (await readTaskDefinitionFixtureJson(name)).taskDefinition;
    const first = taskDefinition.containerDefinitions[0]!.name;
    const edits = {
      ...noEdits(),
      // Every container gets the variable; the first one also a label, a command and a user.
      environment: [{ key: KEY, value: "on", flag: "-e, --env" }],
      dockerLabels: [{ container: first, key: "edited", value: "yes", flag: "--label" }],
      command: [{ container: first, value: ["run", "--edited"] }],
      user: [{ container: first, value: "4242" }],
      taskRoleArn: ROLE,
      executionRoleArn: EXECUTION_ROLE,
    };
    const plan = planDeploy({ current: { taskDefinition, tags } }, {
      cluster: "prod",
      taskDefinition: taskDefinition.family,
      images: [],
      containerImages: [],
      edits,
      forceNewDeployment: false,
      timeoutMs: 60_000,
      wait: true,
      dryRun: true,
    });
    const next = plan.nextTaskDefinition!;
    assert.ok(next, "a revision is registered");

    // Tags come from DescribeTaskDefinition's tags, not from the task definition (copy test).
    const edited = new Set(["taskRoleArn", "executionRoleArn", "containerDefinitions", "tags"]);
    for (const [member, value] of Object.entries(raw)) {
      if (READ_ONLY_TASK_DEFINITION_MEMBERS.includes(member)) {
        assert.ok(!(member in next), `read-only ${member} is copied`);
      } else if (!edited.has(member)) {
        assert.deepStrictEqual(next[member], value, `task member ${member}`);
      }
    }
    assert.equal(next.taskRoleArn, ROLE);
    assert.equal(next.executionRoleArn, EXECUTION_ROLE);
    const rawContainers = raw.containerDefinitions as Record<string, unknown>[];
    assert.equal(next.containerDefinitions.length, rawContainers.length);
    next.containerDefinitions.forEach((container, i) => {
      const before = rawContainers[i]!;
      const touched = i === 0
        ? ["environment", "dockerLabels", "command", "user"]
        : ["environment"];
      for (const member of new Set([...Object.keys(before), ...Object.keys(container)])) {
        if (!touched.includes(member)) {
          assert.deepStrictEqual(container[member], before[member], `${container.name}.${member}`);
        }
      }
      const environment = (before.environment ?? []) as { name: string }[];
      // The variables it had stay, in order, and the new one comes last.
      assert.deepStrictEqual(container.environment, [...environment, { name: KEY, value: "on" }]);
      if (i === 0) {
        assert.deepStrictEqual(container.dockerLabels, {
          ...(before.dockerLabels as Record<string, string> | undefined),
          edited: "yes",
        });
        assert.deepStrictEqual(container.command, ["run", "--edited"]);
        assert.equal(container.user, "4242");
      }
    });
    assert.ok(plan.edits!.every((change) => !change.unchanged), "every edit changes something");
  });
}
