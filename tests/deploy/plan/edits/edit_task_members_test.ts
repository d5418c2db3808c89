import assert from "node:assert/strict";
import { applyEdits } from "../../../../src/deploy/plan/edits/apply_edits.ts";
import { type EditRequest, noEdits } from "../../../../src/deploy/plan/edits/edit_request.ts";
import { fargateSizeProblem } from "../../../../src/deploy/plan/edits/fargate_sizes.ts";
import type { TaskDefinitionInput } from "../../../../src/ecs/types.ts";
import { InvalidRequestError } from "../../../../src/errors.ts";

const fargate = (): TaskDefinitionInput => ({
  family: "api",
  requiresCompatibilities: ["FARGATE"],
  cpu: "256",
  memory: "512",
  containerDefinitions: [{ name: "web", image: "repo/api:1", memory: 256 }],
});
const ec2 = (): TaskDefinitionInput => ({
  family: "api",
  requiresCompatibilities: ["EC2"],
  containerDefinitions: [{ name: "web", image: "repo/api:1", memory: 256, cpu: 128 }],
});
const edits = (overrides: Partial<EditRequest>): EditRequest => ({ ...noEdits(), ...overrides });

function rejects(input: TaskDefinitionInput, request: EditRequest, message: RegExp): void {
  assert.throws(() => applyEdits(input, request, "api:3"), (error: unknown) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("fargateSizeProblem() accepts exactly the pairs of the ECS developer guide", () => {
  const accepted = [
    [256, 512],
    [256, 2048],
    [512, 4096],
    [1024, 8192],
    [2048, 16384],
    [4096, 30720],
    [8192, 16384],
    [8192, 61440],
    [16384, 32768],
    [16384, 122880],
  ];
  for (const [cpu, memory] of accepted) assert.equal(fargateSizeProblem(cpu!, memory!), undefined);
  const refused = [[256, 3072], [512, 512], [4096, 31744], [8192, 17408], [16384, 36864], [
    300,
    1024,
  ]];
  for (const [cpu, memory] of refused) {
    assert.ok(fargateSizeProblem(cpu!, memory!), `${cpu}/${memory}`);
  }
});

Deno.test("--task-cpu and --task-memory on a FARGATE revision must make a Fargate size", () => {
  rejects(
    fargate(),
    edits({ taskCpu: "1024" }),
    /^Invalid option --task-cpu: Fargate accepts task memory 2048 to 8192 in steps of 1024 MiB with task CPU 1024, not 512 \(the revision requires FARGATE\)$/,
  );
  rejects(
    fargate(),
    edits({ taskMemory: "4096" }),
    /^Invalid option --task-memory: .*task CPU 256, not 4096/,
  );
  const result = applyEdits(fargate(), edits({ taskCpu: "1024", taskMemory: "2048" }), "api:3");
  assert.equal(result.input.cpu, "1024");
  assert.equal(result.input.memory, "2048");
});

Deno.test("a revision that does not require FARGATE takes any task size", () => {
  const result = applyEdits(ec2(), edits({ taskCpu: "300", taskMemory: "700" }), "api:3");
  assert.equal(result.input.cpu, "300");
});

Deno.test("a container's memory must stay above its memory reservation", () => {
  rejects(
    ec2(),
    edits({ memoryReservation: [{ container: "web", value: 256 }] }),
    /^Invalid option --memory-reservation: container "web" would have memory 256 MiB and memory reservation 256 MiB; ECS needs memory greater than the memory reservation$/,
  );
  rejects(
    ec2(),
    edits({
      memory: [{ container: "web", value: 100 }],
      memoryReservation: [{ container: "web", value: 128 }],
    }),
    /^Invalid option --memory-reservation: /,
  );
});

Deno.test("containers must fit in the task's CPU and memory", () => {
  rejects(
    fargate(),
    edits({ memory: [{ container: "web", value: 1024 }] }),
    /^Invalid option --memory: container "web" would have memory 1024 MiB, more than the task's 512 MiB$/,
  );
  rejects(
    fargate(),
    edits({ cpu: [{ container: "web", value: 512 }] }),
    /^Invalid option --cpu: the containers would reserve 512 CPU units, more than the task's 256$/,
  );
  rejects(
    { ...fargate(), cpu: "1024", memory: "2048" },
    edits({ taskMemory: "1024", taskCpu: "512", memory: [{ container: "web", value: 2048 }] }),
    /^Invalid option --task-memory: container "web" would have memory 2048 MiB/,
  );
});
