import type { EcsClient } from "../../ecs/ecs_client.ts";
import { describeError } from "../describe_error.ts";
import { parseRevision } from "../plan/task_definition_name.ts";

/** What {@linkcode pruneRevisions} keeps and removes. */
export interface PruneRequest {
  /** The cluster whose services may still run older revisions of the family. */
  cluster: string;
  family: string;
  /** How many of the newest ACTIVE revisions to keep; at least 1 (the caller validates). */
  keep: number;
  /** The revision the service runs now: never deregistered. */
  running: string;
  /** The revision it ran before, the rollback target: never deregistered. */
  previous: string;
  /**
   * Revisions that services outside `cluster` run or deploy now (the other members of a group):
   * never deregistered, since the cluster's services do not show them.
   */
  alsoKeep?: string[];
}

/** What a prune did: ARNs, oldest first. */
export interface PruneResult {
  deregistered: string[];
  kept: string[];
  /** Revisions beyond the newest `keep` that were kept because services still use them. */
  inUse: { taskDefinitionArn: string; services: string[] }[];
  /** Revisions whose deregistration ECS refused or that could not be reached. */
  failed: { taskDefinitionArn: string; error: string }[];
}

/**
 * Deregisters the ACTIVE revisions of a family beyond the newest `keep`, never the running
 * one, never the previous one, and never one that a service of the cluster runs or still
 * drains (any of its deployments). A revision that fails to deregister is reported in `failed`
 * and the others are still tried.
 *
 * @throws when the family cannot be listed, or when the cluster's services cannot be read (then
 * nothing is deregistered: a revision in use must never go)
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
  const protectedRevisions = new Set(
    [request.running, request.previous, ...request.alsoKeep ?? []].map(revisionKey),
  );
  const result: PruneResult = { deregistered: [], kept: [], inUse: [], failed: [] };
  const candidates = active.filter((arn) =>
    !newest.has(arn) && !protectedRevisions.has(revisionKey(arn))
  );
  const users = candidates.length > 0 ? await revisionUsers(ecs, request) : new Map();
  for (const arn of active) {
    const services = users.get(revisionKey(arn));
    if (!candidates.includes(arn) || services) {
      result.kept.push(arn);
      if (services && candidates.includes(arn)) {
        result.inUse.push({ taskDefinitionArn: arn, services });
      }
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

/** Which services of the cluster use each revision (`family:revision` -> service names). */
async function revisionUsers(ecs: EcsClient, request: PruneRequest) {
  let services;
  try {
    const arns = await ecs.listServices(request.cluster);
    services = arns.length > 0 ? await ecs.describeServices(request.cluster, arns) : [];
  } catch (error) {
    throw new Error(
      `Cannot prune "${request.family}": the revisions in use in cluster "${request.cluster}" ` +
        `could not be read, so none was deregistered: ${describeError(error)}`,
      { cause: error },
    );
  }
  const users = new Map<string, string[]>();
  for (const service of services) {
    const revisions = new Set(
      [service.taskDefinition, ...service.deployments.map((d) => d.taskDefinition)]
        .map(revisionKey),
    );
    for (const revision of revisions) {
      users.set(revision, [...(users.get(revision) ?? []), service.serviceName]);
    }
  }
  return users;
}

/** `family:revision`, so an ARN and its short form compare equal. */
function revisionKey(taskDefinition: string): string {
  return taskDefinition.split("/").pop() ?? taskDefinition;
}
