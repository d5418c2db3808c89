/**
 * Finding resources by the identifiers ECS accepts (names, short forms, ARNs), failing with the
 * error types and wording ECS uses.
 */
import type {
  ClusterRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { fail } from "./wire_input.ts";

/** The resource part of an ECS ARN (`cluster/name`), or undefined for a non-ARN. */
export function arnResource(identifier: string): string | undefined {
  const m = /^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:(.+)$/.exec(identifier);
  return m?.[1];
}

/** The cluster named or ARN'd by `identifier` ("default" when absent), or undefined. */
export function lookupCluster(
  state: SimState,
  identifier: string | undefined,
): ClusterRecord | undefined {
  const id = identifier ?? "default";
  const resource = arnResource(id);
  const name = resource === undefined
    ? id
    : resource.startsWith("cluster/")
    ? resource.slice("cluster/".length)
    : undefined;
  if (name === undefined) return undefined;
  const cluster = state.clusters.get(name);
  return cluster?.status === "ACTIVE" ? cluster : undefined;
}

/** The cluster, or ClusterNotFoundException. */
export function requireCluster(state: SimState, identifier: string | undefined): ClusterRecord {
  return lookupCluster(state, identifier) ?? fail("ClusterNotFoundException", "Cluster not found.");
}

/** The service named or ARN'd by `identifier` (any status), or undefined. */
export function lookupService(
  cluster: ClusterRecord,
  identifier: string,
): ServiceRecord | undefined {
  const resource = arnResource(identifier);
  let name = identifier;
  if (resource !== undefined) {
    const parts = resource.split("/");
    if (parts[0] !== "service") return undefined;
    if (parts.length === 3 && parts[1] !== cluster.name) return undefined;
    name = parts[parts.length - 1]!;
  }
  return cluster.services.get(name);
}

/** The ACTIVE service, or ServiceNotFoundException / ServiceNotActiveException. */
export function requireActiveService(cluster: ClusterRecord, identifier: string): ServiceRecord {
  const service = lookupService(cluster, identifier);
  if (service === undefined || service.status === "INACTIVE") {
    fail("ServiceNotFoundException", "Service not found.");
  }
  if (service.status !== "ACTIVE") fail("ServiceNotActiveException", "Service was not ACTIVE.");
  return service;
}

/** The task definition named by ARN, `family:revision` or `family` (latest ACTIVE). */
export function lookupTaskDefinition(
  state: SimState,
  identifier: string,
): TaskDefinitionRecord | undefined {
  const resource = arnResource(identifier);
  let ref = identifier;
  if (resource !== undefined) {
    if (!resource.startsWith("task-definition/")) return undefined;
    ref = resource.slice("task-definition/".length);
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(ref);
  if (!m) return undefined;
  const family = state.families.get(m[1]!);
  if (!family) return undefined;
  if (m[2] !== undefined) {
    return family.revisions.get(Number(m[2]));
  }
  if (resource !== undefined) return undefined;
  for (let rev = family.lastRevision; rev > 0; rev--) {
    const record = family.revisions.get(rev);
    if (record?.td.status === "ACTIVE") return record;
  }
  return undefined;
}

/** The task with this id or ARN in `cluster`, or undefined. */
export function lookupTask(cluster: ClusterRecord, identifier: string): TaskRecord | undefined {
  const resource = arnResource(identifier);
  if (resource === undefined) return cluster.tasks.get(identifier);
  const parts = resource.split("/");
  if (parts[0] !== "task") return undefined;
  if (parts.length === 3 && parts[1] !== cluster.name) return undefined;
  return cluster.tasks.get(parts[parts.length - 1]!);
}
