import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { aContainer, aSimulator, type SimFixture, type Wire } from "./sim_fixtures.ts";

const ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition";

async function register(f: SimFixture, family: string, extra: Wire = {}): Promise<Wire> {
  const out = await f.call("RegisterTaskDefinition", {
    family,
    containerDefinitions: [aContainer("nginx:1.25")],
    ...extra,
  });
  return out.taskDefinition as Wire;
}

async function rejectsWith(promise: Promise<unknown>, type: string, message: string | RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof EcsApiError, `not an EcsApiError: ${e}`);
    assert.equal(e.type, type);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

Deno.test("RegisterTaskDefinition numbers revisions per family and echoes ECS's read-only members", async () => {
  const f = aSimulator();
  const first = await register(f, "api", { tags: [{ key: "team", value: "core" }] });
  const second = await register(f, "api");
  const other = await register(f, "worker");
  assert.equal(first.taskDefinitionArn, `${ARN}/api:1`);
  assert.equal(second.revision, 2);
  assert.equal(other.revision, 1);
  assert.equal(first.status, "ACTIVE");
  assert.ok(first.registeredAt instanceof Date);
  assert.equal(first.registeredBy, "arn:aws:iam::123456789012:root");
  assert.deepEqual(first.compatibilities, ["EC2", "EXTERNAL"]);
  const container = (first.containerDefinitions as Wire[])[0]!;
  assert.equal(container.essential, true);
  assert.deepEqual(container.portMappings, []);
  assert.equal(first.tags, undefined);
});

Deno.test("RegisterTaskDefinition returns the tags and DescribeTaskDefinition includes them on request", async () => {
  const f = aSimulator();
  const out = await f.call("RegisterTaskDefinition", {
    family: "api",
    containerDefinitions: [aContainer("nginx:1.25")],
    tags: [{ key: "team", value: "core" }],
  });
  assert.deepEqual(out.tags, [{ key: "team", value: "core" }]);
  const plain = await f.call("DescribeTaskDefinition", { taskDefinition: "api" });
  assert.equal(plain.tags, undefined);
  const tagged = await f.call("DescribeTaskDefinition", {
    taskDefinition: "api:1",
    include: ["TAGS"],
  });
  assert.deepEqual(tagged.tags, [{ key: "team", value: "core" }]);
});

Deno.test("DescribeTaskDefinition resolves a family to its latest ACTIVE revision", async () => {
  const f = aSimulator();
  await register(f, "api");
  await register(f, "api");
  await f.call("DeregisterTaskDefinition", { taskDefinition: "api:2" });
  const byFamily = await f.call("DescribeTaskDefinition", { taskDefinition: "api" });
  assert.equal((byFamily.taskDefinition as Wire).revision, 1);
  const byArn = await f.call("DescribeTaskDefinition", { taskDefinition: `${ARN}/api:2` });
  assert.equal((byArn.taskDefinition as Wire).status, "INACTIVE");
  assert.ok((byArn.taskDefinition as Wire).deregisteredAt instanceof Date);
  await rejectsWith(
    f.call("DescribeTaskDefinition", { taskDefinition: "api:9" }),
    "ClientException",
    "Unable to describe task definition.",
  );
});

Deno.test("revision numbers are never reused, even after deletion", async () => {
  const f = aSimulator();
  await register(f, "api");
  await register(f, "api");
  await f.call("DeregisterTaskDefinition", { taskDefinition: "api:2" });
  const deleted = await f.call("DeleteTaskDefinitions", { taskDefinitions: ["api:2", "api:1"] });
  assert.deepEqual((deleted.taskDefinitions as Wire[]).map((t) => t.status), [
    "DELETE_IN_PROGRESS",
  ]);
  assert.deepEqual(deleted.failures, [{
    arn: `${ARN}/api:1`,
    reason:
      "The specified task definition is still in ACTIVE status. Please deregister the target and try again.",
  }]);
  const third = await register(f, "api");
  assert.equal(third.revision, 3);
});

