import assert from "node:assert/strict";
import {
  copyTaskDefinition,
  isReservedTagKey,
} from "../../../src/deploy/plan/copy_task_definition.ts";
import { READ_ONLY_TASK_DEFINITION_MEMBERS } from "../../../src/ecs/task_definition_members.ts";
import type { Tag, TaskDefinition } from "../../../src/ecs/types.ts";
import {
  listTaskDefinitionFixtureNames,
  loadTaskDefinitionFixture,
  loadTaskDefinitionFixtures,
  readTaskDefinitionFixtureJson,
} from "../../fixtures/task_definitions/mod.ts";

// Written out here rather than imported, so the test checks the list instead of repeating it.
const READ_ONLY = [
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
  "deleteRequestedAt",
];

const fixtureNames = await listTaskDefinitionFixtureNames();

Deno.test("the fixtures cover at least 12 DescribeTaskDefinition responses", () => {
  assert.ok(fixtureNames.length >= 12, `only ${fixtureNames.length} fixtures`);
});

Deno.test("READ_ONLY_TASK_DEFINITION_MEMBERS lists exactly the members Register does not accept", () => {
  assert.deepStrictEqual([...READ_ONLY_TASK_DEFINITION_MEMBERS].sort(), [...READ_ONLY].sort());
});

for (const name of fixtureNames) {
  Deno.test(`copyTaskDefinition() keeps every member of ${name} but the read-only ones`, async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFixture(name);
    // The expectation comes from the raw JSON, independently of the loader and the copy.
    const raw = await readTaskDefinitionFixtureJson(name);
    const expected: Record<string, unknown> = { ...raw.taskDefinition };
    for (const member of READ_ONLY) delete expected[member];
    const expectedTags = (raw.tags ?? []).filter((tag) => !/^aws:/i.test(tag.key));
    if (expectedTags.length > 0) expected.tags = expectedTags;

    const copy = copyTaskDefinition(taskDefinition, tags);

    assert.deepStrictEqual(Object.keys(copy).sort(), Object.keys(expected).sort());
    for (const member of Object.keys(expected)) {
      assert.deepStrictEqual(copy[member], expected[member], `member ${member}`);
    }
    // The fixture really had read-only members for the copy to drop.
    for (const member of ["taskDefinitionArn", "revision", "status", "registeredAt"]) {
      assert.ok(member in taskDefinition, `${name} has no ${member}`);
    }
  });

  Deno.test(`copyTaskDefinition() shares no object with ${name}`, async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFixture(name);
    const copy = copyTaskDefinition(taskDefinition, tags);
    const originals = new Set([...objectsIn(taskDefinition), ...objectsIn(tags)]);
    for (const object of objectsIn(copy)) {
      assert.ok(!originals.has(object), "the copy shares an object with the original");
    }
  });
}

Deno.test("copyTaskDefinition() drops every read-only member, including the deletion timestamps", async () => {
  const { taskDefinition, tags } = await loadTaskDefinitionFixture(
    "deregistered_delete_in_progress",
  );
  for (const member of READ_ONLY) assert.ok(member in taskDefinition, `fixture lacks ${member}`);
  const copy = copyTaskDefinition(taskDefinition, tags);
  for (const member of READ_ONLY) assert.ok(!(member in copy), `copy keeps ${member}`);
});

Deno.test("copyTaskDefinition() carries members unknown today, at task and container level", async () => {
  const { taskDefinition, tags } = await loadTaskDefinitionFixture("future_field");
  const copy = copyTaskDefinition(taskDefinition, tags);
  assert.deepStrictEqual(copy.futureField, {
    enabled: true,
    nested: { values: ["a", "b"], count: 2, nothing: null },
  });
  assert.equal(copy.futureFlag, false);
  assert.equal(copy.enableFaultInjection, true);
  assert.deepStrictEqual(copy.containerDefinitions[0]?.futureContainerSetting, {
    mode: "strict",
    limits: [1, 2, 3],
  });
});

Deno.test("copyTaskDefinition() leaves the original untouched when the copy is changed", async () => {
  const fixtures = await loadTaskDefinitionFixtures();
  for (const { taskDefinition, tags } of fixtures) {
    const before = structuredClone({ taskDefinition, tags });
    const copy = copyTaskDefinition(taskDefinition, tags);
    const container = copy.containerDefinitions[0];
    assert.ok(container);
    container.image = "changed";
    (container.environment ??= []).push({ name: "X", value: "1" });
    copy.family = "changed";
    copy.tags?.push({ key: "new", value: "tag" });
    if (copy.tags?.[0]) copy.tags[0].value = "changed";
    assert.deepStrictEqual({ taskDefinition, tags }, before);
  }
});

