/**
 * RegisterTaskDefinition made safe to repeat. It is not idempotent: every call registers one
 * more revision. When its answer is lost (a server error, a dropped connection, an answer that
 * cannot be read), ECS may or may not have registered ours, so before registering again we look
 * for it among the family's newest revisions.
 *
 * @module
 */
import type { EcsClient, TaggedTaskDefinition } from "../../ecs/ecs_client.ts";
import type { TaskDefinitionInput } from "../../ecs/types.ts";
import { CallStoppedError } from "../calls/bounded_ecs_client.ts";
import { mayHaveApplied } from "../calls/call_errors.ts";
import { describeError } from "../describe_error.ts";
import { copyTaskDefinition } from "../plan/copy_task_definition.ts";

/** How many of the family's newest revisions may be ours after a lost answer. */
const NEWEST_TO_SEARCH = 3;
/** Attempts at registering, the lost ones included. */
const ATTEMPTS = 2;

/** A revision and whether it was found registered after a lost answer rather than answered. */
export interface RegisteredRevision extends TaggedTaskDefinition {
  foundAfterLostAnswer: boolean;
}

/**
 * Registers `input` once: after a failure that may have registered it anyway, the revision is
 * looked for first and registered again only when it is not there.
 *
 * @throws the last failure when the revision could not be registered
 */
export async function registerRevision(
  ecs: EcsClient,
  input: TaskDefinitionInput,
): Promise<RegisteredRevision> {
  for (let attempt = 1;; attempt++) {
    try {
      return { ...await ecs.registerTaskDefinition(input), foundAfterLostAnswer: false };
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      const found = await findRegistered(ecs, input).catch((stop) => {
        // Stopped while looking: the revision may exist, which the run's reason must say.
        if (!(stop instanceof CallStoppedError)) throw stop;
        throw new CallStoppedError(
          stop.outcome,
          "RegisterTaskDefinition",
          true,
          `RegisterTaskDefinition lost its answer (${describeError(error)}) and ${stop.message}`,
          { cause: stop },
        );
      });
      if (found) return { ...found, foundAfterLostAnswer: true };
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}

/** The newest of the family's latest ACTIVE revisions that is exactly `input`, if any. */
export async function findRegistered(
  ecs: EcsClient,
  input: TaskDefinitionInput,
): Promise<TaggedTaskDefinition | undefined> {
  const newest = (await ecs.listTaskDefinitions(input.family, "ACTIVE"))
    .slice(-NEWEST_TO_SEARCH)
    .reverse();
  for (const arn of newest) {
    const candidate = await ecs.describeTaskDefinition(arn);
    const copy = copyTaskDefinition(candidate.taskDefinition, candidate.tags);
    if (coversInput(copy, input)) return candidate;
  }
  return undefined;
}

/**
 * Whether a registered revision (as copied back into input form) is `input`: every member
 * `input` has is there with the same value. ECS fills in defaults (empty lists, a port
 * mapping's protocol), so members only the registered one has do not count, and an empty list
 * equals an absent member.
 */
export function coversInput(registered: unknown, input: unknown): boolean {
  if (isEmpty(input)) return isEmpty(registered);
  if (Array.isArray(input)) {
    return Array.isArray(registered) && registered.length === input.length &&
      input.every((item, i) => coversInput(registered[i], item));
  }
  if (input !== null && typeof input === "object") {
    if (registered === null || typeof registered !== "object" || Array.isArray(registered)) {
      return false;
    }
    const members = registered as Record<string, unknown>;
    return Object.entries(input).every(([key, value]) => coversInput(members[key], value));
  }
  return registered === input;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}
