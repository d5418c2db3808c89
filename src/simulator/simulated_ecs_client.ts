/**
 * The `EcsClient` port on top of the simulated ECS. Every method goes through
 * `SimulatedEcs.call` with wire-shaped input (timestamps as epoch seconds, absent members left
 * out), exactly as the HTTP emulator does, so engine tests exercise the same code paths.
 */
import type { EcsClient, TaggedTaskDefinition } from "../ecs/ecs_client.ts";
import type { SimulatedEcs } from "./simulated_ecs.ts";
import type {
  RunTaskInput,
  RunTaskOutput,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceUpdate,
  Tag,
  Task,
  TaskDefinition,
  TaskDefinitionInput,
} from "../ecs/types.ts";

type Wire = Record<string, unknown>;

/** Encodes a value as the JSON protocol would: Dates as epoch seconds, undefined dropped. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === "object") {
    const out: Wire = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SimulatedEcsClient implements EcsClient {
  readonly #sim: SimulatedEcs;

  constructor(sim: SimulatedEcs) {
    this.#sim = sim;
  }

  #call(operation: string, input: Wire): Promise<Wire> {
    return this.#sim.call(operation, toWire(input) as Wire);
  }

  /** Follows nextToken until the last page, concatenating `member`. */
  async #all<T>(operation: string, input: Wire, member: string): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#call(operation, { ...input, nextToken });
      items.push(...((out[member] as T[] | undefined) ?? []));
      nextToken = out.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return items;
  }

  async describeService(cluster: string, service: string): Promise<Service | undefined> {
    const out = await this.#call("DescribeServices", {
      cluster,
      services: [service],
      include: ["TAGS"],
    });
    const found = (out.services as Wire[] | undefined)?.[0];
    return found === undefined ? undefined : (found as unknown as Service);
  }

  listServices(cluster: string): Promise<string[]> {
    return this.#all<string>("ListServices", { cluster }, "serviceArns");
  }

  async describeServices(cluster: string, services: string[]): Promise<Service[]> {
    const out: Service[] = [];
    for (const batch of chunks(services, 10)) {
      const res = await this.#call("DescribeServices", { cluster, services: batch });
      out.push(...(res.services as Service[]));
    }
    return out;
  }

  async describeTaskDefinition(taskDefinition: string): Promise<TaggedTaskDefinition> {
    const out = await this.#call("DescribeTaskDefinition", { taskDefinition, include: ["TAGS"] });
    return {
      taskDefinition: out.taskDefinition as TaskDefinition,
      tags: (out.tags as Tag[] | undefined) ?? [],
    };
  }

  async registerTaskDefinition(input: TaskDefinitionInput): Promise<TaggedTaskDefinition> {
    const out = await this.#call("RegisterTaskDefinition", input);
    return {
      taskDefinition: out.taskDefinition as TaskDefinition,
      tags: (out.tags as Tag[] | undefined) ?? [],
    };
  }

  async deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    await this.#call("DeregisterTaskDefinition", { taskDefinition: taskDefinitionArn });
  }

  listTaskDefinitions(family: string, status: "ACTIVE" | "INACTIVE"): Promise<string[]> {
    return this.#all<string>(
      "ListTaskDefinitions",
      { familyPrefix: family, status, sort: "ASC" },
      "taskDefinitionArns",
    );
  }

  async updateService(update: ServiceUpdate): Promise<Service> {
    const out = await this.#call("UpdateService", { ...update });
    return out.service as Service;
  }

  listServiceDeployments(
    cluster: string,
    service: string,
    createdAfter?: Date,
  ): Promise<ServiceDeploymentBrief[]> {
    return this.#all<ServiceDeploymentBrief>(
      "ListServiceDeployments",
      { cluster, service, createdAt: createdAfter ? { after: createdAfter } : undefined },
      "serviceDeployments",
    );
  }

  async describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]> {
    const out: ServiceDeployment[] = [];
    for (const batch of chunks(arns, 20)) {
      const res = await this.#call("DescribeServiceDeployments", {
        serviceDeploymentArns: batch,
      });
      out.push(...(res.serviceDeployments as ServiceDeployment[]));
    }
    return out;
  }

  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<void> {
    await this.#call("ContinueServiceDeployment", { serviceDeploymentArn: arn, hookId, action });
  }

  async stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<void> {
    await this.#call("StopServiceDeployment", { serviceDeploymentArn: arn, stopType });
  }

  listTasks(
    cluster: string,
    service: string,
    desiredStatus: "RUNNING" | "STOPPED",
  ): Promise<string[]> {
    return this.#all<string>(
      "ListTasks",
      { cluster, serviceName: service, desiredStatus },
      "taskArns",
    );
  }

  async describeTasks(cluster: string, taskArns: string[]): Promise<Task[]> {
    const out: Task[] = [];
    for (const batch of chunks(taskArns, 100)) {
      const res = await this.#call("DescribeTasks", { cluster, tasks: batch });
      out.push(...(res.tasks as Task[]));
    }
    return out;
  }

  async runTask(input: RunTaskInput): Promise<RunTaskOutput> {
    const out = await this.#call("RunTask", { ...input });
    return {
      tasks: out.tasks as Task[],
      failures: (out.failures ?? []) as RunTaskOutput["failures"],
    };
  }

  async stopTask(cluster: string, task: string, reason: string): Promise<Task> {
    const out = await this.#call("StopTask", { cluster, task, reason });
    return out.task as Task;
  }
}
