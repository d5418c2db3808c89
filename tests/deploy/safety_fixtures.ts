/**
 * A service on the simulated ECS, driven through the EcsClient port on a fake clock, for the
 * tests of diagnosis, rollback targets, pruning, idle checks, wait and status.
 */
import { fastTimings, SimulatedEcs } from "../../src/ecs/sim/simulated_ecs.ts";
import { SimulatedEcsClient } from "../../src/ecs/simulated_ecs_client.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { Deployment, Service } from "../../src/ecs/types.ts";
import { FakeClock } from "../support/fake_clock.ts";

export type Wire = Record<string, unknown>;

export interface SimService {
  clock: FakeClock;
  sim: SimulatedEcs;
  ecs: EcsClient;
  cluster: string;
  service: string;
  family: string;
  /** The revision the service was created with. */
  initialArn: string;
  call(operation: string, input: Wire): Promise<Wire>;
}

/** Cluster "prod" with service "api" of family "api", settled on its first revision. */
export async function aSimService(
  options: {
    image?: string;
    desiredCount?: number;
    circuitBreaker?: { enable: boolean; rollback: boolean };
    seed?: number;
  } = {},
): Promise<SimService> {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock, timings: fastTimings, seed: options.seed ?? 11 });
  const ecs = new SimulatedEcsClient(sim);
  const f: SimService = {
    clock,
    sim,
    ecs,
    cluster: "prod",
    service: "api",
    family: "api",
    initialArn: "",
    call: (operation, input) => sim.call(operation, input),
  };
  await f.call("CreateCluster", { clusterName: "prod" });
  f.initialArn = await registerRevision(f, options.image ?? "registry.example.com/api:1.0.0");
  await f.call("CreateService", {
    cluster: "prod",
    serviceName: "api",
    taskDefinition: f.initialArn,
    desiredCount: options.desiredCount ?? 2,
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: options.circuitBreaker ?? { enable: true, rollback: true },
    },
  });
  await settle(f);
  return f;
}

/** Registers the next revision of family "api" running `image`; returns its ARN. */
export async function registerRevision(f: SimService, image: string): Promise<string> {
  const { taskDefinition } = await f.ecs.registerTaskDefinition({
    family: f.family,
    containerDefinitions: [{ name: "web", image, memory: 128, essential: true }],
  });
  return taskDefinition.taskDefinitionArn;
}

/** Points the service at `taskDefinitionArn` (as someone else would); returns the new deployment. */
export async function startDeployment(
  f: SimService,
  taskDefinitionArn: string,
): Promise<Deployment> {
  const service = await f.ecs.updateService({
    cluster: f.cluster,
    service: f.service,
    taskDefinition: taskDefinitionArn,
  });
  return service.deployments.find((d) => d.status === "PRIMARY")!;
}

export async function currentService(f: SimService): Promise<Service> {
  return (await f.ecs.describeService(f.cluster, f.service))!;
}

/** Advances virtual time in small steps until `predicate` holds on the service. */
export async function advanceUntil(
  f: SimService,
  predicate: (service: Service) => boolean,
  limitMs = 120_000,
): Promise<Service> {
  for (let waited = 0; waited <= limitMs; waited += 5) {
    const service = await currentService(f);
    if (predicate(service)) return service;
    f.clock.advance(5);
  }
  throw new Error(`Condition not reached within ${limitMs} ms of virtual time`);
}

/** Waits until the service has one COMPLETED deployment. */
export function settle(f: SimService): Promise<Service> {
  return advanceUntil(
    f,
    (s) => s.deployments.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED",
  );
}

const OPERATIONS: (keyof EcsClient)[] = [
  "describeService",
  "describeTaskDefinition",
  "registerTaskDefinition",
  "deregisterTaskDefinition",
  "listTaskDefinitions",
  "updateService",
  "listServiceDeployments",
  "describeServiceDeployments",
  "stopServiceDeployment",
  "listTasks",
  "describeTasks",
];

/**
 * `ecs` with the named operations failing with the given errors (a function decides per
 * call), and a log of every call made.
 */
export function withFailures(
  ecs: EcsClient,
  failures: Partial<Record<keyof EcsClient, Error | ((args: unknown[]) => Error | undefined)>>,
): EcsClient & { calls: string[] } {
  const calls: string[] = [];
  const wrapped: Record<string, unknown> = { calls };
  for (const name of OPERATIONS) {
    wrapped[name] = (...args: unknown[]) => {
      calls.push(name);
      const failure = failures[name];
      const error = typeof failure === "function" ? failure(args) : failure;
      if (error) return Promise.reject(error);
      return (ecs[name] as (...a: unknown[]) => Promise<unknown>).apply(ecs, args);
    };
  }
  return wrapped as unknown as EcsClient & { calls: string[] };
}
