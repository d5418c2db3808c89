/** Cluster operations: CreateCluster (idempotent), DescribeClusters, ListClusters, DeleteCluster. */
import type { ClusterRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { lookupCluster, requireCluster } from "./resource_lookup.ts";
import { fail, paginate, readTags, WireInput } from "./wire_input.ts";
import { clusterToWire } from "./wire_output.ts";

const CLUSTER_NAME = /^[a-zA-Z0-9_-]{1,255}$/;
const INCLUDE = ["ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS"] as const;

export function createCluster(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const name = input.string("clusterName") ?? "default";
  if (!CLUSTER_NAME.test(name)) {
    fail(
      "InvalidParameterException",
      "Cluster name can only contain letters (uppercase and lowercase), numbers, hyphens, and underscores, and must be up to 255 characters.",
    );
  }
  const tags = readTags(input);
  const existing = state.clusters.get(name);
  if (existing?.status === "ACTIVE") {
    return { cluster: clusterToWire(existing, ["TAGS", "SETTINGS"]) };
  }
  const settings = input.objectList("settings")?.map((s) => ({
    name: s.enumValue("name", ["containerInsights"]),
    value: s.string("value"),
  })) ?? [{ name: "containerInsights", value: "disabled" }];
  const cluster: ClusterRecord = {
    arn: state.arn(`cluster/${name}`),
    name,
    status: "ACTIVE",
    tags,
    settings,
    capacityProviders: input.stringList("capacityProviders") ?? [],
    defaultCapacityProviderStrategy: structuredClone(
      (raw.defaultCapacityProviderStrategy as Wire[] | undefined) ?? [],
    ),
    services: new Map(),
    tasks: new Map(),
    stoppedOrder: [],
  };
  const configuration = input.object("configuration");
  if (configuration) cluster.configuration = structuredClone(configuration.raw);
  state.clusters.set(name, cluster);
  return { cluster: clusterToWire(cluster, ["TAGS", "SETTINGS", "CONFIGURATIONS"]) };
}

export function describeClusters(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const ids = input.stringList("clusters") ?? ["default"];
  if (ids.length > 100) {
    fail("InvalidParameterException", "Clusters cannot have more than 100 elements");
  }
  const include = input.enumList("include", INCLUDE) ?? [];
  const clusters: Wire[] = [];
  const failures: Wire[] = [];
  for (const id of ids) {
    const cluster = lookupCluster(state, id);
    if (cluster) clusters.push(clusterToWire(cluster, include));
    else {failures.push({
        arn: id.startsWith("arn:") ? id : state.arn(`cluster/${id}`),
        reason: "MISSING",
      });}
  }
  return { clusters, failures };
}

export function listClusters(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const arns = [...state.clusters.values()].filter((c) => c.status === "ACTIVE").map((c) => c.arn);
  const { page, nextToken } = paginate(arns, input, { max: 100, defaultSize: 100 });
  return nextToken ? { clusterArns: page, nextToken } : { clusterArns: page };
}

export function deleteCluster(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.requiredString("cluster"));
  if ([...cluster.services.values()].some((s) => s.status !== "INACTIVE")) {
    fail(
      "ClusterContainsServicesException",
      "The Cluster cannot be deleted while Services are active.",
    );
  }
  if ([...cluster.tasks.values()].some((t) => t.lastStatus !== "STOPPED")) {
    fail(
      "ClusterContainsTasksException",
      "The Cluster cannot be deleted while Tasks are active.",
    );
  }
  cluster.status = "INACTIVE";
  return { cluster: clusterToWire(cluster, ["TAGS", "SETTINGS"]) };
}
