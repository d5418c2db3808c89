/** Task operations: ListTasks, DescribeTasks, RunTask, StopTask. */
import type { ClusterRecord, TaskRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { lookupService, lookupTask, requireCluster } from "./resource_lookup.ts";
import {
  checkCompatibility,
  LAUNCH_TYPES,
  readNetworkConfiguration,
  resolveServiceTaskDefinition,
} from "./service_config.ts";
import { launchTask, stopTask as stopTaskRecord } from "./task_lifecycle.ts";
import { fail, paginate, readTags, WireInput } from "./wire_input.ts";
import { taskToWire } from "./wire_output.ts";

export function listTasks(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const serviceName = input.string("serviceName");
  const family = input.string("family");
  const startedBy = input.string("startedBy");
  const desiredStatus = input.enumValue("desiredStatus", ["RUNNING", "PENDING", "STOPPED"]) ??
    "RUNNING";
  const launchType = input.enumValue("launchType", LAUNCH_TYPES);
  input.string("containerInstance");
  if (serviceName !== undefined && (family !== undefined || startedBy !== undefined)) {
    fail(
      "InvalidParameterException",
      "serviceName may not be specified with family or startedBy.",
    );
  }
  const service = serviceName === undefined ? undefined : lookupService(cluster, serviceName);
  if (serviceName !== undefined && (!service || service.status === "INACTIVE")) {
    fail("ServiceNotFoundException", "Service not found.");
  }
  const arns = [...cluster.tasks.values()]
    .filter((t) => service === undefined || t.service === service)
    .filter((t) => family === undefined || t.taskDefinition.td.family === family)
    .filter((t) => startedBy === undefined || t.startedBy === startedBy)
    .filter((t) => launchType === undefined || t.launchType === launchType)
    .filter((t) =>
      desiredStatus === "PENDING"
        ? t.desiredStatus === "RUNNING" && t.lastStatus !== "RUNNING"
        : t.desiredStatus === desiredStatus
    )
    .map((t) => t.arn);
  const { page, nextToken } = paginate(arns, input, { max: 100, defaultSize: 100 });
  return nextToken ? { taskArns: page, nextToken } : { taskArns: page };
}

export function describeTasks(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const ids = input.stringList("tasks");
  if (ids === undefined || ids.length === 0) {
    fail("InvalidParameterException", "Tasks cannot be empty.");
  }
  if (ids.length > 100) {
    fail("InvalidParameterException", "Tasks cannot have more than 100 elements");
  }
  const include = input.enumList("include", ["TAGS"]) ?? [];
  const tasks: Wire[] = [];
  const failures: Wire[] = [];
  for (const id of ids) {
    const task = lookupTask(cluster, id);
    if (task) tasks.push(taskToWire(task, include));
    else {
      const arn = id.startsWith("arn:") ? id : state.arn(`task/${cluster.name}/${id}`);
      failures.push({ arn, reason: "MISSING" });
    }
  }
  return { tasks, failures };
}

export function runTask(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const td = resolveServiceTaskDefinition(
    state,
    input.requiredString("taskDefinition", "InvalidParameterException"),
  );
  const clientToken = input.string("clientToken");
  const earlier = clientToken === undefined ? undefined : state.runTaskTokens.get(clientToken);
  // A repeat of a request ECS already carried out starts nothing new.
  if (earlier) return { tasks: earlier.map((t) => taskToWire(t, ["TAGS"])), failures: [] };
  const count = input.integer("count") ?? 1;
  if (count < 1 || count > 10) {
    fail("InvalidParameterException", "count must be between 1 and 10.");
  }
  const givenLaunchType = input.enumValue("launchType", LAUNCH_TYPES);
  const capacityProviderStrategy = readCapacityProviderStrategy(input, cluster);
  if (givenLaunchType !== undefined && capacityProviderStrategy !== undefined) {
    fail(
      "InvalidParameterException",
      "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
    );
  }
  const launchType = givenLaunchType ?? launchTypeOf(capacityProviderStrategy) ?? "EC2";
  const networkConfiguration = readNetworkConfiguration(input.object("networkConfiguration"));
  if (networkConfiguration !== undefined && td.td.networkMode !== "awsvpc") {
    fail(
      "InvalidParameterException",
      "Network Configuration is not valid for the given networkMode of this task definition.",
    );
  }
  checkCompatibility(td, launchType, networkConfiguration);
  const startedBy = input.string("startedBy");
  if (startedBy !== undefined && startedBy.length > 128) {
    fail("InvalidParameterException", "startedBy must be at most 128 characters.");
  }
  const group = input.string("group") ?? `family:${td.td.family}`;
  const tags = readTags(input);
  const overrides = input.object("overrides");
  if (overrides) checkOverrides(overrides, td.td.containerDefinitions);
  const platformVersion = input.string("platformVersion") ??
    (launchType === "FARGATE" ? "1.4.0" : undefined);
  const unplaceable = (input.objectList("placementConstraints") ?? [])
    .some((c) => c.string("type") === "memberOf");
  if (unplaceable) {
    // No container instance of the simulated cluster matches a memberOf expression.
    return {
      tasks: [],
      failures: Array.from({ length: count }, () => ({
        arn: cluster.arn,
        reason: "MemberOf placement constraint unsatisfied.",
      })),
    };
  }
  const tasks: Wire[] = [];
  const started: TaskRecord[] = [];
  for (let i = 0; i < count; i++) {
    const task = launchTask(state, {
      cluster,
      taskDefinition: td,
      group,
      launchType,
      ...(platformVersion !== undefined ? { platformVersion } : {}),
      ...(startedBy !== undefined ? { startedBy } : {}),
      ...(networkConfiguration !== undefined ? { networkConfiguration } : {}),
      ...(overrides ? { overrides: structuredClone(overrides.raw) } : {}),
      tags,
      enableExecuteCommand: input.boolean("enableExecuteCommand") ?? false,
    });
    started.push(task);
    tasks.push(taskToWire(task, ["TAGS"]));
  }
  if (clientToken !== undefined) state.runTaskTokens.set(clientToken, started);
  return { tasks, failures: [] };
}

/** The launch type a capacity provider strategy amounts to, for the simulated placement. */
function launchTypeOf(strategy: Wire[] | undefined): string | undefined {
  if (strategy === undefined) return undefined;
  return strategy.some((item) => String(item.capacityProvider).startsWith("FARGATE"))
    ? "FARGATE"
    : "EC2";
}

/** The capacityProviderStrategy input, checked against the cluster's capacity providers. */
function readCapacityProviderStrategy(
  input: WireInput,
  cluster: ClusterRecord,
): Wire[] | undefined {
  const items = input.objectList("capacityProviderStrategy");
  if (items === undefined || items.length === 0) return undefined;
  for (const item of items) {
    const name = item.requiredString("capacityProvider");
    const weight = item.integer("weight");
    const base = item.integer("base");
    if (weight !== undefined && (weight < 0 || weight > 1000)) {
      fail("InvalidParameterException", "The capacity provider weight must be between 0 and 1000.");
    }
    if (base !== undefined && (base < 0 || base > 100_000)) {
      fail("InvalidParameterException", "The capacity provider base must be between 0 and 100000.");
    }
    if (!cluster.capacityProviders.includes(name)) {
      fail(
        "InvalidParameterException",
        `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.`,
      );
    }
  }
  return items.map((item) => structuredClone(item.raw));
}

/** The overrides input: each container override names a container of the revision. */
function checkOverrides(overrides: WireInput, definitions: Wire[]): void {
  for (const override of overrides.objectList("containerOverrides") ?? []) {
    const name = override.string("name");
    override.stringList("command");
    for (const pair of override.objectList("environment") ?? []) {
      pair.string("name");
      pair.string("value");
    }
    override.integer("cpu");
    override.integer("memory");
    override.integer("memoryReservation");
    // An empty override is allowed; any other names its container (the API reference).
    const empty = Object.values(override.raw).every((v) => v === undefined || v === null);
    if (empty) continue;
    if (name === undefined || !definitions.some((d) => d.name === name)) {
      fail(
        "InvalidParameterException",
        `Override for container named ${name} is not a container in the TaskDefinition.`,
      );
    }
  }
  overrides.string("cpu");
  overrides.string("memory");
  overrides.string("taskRoleArn");
  overrides.string("executionRoleArn");
}

export function stopTask(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const id = input.requiredString("task", "InvalidParameterException");
  const task = lookupTask(cluster, id);
  if (!task) fail("InvalidParameterException", "The referenced task was not found.");
  const reason = input.string("reason") ?? "Task stopped by user";
  stopTaskRecord(state, task, "UserInitiated", reason);
  return { task: taskToWire(task, []) };
}
