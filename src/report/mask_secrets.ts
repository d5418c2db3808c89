/**
 * The masking rule, in one place for every reporter: what a task definition holds that must not
 * reach a CI log (environment values, and the references to secrets, which name where they
 * live) is replaced by {@linkcode MASKED} unless a dry run is asked `--show-values`.
 *
 * @module
 */

import type { DeployPlan, EditChange } from "../deploy/mod.ts";

/** What a masked value reads as. */
export const MASKED = "(masked)";

/**
 * Paths (in the syntax of `diffValues`, relative to a task definition) whose values are
 * masked: `environment[].value`, `secrets[].valueFrom`, `repositoryCredentials
 * .credentialsParameter` and the log driver's `secretOptions[].valueFrom` of every container.
 */
const SECRET_PATH = new RegExp(
  String.raw`^containerDefinitions\[\d+\]\.(?:environment\[\d+\]\.value|` +
    String.raw`secrets\[\d+\]\.valueFrom|repositoryCredentials\.credentialsParameter|` +
    String.raw`logConfiguration\.secretOptions\[\d+\]\.valueFrom)$`,
);

/**
 * A copy of `value`, the part of a task definition at `path` (the whole of it by default), with
 * every value on a secret path replaced by {@linkcode MASKED}. Names, images and everything else
 * stay, so a masked plan still says what changes.
 */
export function maskSecrets(value: unknown, path = ""): unknown {
  if (SECRET_PATH.test(path)) return value === undefined ? undefined : MASKED;
  if (Array.isArray(value)) return value.map((item, i) => maskSecrets(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map((
        [key, item],
      ) => [key, maskSecrets(item, path ? `${path}.${key}` : key)]),
    );
  }
  return value;
}

/**
 * An edit's change with its values masked where they are an environment value or a secret
 * reference (`masked`); what is set or removed, and whether it changes anything, stays visible.
 */
export function maskEditChange(change: EditChange): EditChange {
  if (!change.masked) return change;
  return {
    ...change,
    ...(change.before !== undefined ? { before: MASKED } : {}),
    ...(change.after !== undefined ? { after: MASKED } : {}),
  };
}

/** The plan with both task definitions, the current and the next, and its edits masked. */
export function maskPlan(plan: DeployPlan): DeployPlan {
  const masked: DeployPlan = {
    ...plan,
    current: {
      ...plan.current,
      taskDefinition: maskSecrets(plan.current.taskDefinition) as DeployPlan["current"][
        "taskDefinition"
      ],
    },
  };
  if (plan.edits) masked.edits = plan.edits.map(maskEditChange);
  if (plan.nextTaskDefinition) {
    masked.nextTaskDefinition = maskSecrets(plan.nextTaskDefinition) as NonNullable<
      DeployPlan["nextTaskDefinition"]
    >;
  }
  return masked;
}
