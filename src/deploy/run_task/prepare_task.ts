/**
 * What a one-off task needs before RunTask, read and checked (reads only, nothing changes):
 * the revision, the container the overrides go to, and where the task runs. The network
 * configuration comes from a service, since that is what people otherwise copy by hand; so do
 * its launch type or capacity provider strategy and platform version, unless given.
 *
 * @module
 */
import { InvalidRequestError } from "../../errors.ts";
import { EcsApiError, type EcsClient } from "../../ecs/ecs_client.ts";
import type { CapacityProviderStrategyItem, Service, TaskDefinition } from "../../ecs/types.ts";
import type { TaskPlacement } from "./one_off_task.ts";

/** What to prepare. */
export interface TaskToPrepare {
  cluster: string;
  taskDefinition: string;
  container?: string | undefined;
  /** A service name to read, or the service as already read. */
  networkFrom?: string | Service | undefined;
  launchType?: string | undefined;
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined;
}

export interface PreparedTask {
  taskDefinition: TaskDefinition;
  container: string;
  placement: TaskPlacement;
}

/** @throws {InvalidRequestError} for a missing revision, container or service, or no network */
export async function prepareOneOffTask(
  ecs: EcsClient,
  task: TaskToPrepare,
): Promise<PreparedTask> {
  let taskDefinition: TaskDefinition;
  try {
    taskDefinition = (await ecs.describeTaskDefinition(task.taskDefinition)).taskDefinition;
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClientException") {
      throw new InvalidRequestError(
        `Cannot run a task of "${task.taskDefinition}": task definition not found`,
        { cause: error },
      );
    }
    throw error;
  }
  const container = containerOf(taskDefinition, task.container);
  const service = typeof task.networkFrom === "string"
    ? await readService(ecs, task.cluster, task.networkFrom)
    : task.networkFrom;
  const placement = placementOf(service, task);
  const name = `${taskDefinition.family}:${taskDefinition.revision}`;
  if (taskDefinition.networkMode === "awsvpc" && !placement.networkConfiguration) {
    throw new InvalidRequestError(
      `Cannot run a task of "${name}": it uses the awsvpc network mode, which needs a network ` +
        "configuration: give --network-from-service SERVICE to use that service's subnets and " +
        "security groups",
    );
  }
  return { taskDefinition, container, placement };
}

/** The named container, or the first essential one. */
function containerOf(td: TaskDefinition, wanted: string | undefined): string {
  const names = td.containerDefinitions.map((c) => c.name);
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    throw new InvalidRequestError(
      `Invalid option --container "${wanted}": no such container in "${td.family}:${td.revision}"` +
        ` (it has ${names.map((n) => `"${n}"`).join(", ")})`,
    );
  }
  const first = td.containerDefinitions.find((c) => c.essential !== false) ??
    td.containerDefinitions[0];
  if (!first) {
    throw new InvalidRequestError(`Cannot run a task of "${td.family}": it has no containers`);
  }
  return first.name;
}

async function readService(ecs: EcsClient, cluster: string, name: string): Promise<Service> {
  let service: Service | undefined;
  try {
    service = await ecs.describeService(cluster, name);
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClusterNotFoundException") {
      throw new InvalidRequestError(`Cluster "${cluster}" not found`, { cause: error });
    }
    throw error;
  }
  if (!service || service.status !== "ACTIVE") {
    throw new InvalidRequestError(
      `Invalid option --network-from-service "${name}": no such service in cluster "${cluster}"`,
    );
  }
  return service;
}

/** Flags first; what they leave open from the service. */
function placementOf(service: Service | undefined, task: TaskToPrepare): TaskPlacement {
  const placement: TaskPlacement = {};
  if (service?.networkConfiguration) {
    placement.networkConfiguration = structuredClone(service.networkConfiguration);
  }
  if (task.launchType !== undefined) placement.launchType = task.launchType;
  else if (task.capacityProviderStrategy !== undefined) {
    placement.capacityProviderStrategy = task.capacityProviderStrategy;
  } else if (service) {
    if (service.capacityProviderStrategy && service.capacityProviderStrategy.length > 0) {
      placement.capacityProviderStrategy = structuredClone(service.capacityProviderStrategy);
    } else if (service.launchType) placement.launchType = service.launchType;
    // "LATEST" is a service's notion; a task gets what it resolves to by itself.
    if (service.platformVersion && service.platformVersion !== "LATEST") {
      placement.platformVersion = service.platformVersion;
    }
  }
  return placement;
}
