import type { EcsClient } from "../ecs/ecs_client.ts";
import { describeError } from "./describe_error.ts";
import { parseRevision } from "./task_definition_name.ts";

/** What {@linkcode pruneRevisions} keeps and removes. */
export interface PruneRequest {
  family: string;
  /** How many of the newest ACTIVE revisions to keep; at least 1 (the caller validates). */
  keep: number;
  /** The revision the service runs now: never deregistered. */
  running: string;
  /** The revision it ran before, the rollback target: never deregistered. */
  previous: string;
}

/** What a prune did: ARNs, oldest first. */
export interface PruneResult {
  deregistered: string[];
  kept: string[];
  /** Revisions whose deregistration ECS refused or that could not be reached. */
  failed: { taskDefinitionArn: string; error: string }[];
}

/**
 * Deregisters the ACTIVE revisions of a family beyond the newest `keep`, never the running
 * one and never the previous one. A revision that fails to deregister is reported in `failed`
 * and the others are still tried; only a failure to list the family throws.
 */
export async function pruneRevisions(ecs: EcsClient, request: PruneRequest): Promise<PruneResult> {
  if (!Number.isInteger(request.keep) || request.keep < 1) {
    throw new RangeError(
      `Cannot prune "${request.family}": keep must be 1 or more, not ${request.keep}`,
    );
  }
  const active = (await ecs.listTaskDefinitions(request.family, "ACTIVE"))
    // Exact family: an adapter that treats the family as a prefix must not widen the prune.
    .filter((arn) => parseRevision(arn)?.family === request.family)
    .sort((a, b) => parseRevision(a)!.revision - parseRevision(b)!.revision);
  const newest = new Set(active.slice(Math.max(0, active.length - request.keep)));
  const protectedRevisions = new Set([request.running, request.previous].map(revisionKey));
  const result: PruneResult = { deregistered: [], kept: [], failed: [] };
  for (const arn of active) {
    if (newest.has(arn) || protectedRevisions.has(revisionKey(arn))) {
      result.kept.push(arn);
      continue;
    }
    try {
      await ecs.deregisterTaskDefinition(arn);
      result.deregistered.push(arn);
    } catch (error) {
      result.failed.push({ taskDefinitionArn: arn, error: describeError(error) });
    }
  }
  return result;
}

/** `family:revision`, so an ARN and its short form compare equal. */
function revisionKey(taskDefinition: string): string {
  return taskDefinition.split("/").pop() ?? taskDefinition;
}