Deno.test("copyTaskDefinition() keeps Date values of unknown members as Dates", () => {
  const when = new Date("2030-01-01T00:00:00Z");
  const copy = copyTaskDefinition(aTaskDefinition({ futureTimestamp: when }), []);
  assert.ok(copy.futureTimestamp instanceof Date);
  assert.notEqual(copy.futureTimestamp, when);
  assert.equal((copy.futureTimestamp as Date).getTime(), when.getTime());
});

Deno.test("copyTaskDefinition() leaves out members whose value is undefined", () => {
  const copy = copyTaskDefinition(aTaskDefinition({ cpu: undefined, memory: "512" }), []);
  assert.ok(!("cpu" in copy));
  assert.equal(copy.memory, "512");
});

Deno.test("copyTaskDefinition() drops tags in the reserved aws: namespace in any letter case", () => {
  const tags: Tag[] = [
    { key: "aws:cloudformation:stack-name", value: "a" },
    { key: "AWS:x", value: "b" },
    { key: "Aws:y", value: "c" },
    { key: "team", value: "payments" },
    { key: "aws", value: "no colon" },
    { key: "awsome", value: "prefix without colon" },
    { key: "my:aws:key", value: "not a prefix" },
    { key: "cost-center", value: "" },
  ];
  const copy = copyTaskDefinition(aTaskDefinition(), tags);
  assert.deepStrictEqual(copy.tags, [
    { key: "team", value: "payments" },
    { key: "aws", value: "no colon" },
    { key: "awsome", value: "prefix without colon" },
    { key: "my:aws:key", value: "not a prefix" },
    { key: "cost-center", value: "" },
  ]);
});

Deno.test("copyTaskDefinition() omits tags when there are none", () => {
  assert.ok(!("tags" in copyTaskDefinition(aTaskDefinition(), [])));
});

Deno.test("copyTaskDefinition() omits tags when all of them are reserved", async () => {
  const { taskDefinition, tags } = await loadTaskDefinitionFixture("future_field");
  assert.deepStrictEqual(tags, [{ key: "aws:ecs:managed", value: "true" }]);
  assert.ok(!("tags" in copyTaskDefinition(taskDefinition, tags)));
});

Deno.test("copyTaskDefinition() takes tags from its argument, not from the task definition", () => {
  const taskDefinition = aTaskDefinition({ tags: [{ key: "stale", value: "x" }] });
  assert.deepStrictEqual(copyTaskDefinition(taskDefinition, [{ key: "k", value: "v" }]).tags, [
    { key: "k", value: "v" },
  ]);
  assert.ok(!("tags" in copyTaskDefinition(taskDefinition, [])));
});

Deno.test("isReservedTagKey() is true only for the aws: prefix", () => {
  assert.equal(isReservedTagKey("aws:a"), true);
  assert.equal(isReservedTagKey("AwS:a"), true);
  assert.equal(isReservedTagKey("aws"), false);
  assert.equal(isReservedTagKey("aws-a"), false);
  assert.equal(isReservedTagKey(""), false);
});

Deno.test("loadTaskDefinitionFixtures() turns epoch seconds into Dates", async () => {
  const { taskDefinition } = await loadTaskDefinitionFixture("deregistered_delete_in_progress");
  assert.deepStrictEqual(taskDefinition.registeredAt, new Date(1690848000_000));
  assert.deepStrictEqual(taskDefinition.deregisteredAt, new Date(1698796800_500));
  assert.deepStrictEqual(taskDefinition.deleteRequestedAt, new Date(1701388800_000));
  const fargate = await loadTaskDefinitionFixture("fargate_web_secrets");
  assert.deepStrictEqual(fargate.taskDefinition.registeredAt, new Date(1717236000_123));
});

function aTaskDefinition(members: Record<string, unknown> = {}): TaskDefinition {
  return {
    taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:1",
    family: "api",
    revision: 1,
    status: "ACTIVE",
    containerDefinitions: [{ name: "app", image: "nginx" }],
    ...members,
  };
}

/** Every object and array reachable from a value. */
function objectsIn(value: unknown, found: object[] = []): object[] {
  if (typeof value === "object" && value !== null) {
    found.push(value);
    for (const child of Object.values(value)) objectsIn(child, found);
  }
  return found;
}