Deno.test("ListTaskDefinitions filters by exact family and status and sorts both ways", async () => {
  const f = aSimulator();
  await register(f, "api");
  await register(f, "api");
  await register(f, "api-worker");
  await register(f, "api");
  await f.call("DeregisterTaskDefinition", { taskDefinition: "api:2" });
  const active = await f.call("ListTaskDefinitions", { familyPrefix: "api" });
  assert.deepEqual(active.taskDefinitionArns, [`${ARN}/api:1`, `${ARN}/api:3`]);
  const desc = await f.call("ListTaskDefinitions", { sort: "DESC" });
  assert.deepEqual(desc.taskDefinitionArns, [
    `${ARN}/api-worker:1`,
    `${ARN}/api:3`,
    `${ARN}/api:1`,
  ]);
  const inactive = await f.call("ListTaskDefinitions", { status: "INACTIVE" });
  assert.deepEqual(inactive.taskDefinitionArns, [`${ARN}/api:2`]);
  const page = await f.call("ListTaskDefinitions", { maxResults: 2 });
  assert.equal((page.taskDefinitionArns as string[]).length, 2);
  const rest = await f.call("ListTaskDefinitions", { nextToken: page.nextToken });
  assert.deepEqual(rest.taskDefinitionArns, [`${ARN}/api-worker:1`]);
  assert.equal(rest.nextToken, undefined);
});

Deno.test("ListTaskDefinitionFamilies matches a prefix and the ACTIVE/INACTIVE filter", async () => {
  const f = aSimulator();
  await register(f, "api");
  await register(f, "api-worker");
  await register(f, "batch");
  await f.call("DeregisterTaskDefinition", { taskDefinition: "batch:1" });
  assert.deepEqual((await f.call("ListTaskDefinitionFamilies", { familyPrefix: "api" })).families, [
    "api",
    "api-worker",
  ]);
  assert.deepEqual(
    (await f.call("ListTaskDefinitionFamilies", { status: "INACTIVE" })).families,
    ["batch"],
  );
  assert.deepEqual(
    (await f.call("ListTaskDefinitionFamilies", { status: "ACTIVE" })).families,
    ["api", "api-worker"],
  );
});

Deno.test("DeregisterTaskDefinition requires a revision", async () => {
  const f = aSimulator();
  await register(f, "api");
  await rejectsWith(
    f.call("DeregisterTaskDefinition", { taskDefinition: "api" }),
    "ClientException",
    /^Invalid revision number/,
  );
  await rejectsWith(
    f.call("DeregisterTaskDefinition", { taskDefinition: "api:5" }),
    "ClientException",
    "The specified task definition does not exist.",
  );
});

Deno.test("RegisterTaskDefinition rejects what ECS rejects, with ECS's error types", async () => {
  const f = aSimulator();
  const web = aContainer("nginx:1.25");
  const cases: [Wire, string, string | RegExp][] = [
    [{ containerDefinitions: [web] }, "ClientException", "Family can not be blank."],
    [{ family: "a b", containerDefinitions: [web] }, "ClientException", /^Family contains invalid/],
    [
      { family: "api", containerDefinitions: [] },
      "ClientException",
      "Container list cannot be empty.",
    ],
    [{ family: "api" }, "ClientException", "Container list cannot be empty."],
    [
      { family: "api", containerDefinitions: [{ image: "nginx", memory: 128 }] },
      "ClientException",
      "Container.name should not be null or empty.",
    ],
    [
      { family: "api", containerDefinitions: [aContainer("nginx:1.25 beta")] },
      "ClientException",
      "Container.image contains invalid characters.",
    ],
    [
      { family: "api", containerDefinitions: [{ name: "web", image: "nginx" }] },
      "ClientException",
      "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified.",
    ],
    [
      {
        family: "api",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        containerDefinitions: [web],
      },
      "ClientException",
      "Fargate only supports network mode \u2018awsvpc\u2019.",
    ],
    [
      {
        family: "api",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        memory: "512",
        containerDefinitions: [web],
      },
      "ClientException",
      "Fargate requires that 'cpu' be defined at the task level.",
    ],
    [
      {
        family: "api",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "4096",
        containerDefinitions: [web],
      },
      "ClientException",
      /^No Fargate configuration exists for given values: 256 CPU, 4096 memory/,
    ],
    [
      { family: "api", networkMode: "bridged", containerDefinitions: [web] },
      "InvalidParameterException",
      /Member must satisfy enum value set: \[bridge, host, awsvpc, none\]/,
    ],
    [
      { family: "api", containerDefinitions: [{ ...web, memory: "128" }] },
      "SerializationException",
      /containerDefinitions\[0\]\.memory/,
    ],
  ];
  for (const [input, type, message] of cases) {
    await rejectsWith(f.call("RegisterTaskDefinition", input), type, message);
  }
  const listed = await f.call("ListTaskDefinitions", {});
  assert.deepEqual(listed.taskDefinitionArns, []);
});

