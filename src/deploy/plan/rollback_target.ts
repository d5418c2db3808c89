import type { EcsClient } from "../../ecs/ecs_client.ts";
import { InvalidRequestError } from "../../errors.ts";
import { findRevision } from "./find_revision.ts";
import { parseRevision } from "./task_definition_name.ts";

/** Where a rollback goes from, and optionally to. */
export interface RollbackTargetRequest {
  /** The task definition ARN the service runs now. */
  running: string;
  /** A revision number (`41`), `family:revision` or ARN; default: the previous ACTIVE one. */
  to?: string;
}

/**
 * The ARN of the revision a rollback deploys: the newest ACTIVE revision of the running
 * family older than the running one, or the one `to` names after checking it belongs to the
 * same family, is ACTIVE and is not the running one.
 *
 * @throws {InvalidRequestError} naming what is wrong: no older ACTIVE revision, or a `to`
 * that is malformed, of another family, unknown, not ACTIVE or the running revision
 */
export async function findRollbackTarget(
  ecs: EcsClient,
  request: RollbackTargetRequest,
): Promise<string> {
  const running = parseRevision(request.running);
  if (!running) {
    throw new InvalidRequestError(
      `Cannot roll back: the running task definition "${request.running}" has no revision`,
    );
  }
  const from = `${running.family}:${running.revision}`;
  if (request.to === undefined) return await previousActive(ecs, running, from);

  const target = await findRevision(ecs, {
    running,
    wanted: request.to,
    cannot: (named) => `Cannot roll back from "${from}" to "${named}"`,
    check: (named) => {
      if (named.family !== running.family) {
        throw new InvalidRequestError(
          `Cannot roll back from "${from}" to "${named.name}": it is of family ` +
            `"${named.family}", the service runs family "${running.family}"`,
        );
      }
      if (named.revision === running.revision) {
        throw new InvalidRequestError(
          `Cannot roll back to "${named.name}": the service already runs it`,
        );
      }
    },
  });
  return target.taskDefinitionArn;
}

async function previousActive(
  ecs: EcsClient,
  running: { family: string; revision: number },
  from: string,
): Promise<string> {
  const older = (await ecs.listTaskDefinitions(running.family, "ACTIVE"))
    .map((arn) => ({ arn, name: parseRevision(arn) }))
    // Exact family: an adapter that treats the family as a prefix must not widen the choice.
    .filter((r) => r.name?.family === running.family && r.name.revision < running.revision)
    .map((r) => ({ arn: r.arn, revision: r.name!.revision }))
    .sort((a, b) => b.revision - a.revision);
  const target = older[0];
  if (!target) {
    throw new InvalidRequestError(
      `Cannot roll back from "${from}": no ACTIVE revision of family "${running.family}" is ` +
        `older; give --to REVISION`,
    );
  }
  return target.arn;
}
