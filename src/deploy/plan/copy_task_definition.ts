/**
 * The lossless copy of a registered task definition into the input of the next
 * RegisterTaskDefinition.
 *
 * @module
 */

import { READ_ONLY_TASK_DEFINITION_MEMBERS } from "../../ecs/task_definition_members.ts";
import type { Tag, TaskDefinition, TaskDefinitionInput } from "../../ecs/types.ts";

const READ_ONLY = new Set(READ_ONLY_TASK_DEFINITION_MEMBERS);

/**
 * Copies a task definition for RegisterTaskDefinition: every member except the read-only ones,
 * known or unknown (so members ECS adds later survive), deep-copied so the copy shares nothing
 * with the original. `tags` are carried over, without those in the reserved `aws:` namespace
 * (RegisterTaskDefinition rejects them), and left out when none remain; a `tags` member of the
 * task definition itself is replaced by them.
 */
export function copyTaskDefinition(
  taskDefinition: TaskDefinition,
  tags: Tag[],
): TaskDefinitionInput {
  const copy: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(taskDefinition)) {
    // An undefined member is an absent one; sending it would only add noise to a dry run.
    if (READ_ONLY.has(member) || member === "tags" || value === undefined) continue;
    copy[member] = structuredClone(value);
  }
  const kept = tags
    .filter((tag) => !isReservedTagKey(tag.key))
    .map((tag) => structuredClone(tag));
  if (kept.length > 0) copy.tags = kept;
  return copy as TaskDefinitionInput;
}

/** Whether a tag key is in the `aws:` namespace, reserved in any letter case. */
export function isReservedTagKey(key: string): boolean {
  return key.slice(0, 4).toLowerCase() === "aws:";
}
