/**
 * Members of single containers set whole: `--command`, `--entrypoint`, `--workdir`, `--user`,
 * `--cpu`, `--memory`, `--memory-reservation`, and the docker labels of `--label`.
 *
 * @module
 */

import type { ContainerDefinition } from "../../../ecs/types.ts";
import type { ContainerEdit, EditChange, KeyedEdit } from "./edit_request.ts";
import {
  containerNamed,
  containersEdited,
  type EditTarget,
  invalidFlag,
  sameValue,
} from "./edit_target.ts";

/** One container member, and the flag that sets it. */
export interface MemberEdits<T> {
  member: string;
  flag: string;
  edits: ContainerEdit<T>[];
}

/**
 * Sets `member` of each named container (of the copy, in place) to the value given. Returns
 * one change per container, marked `unchanged` where it already had that value.
 *
 * @throws {InvalidRequestError} naming the flag: an unknown container, or one given two values
 */
export function editContainerMember<T>(
  target: EditTarget,
  containers: ContainerDefinition[],
  { member, flag, edits }: MemberEdits<T>,
): EditChange[] {
  const wanted = new Map<string, T>();
  for (const { container, value } of edits) {
    const name = containerNamed(target, containers, container, flag).name;
    if (wanted.has(name) && !sameValue(wanted.get(name), value)) {
      throw invalidFlag(flag, `container "${name}" is given two values`);
    }
    wanted.set(name, value);
  }
  const changes: EditChange[] = [];
  for (const container of containers) {
    if (!wanted.has(container.name)) continue;
    const after = wanted.get(container.name);
    const before = container[member];
    container[member] = structuredClone(after);
    changes.push({
      flag,
      container: container.name,
      member,
      ...(before !== undefined ? { before } : {}),
      after,
      unchanged: sameValue(before, after),
      masked: false,
    });
  }
  return changes;
}

/**
 * Sets docker labels (`dockerLabels`, an object of strings) of the named containers, or of every
 * container for an edit without one. Other labels stay.
 *
 * @throws {InvalidRequestError} naming `--label`: an unknown container, or a label given two
 * values
 */
export function editDockerLabels(
  target: EditTarget,
  containers: ContainerDefinition[],
  edits: KeyedEdit[],
): EditChange[] {
  const wanted = new Map<string, Map<string, string>>();
  for (const edit of edits) {
    for (const name of containersEdited(target, containers, edit)) {
      const labels = wanted.get(name) ?? new Map<string, string>();
      const earlier = labels.get(edit.key);
      if (earlier !== undefined && earlier !== edit.value) {
        throw invalidFlag(
          edit.flag,
          `label "${edit.key}" of container "${name}" is given two values`,
        );
      }
      wanted.set(name, labels.set(edit.key, edit.value));
    }
  }
  const changes: EditChange[] = [];
  for (const container of containers) {
    const labels = wanted.get(container.name);
    if (!labels) continue;
    const current = isStringRecord(container.dockerLabels) ? container.dockerLabels : {};
    const next: Record<string, string> = { ...current };
    for (const [key, value] of labels) {
      const before = current[key];
      next[key] = value;
      changes.push({
        flag: "--label",
        container: container.name,
        member: `dockerLabels.${key}`,
        ...(before !== undefined ? { before } : {}),
        after: value,
        unchanged: before === value,
        masked: false,
      });
    }
    container.dockerLabels = next;
  }
  return changes;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
