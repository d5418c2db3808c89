/**
 * The edits of a deploy besides images, applied to the copy of the revision: a pure function
 * from (task definition input, requested edits) to (new input, list of changes). Each kind of
 * edit lives in its own module; this one runs them in a fixed order and checks what they must
 * agree on.
 *
 * @module
 */

import type { TaskDefinitionInput } from "../../../ecs/types.ts";
import { editContainerMember, editDockerLabels } from "./edit_container_members.ts";
import { editKeyedList, ENVIRONMENT, keysOf, SECRETS } from "./edit_keyed_lists.ts";
import type { EditChange, EditRequest } from "./edit_request.ts";
import { invalidFlag } from "./edit_target.ts";
import { checkResources, editTaskMembers } from "./edit_task_members.ts";

/**
 * Applies `edits` to a copy of `input` (never mutated) and returns the copy with every change,
 * in the order: environment, secrets, container members, labels, task members. An edit that
 * sets what is already there is a change marked `unchanged`.
 *
 * @param name `family:revision` of the revision the input was copied from, for messages
 * @throws {InvalidRequestError} naming the flag: an unknown container (with the containers
 * that exist), conflicting values, a variable that would also be a secret, or CPU and memory
 * ECS would refuse
 */
export function applyEdits(
  input: TaskDefinitionInput,
  edits: EditRequest,
  name: string,
): { input: TaskDefinitionInput; changes: EditChange[] } {
  const next = structuredClone(input);
  const target = { name };
  const containers = next.containerDefinitions;
  const changes: EditChange[] = [
    ...editKeyedList(target, containers, ENVIRONMENT, {
      sets: edits.environment,
      removals: edits.unsetEnvironment,
      exclusive: edits.exclusiveEnvironment,
    }),
    ...editKeyedList(target, containers, SECRETS, {
      sets: edits.secrets,
      removals: edits.unsetSecrets,
      exclusive: edits.exclusiveSecrets,
    }),
  ];
  checkNoKeyInBoth(next, changes);
  const members = [
    { member: "command", flag: "--command", edits: edits.command },
    { member: "entryPoint", flag: "--entrypoint", edits: edits.entryPoint },
    { member: "workingDirectory", flag: "--workdir", edits: edits.workingDirectory },
    { member: "user", flag: "--user", edits: edits.user },
    { member: "cpu", flag: "--cpu", edits: edits.cpu },
    { member: "memory", flag: "--memory", edits: edits.memory },
    { member: "memoryReservation", flag: "--memory-reservation", edits: edits.memoryReservation },
  ] as const;
  for (const member of members) {
    changes.push(...editContainerMember<unknown>(target, containers, member));
  }
  changes.push(...editDockerLabels(target, containers, edits.dockerLabels));
  changes.push(...editTaskMembers(next, edits));
  checkResources(next, edits);
  return { input: next, changes };
}

/**
 * A container cannot have a variable and a secret of one name (ECS would pass both, and which
 * one the process sees is not defined); a key the edits set on one side must not be on the other.
 */
function checkNoKeyInBoth(input: TaskDefinitionInput, changes: EditChange[]): void {
  for (const change of changes) {
    if (change.after === undefined || change.container === undefined) continue;
    const container = input.containerDefinitions.find((c) => c.name === change.container)!;
    const [member, ...rest] = change.member.split(".");
    const key = rest.join(".");
    const other = member === "environment" ? SECRETS : ENVIRONMENT;
    if (keysOf(container, other).has(key)) {
      throw invalidFlag(
        change.flag,
        `"${key}" of container "${container.name}" would be both an environment variable and ` +
          `a secret; remove the other with ${other.unsetFlag} ${container.name} ${key}`,
      );
    }
  }
}
