/** TagResource, UntagResource and ListTagsForResource for clusters, services, tasks and revisions. */
import type { Tag } from "../ecs/types.ts";
import type { Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import {
  arnResource,
  lookupCluster,
  lookupService,
  lookupTask,
  lookupTaskDefinition,
} from "./resource_lookup.ts";
import { fail, readTags, WireInput } from "./wire_input.ts";

/** The live tag list of the resource an ARN names (mutating it tags the resource). */
function tagsOf(state: SimState, arn: string): Tag[] {
  const resource = arnResource(arn);
  if (resource === undefined) fail("InvalidParameterException", "The ARN provided is invalid.");
  const [kind, ...rest] = resource.split("/");
  if (kind === "task-definition") {
    const record = lookupTaskDefinition(state, arn);
    if (!record) fail("ResourceNotFoundException", "The specified resource could not be found.");
    return record.tags;
  }
  if (kind === "cluster" && rest.length === 1) {
    const cluster = lookupCluster(state, arn);
    if (!cluster) fail("ClusterNotFoundException", "Cluster not found.");
    return cluster.tags;
  }
  if ((kind === "service" || kind === "task") && rest.length === 2) {
    const cluster = lookupCluster(state, rest[0]);
    if (!cluster) fail("ClusterNotFoundException", "Cluster not found.");
    const found = kind === "service" ? lookupService(cluster, arn) : lookupTask(cluster, arn);
    if (!found || ("status" in found && found.status === "INACTIVE")) {
      fail("ResourceNotFoundException", "The specified resource could not be found.");
    }
    return found.tags;
  }
  fail("InvalidParameterException", "The ARN provided is invalid.");
}

export function tagResource(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const tags = tagsOf(state, input.requiredString("resourceArn"));
  if (!input.has("tags")) fail("InvalidParameterException", "tags can not be null.");
  for (const tag of readTags(input)) {
    const existing = tags.find((t) => t.key === tag.key);
    if (existing) existing.value = tag.value;
    else tags.push(tag);
  }
  if (tags.length > 50) {
    fail("InvalidParameterException", "The maximum number of tags that you can apply is 50.");
  }
  return {};
}

export function untagResource(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const tags = tagsOf(state, input.requiredString("resourceArn"));
  const keys = input.stringList("tagKeys");
  if (keys === undefined) fail("InvalidParameterException", "tagKeys can not be null.");
  const kept = tags.filter((t) => !keys.includes(t.key));
  tags.splice(0, tags.length, ...kept);
  return {};
}

export function listTagsForResource(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  return { tags: structuredClone(tagsOf(state, input.requiredString("resourceArn"))) };
}
