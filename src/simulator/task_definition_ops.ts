/**
 * Task definition operations: Register, Describe, Deregister, Delete, List and ListFamilies.
 * Revision numbers grow per family and are never reused, even after deletion.
 */
import { READ_ONLY_TASK_DEFINITION_MEMBERS } from "../ecs/task_definition_members.ts";
import type { TaskDefinitionRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { arnResource, lookupTaskDefinition } from "./resource_lookup.ts";
import { validateTaskDefinitionInput } from "./task_definition_validation.ts";
import { fail, paginate, readTags, WireInput } from "./wire_input.ts";
import { taskDefinitionToWire } from "./wire_output.ts";

// A request that repeats what DescribeTaskDefinition returned: drop what ECS sets itself.
const READ_ONLY = new Set([...READ_ONLY_TASK_DEFINITION_MEMBERS, "tags"]);

/** Fills container members the way ECS echoes them back. */
function normaliseContainer(container: Wire, networkMode: unknown): Wire {
  const c: Wire = {
    cpu: 0,
    portMappings: [],
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...structuredClone(container),
  };
  c.portMappings = (c.portMappings as Wire[]).map((p) => ({
    ...p,
    ...(networkMode === "awsvpc" && p.hostPort === undefined && p.containerPort !== undefined
      ? { hostPort: p.containerPort }
      : {}),
    protocol: p.protocol ?? "tcp",
  }));
  return c;
}

export function registerTaskDefinition(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const valid = validateTaskDefinitionInput(input);
  const tags = readTags(input);
  let family = state.families.get(valid.family);
  if (!family) {
    family = { name: valid.family, lastRevision: 0, revisions: new Map() };
    state.families.set(valid.family, family);
  }
  const revision = family.lastRevision + 1;
  const td: Wire = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!READ_ONLY.has(key) && value !== undefined && value !== null) {
      td[key] = structuredClone(value);
    }
  }
  td.containerDefinitions = (raw.containerDefinitions as Wire[]).map((c) =>
    normaliseContainer(c, raw.networkMode)
  );
  if (valid.cpu !== undefined) td.cpu = String(valid.cpu);
  if (valid.memory !== undefined) td.memory = String(valid.memory);
  const record: TaskDefinitionRecord = {
    td: {
      ...td,
      taskDefinitionArn: state.arn(`task-definition/${valid.family}:${revision}`),
      family: valid.family,
      revision,
      volumes: td.volumes ?? [],
      status: "ACTIVE",
      requiresAttributes: valid.requiresAttributes,
      placementConstraints: td.placementConstraints ?? [],
      compatibilities: valid.compatibilities,
      registeredAt: new Date(state.now),
      registeredBy: `arn:aws:iam::${state.accountId}:root`,
      containerDefinitions: td.containerDefinitions as Wire[],
    },
    tags,
  };
  family.lastRevision = revision;
  family.revisions.set(revision, record);
  return { taskDefinition: taskDefinitionToWire(record), tags: structuredClone(tags) };
}

export function describeTaskDefinition(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const id = input.requiredString("taskDefinition", "ClientException");
  const include = input.enumList("include", ["TAGS"]) ?? [];
  const record = lookupTaskDefinition(state, id);
  if (!record) fail("ClientException", "Unable to describe task definition.");
  const out: Wire = { taskDefinition: taskDefinitionToWire(record) };
  if (include.includes("TAGS")) out.tags = structuredClone(record.tags);
  return out;
}

/** A task definition named with its revision (DeregisterTaskDefinition and Delete need one). */
function lookupRevision(state: SimState, id: string): TaskDefinitionRecord | undefined {
  const ref = arnResource(id)?.replace(/^task-definition\//, "") ?? id;
  if (!/^[^:]+:\d+$/.test(ref)) {
    fail("ClientException", `Invalid revision number. Number: ${ref.split(":")[1] ?? ""}`);
  }
  return lookupTaskDefinition(state, id);
}

export function deregisterTaskDefinition(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const id = input.requiredString("taskDefinition", "ClientException");
  const record = lookupRevision(state, id);
  if (!record || record.td.status === "DELETE_IN_PROGRESS") {
    fail("ClientException", "The specified task definition does not exist.");
  }
  if (record.td.status === "ACTIVE") {
    record.td.status = "INACTIVE";
    record.td.deregisteredAt = new Date(state.now);
  }
  return { taskDefinition: taskDefinitionToWire(record) };
}

export function deleteTaskDefinitions(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const ids = input.stringList("taskDefinitions");
  if (ids === undefined || ids.length === 0) {
    fail("ClientException", "taskDefinitions can not be empty.");
  }
  if (ids.length > 10) {
    fail("ClientException", "The maximum number of task definitions that can be deleted is 10.");
  }
  const taskDefinitions: Wire[] = [];
  const failures: Wire[] = [];
  for (const id of ids) {
    const record = lookupRevision(state, id);
    if (!record) {
      failures.push({ arn: id, reason: "The specified task definition does not exist." });
    } else if (record.td.status === "ACTIVE") {
      failures.push({
        arn: record.td.taskDefinitionArn,
        reason:
          "The specified task definition is still in ACTIVE status. Please deregister the target and try again.",
      });
    } else {
      if (record.td.status === "INACTIVE") {
        record.td.status = "DELETE_IN_PROGRESS";
        record.td.deleteRequestedAt = new Date(state.now);
      }
      taskDefinitions.push(taskDefinitionToWire(record));
    }
  }
  return { taskDefinitions, failures };
}

export function listTaskDefinitions(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const familyName = input.string("familyPrefix");
  const status = input.enumValue("status", ["ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"]) ??
    "ACTIVE";
  const sort = input.enumValue("sort", ["ASC", "DESC"]) ?? "ASC";
  const families = [...state.families.values()]
    .filter((f) => familyName === undefined || f.name === familyName)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let arns: string[] = [];
  for (const family of families) {
    const revisions = [...family.revisions.values()].sort((a, b) => a.td.revision - b.td.revision);
    for (const r of revisions) if (r.td.status === status) arns.push(r.td.taskDefinitionArn);
  }
  if (sort === "DESC") arns = arns.reverse();
  const { page, nextToken } = paginate(arns, input, { max: 100, defaultSize: 100 });
  return nextToken ? { taskDefinitionArns: page, nextToken } : { taskDefinitionArns: page };
}

export function listTaskDefinitionFamilies(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const prefix = input.string("familyPrefix") ?? "";
  const status = input.enumValue("status", ["ACTIVE", "INACTIVE", "ALL"]) ?? "ALL";
  const names = [...state.families.values()]
    .filter((f) => f.name.startsWith(prefix))
    .filter((f) => {
      const active = [...f.revisions.values()].some((r) => r.td.status === "ACTIVE");
      return status === "ALL" || (status === "ACTIVE" ? active : !active);
    })
    .map((f) => f.name)
    .sort();
  const { page, nextToken } = paginate(names, input, { max: 100, defaultSize: 100 });
  return nextToken ? { families: page, nextToken } : { families: page };
}