Deno.test("a Fargate task definition normalises its size and is FARGATE compatible", async () => {
  const f = aSimulator();
  const td = await register(f, "api", {
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "0.5 vCPU",
    memory: "1 GB",
    containerDefinitions: [{ name: "web", image: "nginx", portMappings: [{ containerPort: 80 }] }],
  });
  assert.equal(td.cpu, "512");
  assert.equal(td.memory, "1024");
  assert.deepEqual(td.compatibilities, ["EC2", "EXTERNAL", "FARGATE"]);
  assert.deepEqual((td.containerDefinitions as Wire[])[0]!.portMappings, [
    { containerPort: 80, hostPort: 80, protocol: "tcp" },
  ]);
  assert.ok((td.requiresAttributes as Wire[]).some((a) => a.name === "ecs.capability.task-eni"));
});

Deno.test("task-level cpu and memory register in every unit form ECS accepts, described as numbers", async () => {
  const f = aSimulator();
  // The Fargate size table (developer guide, "Task size"), each size written as people write it.
  const sizes: [cpu: string, memory: string, units: string, mib: string][] = [
    [".25 vcpu", ".5 gb", "256", "512"],
    ["0.25 vCPU", "512", "256", "512"],
    [".25 vCPU", "2 GB", "256", "2048"],
    [".5 vcpu", "1GB", "512", "1024"],
    ["512", "4 gb", "512", "4096"],
    ["1 vCPU", "2 GB", "1024", "2048"],
    ["1 vcpu", "8192", "1024", "8192"],
    ["2 vCPU", "16 GB", "2048", "16384"],
    ["4 vCPU", "30 GB", "4096", "30720"],
    ["8 vCPU", "60 GB", "8192", "61440"],
    ["16 vCPU", "120 GB", "16384", "122880"],
    ["1024", "3072", "1024", "3072"],
  ];
  for (const [cpu, memory, units, mib] of sizes) {
    const td = await register(f, "sized", {
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu,
      memory,
      containerDefinitions: [{ name: "web", image: "nginx" }],
    });
    assert.deepEqual([td.cpu, td.memory], [units, mib], `${cpu} / ${memory}`);
    const described = await f.call("DescribeTaskDefinition", {
      taskDefinition: String(td.taskDefinitionArn),
    });
    const { cpu: describedCpu, memory: describedMemory } = described.taskDefinition as Wire;
    assert.deepEqual([describedCpu, describedMemory], [units, mib], `described ${cpu} / ${memory}`);
  }
  for (const cpu of ["vcpu", "1 core", "1..5 vcpu", "-1", ". vcpu"]) {
    await rejectsWith(
      register(f, "sized", { cpu, memory: "512" }),
      "ClientException",
      "Invalid 'cpu' setting for task.",
    );
  }
});
