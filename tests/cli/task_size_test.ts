import assert from "node:assert/strict";
import { parseTaskCpu, parseTaskMemory } from "../../src/cli/task_size.ts";
import { InvalidRequestError } from "../../src/errors.ts";

Deno.test("parseTaskCpu() takes CPU units or vCPUs, as ECS does, and gives units", () => {
  assert.equal(parseTaskCpu("1024"), "1024");
  assert.equal(parseTaskCpu("1 vCPU"), "1024");
  assert.equal(parseTaskCpu("0.25 vcpu"), "256");
  assert.equal(parseTaskCpu("2vCPU"), "2048");
  for (const bad of ["", "1 core", "-1", "0", "0.1 vCPU", "1.5"]) {
    assert.throws(() => parseTaskCpu(bad), InvalidRequestError, bad);
  }
});

Deno.test("parseTaskMemory() takes MiB or GB, as ECS does, and gives MiB", () => {
  assert.equal(parseTaskMemory("2048"), "2048");
  assert.equal(parseTaskMemory("2 GB"), "2048");
  assert.equal(parseTaskMemory("0.5GB"), "512");
  for (const bad of ["", "2 GiB", "2 MB", "0", "0.3 GB"]) {
    assert.throws(() => parseTaskMemory(bad), InvalidRequestError, bad);
  }
});
