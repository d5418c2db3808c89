/**
 * Task-level members: `--task-cpu`, `--task-memory`, `--task-role-arn`, `--execution-role-arn`,
 * and the checks of CPU and memory against each other that ECS makes when it registers.
 *
 * @module
 */

import type { TaskDefinitionInput } from "../../../ecs/types.ts";
import type { EditChange, EditRequest } from "./edit_request.ts";
import { invalidFlag } from "./edit_target.ts";
import { fargateSizeProblem } from "./fargate_sizes.ts";

const TASK_MEMBERS = [
  { member: "cpu", flag: "--task-cpu", request: "taskCpu" },
  { member: "memory", flag: "--task-memory", request: "taskMemory" },
  { member: "taskRoleArn", flag: "--task-role-arn", request: "taskRoleArn" },
  { member: "executionRoleArn", flag: "--execution-role-arn", request: "executionRoleArn" },
] as const;

/** Sets the task-level members asked for on the copy (in place); one change per member. */
export function editTaskMembers(input: TaskDefinitionInput, edits: EditRequest): EditChange[] {
  const changes: EditChange[] = [];
  for (const { member, flag, request } of TASK_MEMBERS) {
    const after = edits[request];
    if (after === undefined) continue;
    const before = input[member];
    input[member] = after;
    changes.push({
      flag,
      member,
      ...(before !== undefined ? { before } : {}),
      after,
      // ECS stores task CPU and memory as strings of whole numbers; "512" and 512 are one value.
      unchanged: before !== undefined && String(before) === after,
      masked: false,
    });
  }
  return changes;
}

/**
 * Checks CPU and memory of the edited copy as ECS would, for what the edits touched: a
 * container's memory above its memory reservation, containers within the task's CPU and memory,
 * and, when the revision requires FARGATE, a task size Fargate offers. Errors name the flag
 * given that the rule is about.
 *
 * @throws {InvalidRequestError} naming the flag
 */
export function checkResources(input: TaskDefinitionInput, edits: EditRequest): void {
  const editedContainers = new Set(
    [...edits.cpu, ...edits.memory, ...edits.memoryReservation].map((e) => e.container),
  );
  for (const container of input.containerDefinitions) {
    if (!editedContainers.has(container.name)) continue;
    const memory = numberOf(container.memory);
    const reservation = numberOf(container.memoryReservation);
    if (memory !== undefined && reservation !== undefined && memory <= reservation) {
      const flag = edits.memoryReservation.some((e) => e.container === container.name)
        ? "--memory-reservation"
        : "--memory";
      throw invalidFlag(
        flag,
        `container "${container.name}" would have memory ${memory} MiB and memory reservation ` +
          `${reservation} MiB; ECS needs memory greater than the memory reservation`,
      );
    }
  }
  const taskCpu = numberOf(input.cpu);
  const taskMemory = numberOf(input.memory);
  const touchesCpu = edits.taskCpu !== undefined || edits.cpu.length > 0;
  const touchesMemory = edits.taskMemory !== undefined || edits.memory.length > 0 ||
    edits.memoryReservation.length > 0;
  const containers = input.containerDefinitions;
  if (touchesCpu && taskCpu !== undefined) {
    const total = containers.reduce((sum, c) => sum + (numberOf(c.cpu) ?? 0), 0);
    if (total > taskCpu) {
      throw invalidFlag(
        edits.taskCpu !== undefined ? "--task-cpu" : "--cpu",
        `the containers would reserve ${total} CPU units, more than the task's ${taskCpu}`,
      );
    }
  }
  if (touchesMemory && taskMemory !== undefined) {
    for (const c of containers) {
      const memory = numberOf(c.memory);
      if (memory !== undefined && memory > taskMemory) {
        throw invalidFlag(
          edits.taskMemory !== undefined ? "--task-memory" : "--memory",
          `container "${c.name}" would have memory ${memory} MiB, more than the task's ` +
            `${taskMemory} MiB`,
        );
      }
    }
    const reserved = containers.reduce(
      (sum, c) => sum + (numberOf(c.memoryReservation) ?? numberOf(c.memory) ?? 0),
      0,
    );
    if (reserved > taskMemory) {
      throw invalidFlag(
        edits.taskMemory !== undefined
          ? "--task-memory"
          : edits.memoryReservation.length > 0
          ? "--memory-reservation"
          : "--memory",
        `the containers would reserve ${reserved} MiB, more than the task's ${taskMemory} MiB`,
      );
    }
  }
  const fargate = Array.isArray(input.requiresCompatibilities) &&
    input.requiresCompatibilities.includes("FARGATE");
  if (fargate && (edits.taskCpu !== undefined || edits.taskMemory !== undefined)) {
    const flag = edits.taskCpu !== undefined ? "--task-cpu" : "--task-memory";
    if (taskCpu === undefined || taskMemory === undefined) {
      throw invalidFlag(
        flag,
        "the revision requires FARGATE, which needs both task CPU and task memory; give " +
          (taskCpu === undefined ? "--task-cpu" : "--task-memory"),
      );
    }
    const problem = fargateSizeProblem(taskCpu, taskMemory);
    if (problem) throw invalidFlag(flag, `${problem} (the revision requires FARGATE)`);
  }
}

/** A task or container size as ECS holds it (a number, or a string of one); else undefined. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
