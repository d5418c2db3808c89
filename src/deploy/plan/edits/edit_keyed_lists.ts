/**
 * Environment variables and secrets of containers: `-e`, `--env-file`, `--unset-env`,
 * `--exclusive-env`, `--secret`, `--unset-secret`, `--exclusive-secrets`. Both are lists of
 * named entries (`{name, value}`, `{name, valueFrom}`); one function edits either.
 *
 * @module
 */

import type { ContainerDefinition } from "../../../ecs/types.ts";
import type { EditChange, KeyedEdit, KeyRemoval } from "./edit_request.ts";
import { containerNamed, containersEdited, type EditTarget, invalidFlag } from "./edit_target.ts";

/** Which list, and the flags that edit it. */
export interface KeyedList {
  member: "environment" | "secrets";
  /** The member of an entry holding its value. */
  valueMember: "value" | "valueFrom";
  setFlag: string;
  unsetFlag: string;
  exclusiveFlag: string;
}

export const ENVIRONMENT: KeyedList = {
  member: "environment",
  valueMember: "value",
  setFlag: "-e, --env",
  unsetFlag: "--unset-env",
  exclusiveFlag: "--exclusive-env",
};

export const SECRETS: KeyedList = {
  member: "secrets",
  valueMember: "valueFrom",
  setFlag: "--secret",
  unsetFlag: "--unset-secret",
  exclusiveFlag: "--exclusive-secrets",
};

/** What to do to one list. */
export interface KeyedListEdits {
  sets: KeyedEdit[];
  removals: KeyRemoval[];
  exclusive: boolean;
}

/**
 * Edits `list` of `containers` in place (they are the copy's): existing entries keep their
 * place and only their value changes, new ones are appended in the order given, removed ones
 * drop out. With `exclusive`, a container given any entry keeps only the entries given.
 * Returns one change per key touched, in container order; a value already in place, or a
 * removal of a key that is not there, is a change marked `unchanged`.
 *
 * @throws {InvalidRequestError} naming the flag: an unknown container, a key given two
 * values, a key both set and removed, or `exclusive` without any entry given
 */
export function editKeyedList(
  target: EditTarget,
  containers: ContainerDefinition[],
  list: KeyedList,
  edits: KeyedListEdits,
): EditChange[] {
  if (edits.exclusive && edits.sets.length === 0) {
    throw invalidFlag(
      list.exclusiveFlag,
      `it needs the ${list.member === "environment" ? "variables" : "secrets"} to keep: give ` +
        `${list.setFlag}${list.member === "environment" ? " or --env-file" : ""}`,
    );
  }
  // Per container, the entries asked for: key -> the edit that set it last.
  const wanted = new Map<string, Map<string, KeyedEdit>>();
  for (const edit of edits.sets) {
    for (const name of containersEdited(target, containers, edit)) {
      const keys = wanted.get(name) ?? new Map<string, KeyedEdit>();
      const earlier = keys.get(edit.key);
      // A file may be overridden by a flag, and a later line of a file by an earlier one, as
      // dotenv does; two flags that disagree are a mistake.
      if (
        earlier && earlier.value !== edit.value && isFlag(earlier, list) && isFlag(edit, list)
      ) {
        throw invalidFlag(
          list.setFlag,
          `${describeKey(list, edit.key)} of container "${name}" is given two values`,
        );
      }
      keys.set(edit.key, edit);
      wanted.set(name, keys);
    }
  }
  const removed = new Map<string, Set<string>>();
  for (const removal of edits.removals) {
    const name = containerNamed(target, containers, removal.container, list.unsetFlag).name;
    if (wanted.get(name)?.has(removal.key)) {
      throw invalidFlag(
        list.unsetFlag,
        `${describeKey(list, removal.key)} of container "${name}" is both set ` +
          `(${list.setFlag}) and removed`,
      );
    }
    removed.set(name, (removed.get(name) ?? new Set()).add(removal.key));
  }

  const changes: EditChange[] = [];
  for (const container of containers) {
    const keys = wanted.get(container.name);
    const removals = removed.get(container.name);
    if (!keys && !removals) continue;
    const entries = entriesOf(container, list);
    const change = (
      flag: string,
      key: string,
      before: string | undefined,
      after: string | undefined,
    ) =>
      changes.push({
        flag,
        container: container.name,
        member: `${list.member}.${key}`,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        unchanged: before === after,
        masked: true,
      });
    const next: Record<string, unknown>[] = [];
    for (const entry of entries) {
      const key = String(entry.name);
      const before = entry[list.valueMember] as string | undefined;
      const set = keys?.get(key);
      if (set) {
        next.push({ ...entry, [list.valueMember]: set.value });
        change(set.flag, key, before, set.value);
      } else if (removals?.has(key)) {
        change(list.unsetFlag, key, before, undefined);
      } else if (edits.exclusive && keys) {
        change(list.exclusiveFlag, key, before, undefined);
      } else {
        next.push(entry);
      }
    }
    const present = new Set(entries.map((entry) => String(entry.name)));
    for (const [key, set] of keys ?? []) {
      if (present.has(key)) continue;
      next.push({ name: key, [list.valueMember]: set.value });
      change(set.flag, key, undefined, set.value);
    }
    for (const key of removals ?? []) {
      if (!present.has(key)) change(list.unsetFlag, key, undefined, undefined);
    }
    if (next.length > 0 || container[list.member] !== undefined) {
      (container as Record<string, unknown>)[list.member] = next;
    }
  }
  return changes;
}

/** The keys a container's list holds. */
export function keysOf(container: ContainerDefinition, list: KeyedList): Set<string> {
  return new Set(entriesOf(container, list).map((entry) => String(entry.name)));
}

function entriesOf(container: ContainerDefinition, list: KeyedList): Record<string, unknown>[] {
  const entries = container[list.member];
  return Array.isArray(entries) ? entries as Record<string, unknown>[] : [];
}

function isFlag(edit: KeyedEdit, list: KeyedList): boolean {
  return edit.flag === list.setFlag;
}

function describeKey(list: KeyedList, key: string): string {
  return `${list.member === "environment" ? "variable" : "secret"} "${key}"`;
}
