/**
 * The one way a registered revision a user names (`--revision` of deploy, `--to` of rollback)
 * is found: a revision number of the running family, `family:revision` or an ARN, which must
 * exist and be ACTIVE.
 *
 * @module
 */

import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type { TaskDefinition } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import { parseRevision, type RevisionName } from "./task_definition_name.ts";

/** What to find, and how its errors begin. */
export interface RevisionQuery {
  /** The revision the service runs: a bare number names one of its family. */
  running: RevisionName;
  /** As the user wrote it: `41`, `api:41` or an ARN. */
  wanted: string;
  /**
   * The start of every error, given the revision as `family:revision` once it is known:
   * `Cannot roll back from "api:42" to "api:41"`.
   */
  cannot: (named: string | undefined) => string;
  /** Checks the caller adds before ECS is asked (another family, the running revision). */
  check?: (named: RevisionName & { name: string }) => void;
}

/**
 * Finds the revision `wanted` names and returns it as ECS describes it.
 *
 * @throws {InvalidRequestError} for a malformed name, one ECS does not know, one that is not
 * ACTIVE, or what `check` refuses
 */
export async function findRevision(ecs: EcsClient, query: RevisionQuery): Promise<TaskDefinition> {
  const wanted = query.wanted.trim();
  const spelled = /^\d+$/.test(wanted) ? `${query.running.family}:${Number(wanted)}` : wanted;
  const parsed = parseRevision(spelled);
  if (!parsed) {
    throw new InvalidRequestError(
      `${query.cannot(JSON.stringify(query.wanted).slice(1, -1))}: expected a revision ` +
        `number, FAMILY:REVISION or a task definition ARN`,
    );
  }
  const named = `${parsed.family}:${parsed.revision}`;
  query.check?.({ ...parsed, name: named });
  let revision: TaskDefinition;
  try {
    revision = (await ecs.describeTaskDefinition(spelled)).taskDefinition;
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClientException") {
      throw new InvalidRequestError(`${query.cannot(named)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (revision.status !== "ACTIVE") {
    throw new InvalidRequestError(`${query.cannot(named)}: it is ${revision.status}, not ACTIVE`);
  }
  return revision;
}
