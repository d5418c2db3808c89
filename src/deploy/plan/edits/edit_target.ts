/**
 * What every edit works on, and how it names what is wrong.
 *
 * @module
 */

import type { ContainerDefinition } from "../../../ecs/types.ts";
import { InvalidRequestError } from "../../../errors.ts";

/** The task definition being edited, as messages name it. */
export interface EditTarget {
  /** `family:revision` of the revision copied. */
  name: string;
}

/** An error naming the flag: `Invalid option --cpu "web 4": ...`. */
export function invalidFlag(flag: string, detail: string): InvalidRequestError {
  return new InvalidRequestError(`Invalid option ${flag}: ${detail}`);
}

/**
 * The container definition named `container`, or an error naming the flag, the container and
 * the containers that exist.
 */
export function containerNamed(
  target: EditTarget,
  containers: ContainerDefinition[],
  container: string,
  flag: string,
): ContainerDefinition {
  const found = containers.find((definition) => definition.name === container);
  if (found) return found;
  throw invalidFlag(
    flag,
    `container "${container}" not found in task definition "${target.name}"; ` +
      (containers.length === 0
        ? "it has no containers"
        : `containers are ${containers.map((c) => `"${c.name}"`).join(", ")}`),
  );
}

/** Whether two JSON-like values are equal (key order of objects aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The names of the containers an edit applies to: the one it names (which must exist), or
 * every container where it names none.
 */
export function containersEdited(
  target: EditTarget,
  containers: ContainerDefinition[],
  edit: { container?: string | undefined; flag: string },
): string[] {
  return edit.container === undefined
    ? containers.map((c) => c.name)
    : [containerNamed(target, containers, edit.container, edit.flag).name];
}
