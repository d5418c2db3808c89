/** Task operations: ListTasks, DescribeTasks, RunTask, StopTask. */
import type { Wire } from "./sim_records.ts";
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
  const count = input.integer("count") ?? 1;
  if (count < 1 || count > 10) {
    fail("InvalidParameterException", "count must be between 1 and 10.");
  }
  const launchType = input.enumValue("launchType", LAUNCH_TYPES) ?? "EC2";
  const networkConfiguration = readNetworkConfiguration(input.object("networkConfiguration"));
  checkCompatibility(td, launchType, networkConfiguration);
  const startedBy = input.string("startedBy");
  const group = input.string("group") ?? `family:${td.td.family}`;
  const tags = readTags(input);
  const overrides = input.object("overrides");
  const tasks: Wire[] = [];
  for (let i = 0; i < count; i++) {
    const task = launchTask(state, {
      cluster,
      taskDefinition: td,
      group,
      launchType,
      ...(launchType === "FARGATE" ? { platformVersion: "1.4.0" } : {}),
      ...(startedBy !== undefined ? { startedBy } : {}),
      ...(networkConfiguration !== undefined ? { networkConfiguration } : {}),
      ...(overrides ? { overrides: structuredClone(overrides.raw) } : {}),
      tags,
      enableExecuteCommand: input.boolean("enableExecuteCommand") ?? false,
    });
    tasks.push(taskToWire(task, ["TAGS"]));
  }
  return { tasks, failures: [] };
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
