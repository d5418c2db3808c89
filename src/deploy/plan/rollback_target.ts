import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type { TaskDefinition } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
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

  const to = request.to.trim();
  const wanted = /^\d+$/.test(to) ? `${running.family}:${Number(to)}` : to;
  const parsed = parseRevision(wanted);
  if (!parsed) {
    throw new InvalidRequestError(
      `Cannot roll back from "${from}" to "${request.to}": expected a revision number, ` +
        `FAMILY:REVISION or a task definition ARN`,
    );
  }
  const named = `${parsed.family}:${parsed.revision}`;
  if (parsed.family !== running.family) {
    throw new InvalidRequestError(
      `Cannot roll back from "${from}" to "${named}": it is of family "${parsed.family}", ` +
        `the service runs family "${running.family}"`,
    );
  }
  if (parsed.revision === running.revision) {
    throw new InvalidRequestError(
      `Cannot roll back to "${named}": the service already runs it`,
    );
  }
  const target = await describe(ecs, wanted, from, named);
  if (target.status !== "ACTIVE") {
    throw new InvalidRequestError(
      `Cannot roll back from "${from}" to "${named}": it is ${target.status}, not ACTIVE`,
    );
  }
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

async function describe(
  ecs: EcsClient,
  taskDefinition: string,
  from: string,
  named: string,
): Promise<TaskDefinition> {
  try {
    return (await ecs.describeTaskDefinition(taskDefinition)).taskDefinition;
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClientException") {
      throw new InvalidRequestError(
        `Cannot roll back from "${from}" to "${named}": ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
