/**
 * A simulated ECS on a fake clock with one steady service seeded by `seedDemo`, and a port client
 * on it that records every call and lets a test interfere with chosen ones. The engine, CLI and
 * safety tests all build their world here; options say which cluster and timings they need.
 */
import type { DeployEvent, DeployResult } from "../../src/deploy/deploy_events.ts";
import type { DeployDeps } from "../../src/deploy/deploy_deps.ts";
import type { DeployRequest } from "../../src/deploy/deploy_request.ts";
import { runDeploy } from "../../src/deploy/commands/run_deploy.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { Deployment, Service } from "../../src/ecs/types.ts";
import {
  fastTimings,
  SimulatedEcs,
  type SimulatedTimings,
} from "../../src/simulator/simulated_ecs.ts";
import { SimulatedEcsClient } from "../../src/simulator/simulated_ecs_client.ts";
import { seedDemo, type SeededDemo } from "../../src/emulator/seed_demo.ts";
import { FakeClock } from "./fake_clock.ts";

/**
 * Runs before a call of `world.ecs`, with how many calls of that method there have been (this one
 * included) and its arguments. It may act on the simulator, throw to make the call fail, or
 * resolve to a value other than undefined to answer in the simulator's place; `proceed` makes
 * the real call (without further hooks).
 */
export type CallHook = (
  method: keyof EcsClient,
  count: number,
  args: unknown[],
  proceed: () => Promise<unknown>,
) => unknown;

/** What {@linkcode aSimulatedWorld} seeds and how fast its simulator moves. */
export interface SimulatedWorldOptions {
  /** "demo" unless given; the service is "api", of family "api". */
  cluster?: string;
  /** 2 unless given. */
  desiredCount?: number;
  /** The deployment circuit breaker; on, with rollback, unless given. */
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /** The simulator's `defaultTimings` unless given. */
  timings?: SimulatedTimings;
}

/** Cluster "prod" on `fastTimings`: rollouts take tens of milliseconds of virtual time. */
export const FAST_PROD: SimulatedWorldOptions = { cluster: "prod", timings: fastTimings };

/** A simulated ECS with one steady service, and a recording client on it. */
export interface SimulatedWorld {
  clock: FakeClock;
  sim: SimulatedEcs;
  /** The port client on `sim`: every call is recorded in `calls` and goes through `hooks`. */
  ecs: EcsClient;
  /** The cluster, the service (also the family) and revision 1, the service's first revision. */
  seeded: SeededDemo;
  /** Every call of `ecs`, in order; the builders below do not add to it. */
  calls: (keyof EcsClient)[];
  hooks: CallHook[];
  countOf(method: keyof EcsClient): number;
}

/** The demo service's image repository (see seedDemo). */
export const DEMO_IMAGE = "public.ecr.aws/nginx/nginx";

/** Seeds the service and returns once its first deployment has completed. */
export async function aSimulatedWorld(
  options: SimulatedWorldOptions = {},
): Promise<SimulatedWorld> {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock, ...(options.timings ? { timings: options.timings } : {}) });
  const circuitBreaker = options.circuitBreaker ?? { enable: true, rollback: true };
  const seeded = await seedDemo(sim, {
    ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
    ...(options.desiredCount !== undefined ? { desiredCount: options.desiredCount } : {}),
    circuitBreaker: circuitBreaker.enable,
  });
  const calls: (keyof EcsClient)[] = [];
  const hooks: CallHook[] = [];
  const ecs = new Proxy(new SimulatedEcsClient(sim), {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const method = property as keyof EcsClient;
        calls.push(method);
        const count = calls.filter((call) => call === method).length;
        const proceed = () => value.apply(target, args);
        for (const hook of hooks) {
          const answer = await hook(method, count, args, proceed);
          if (answer !== undefined) return answer;
        }
        return proceed();
      };
    },
  }) as EcsClient;
  const countOf = (method: keyof EcsClient) => calls.filter((call) => call === method).length;
  const world = { clock, sim, ecs, seeded, calls, hooks, countOf };
  await settle(world);
  if (circuitBreaker.rollback !== circuitBreaker.enable) {
    // seedDemo turns rollback on and off with the breaker; this starts no deployment.
    await direct(world).updateService({
      cluster: seeded.cluster,
      service: seeded.service,
      deploymentConfiguration: { deploymentCircuitBreaker: circuitBreaker },
    });
  }
  return world;
}

/** A hook that fails each named method with its error. */
export function failing(failures: Partial<Record<keyof EcsClient, Error>>): CallHook {
  return (method) => {
    const error = failures[method];
    if (error) throw error;
  };
}

/** The client on the world's simulator that records nothing, for setting up and looking. */
function direct(world: SimulatedWorld): EcsClient {
  return new SimulatedEcsClient(world.sim);
}

/**
 * Registers the next revision of the seeded family, one "web" container running `image` that
 * fits the Fargate service; returns its ARN.
 */
export async function registerRevision(world: SimulatedWorld, image: string): Promise<string> {
  const { taskDefinition } = await direct(world).registerTaskDefinition({
    family: world.seeded.service,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{ name: "web", image, memory: 128, essential: true }],
  });
  return taskDefinition.taskDefinitionArn;
}

/**
 * Registers revisions 2..count of the seeded family, running `repo/api:N`; returns the ARN of
 * revision N (1 is the seeded one) by number.
 */
export async function registerRevisions(
  world: SimulatedWorld,
  count: number,
): Promise<(n: number) => string> {
  const arns = [world.seeded.taskDefinitionArn];
  for (let n = 2; n <= count; n++) arns.push(await registerRevision(world, `repo/api:${n}`));
  return (n) => arns[n - 1]!;
}

/** Points the service at `taskDefinitionArn` (as someone else would); returns the new deployment. */
export async function startDeployment(
  world: SimulatedWorld,
  taskDefinitionArn: string,
): Promise<Deployment> {
  const service = await direct(world).updateService({
    cluster: world.seeded.cluster,
    service: world.seeded.service,
    taskDefinition: taskDefinitionArn,
  });
  return service.deployments.find((d) => d.status === "PRIMARY")!;
}

/** The seeded service as ECS shows it now. */
export async function currentService(world: SimulatedWorld): Promise<Service> {
  const service = await direct(world).describeService(world.seeded.cluster, world.seeded.service);
  if (!service) throw new Error(`the service "${world.seeded.service}" is gone`);
  return service;
}

/** Advances virtual time in steps of 5 ms until `predicate` holds on the service. */
export async function advanceUntil(
  world: SimulatedWorld,
  predicate: (service: Service) => boolean,
  limitMs = 120_000,
): Promise<Service> {
  for (let waited = 0; waited <= limitMs; waited += 5) {
    const service = await currentService(world);
    if (predicate(service)) return service;
    world.clock.advance(5);
  }
  throw new Error(`Condition not reached within ${limitMs} ms of virtual time`);
}

/** Waits until the service has one COMPLETED deployment. */
export function settle(world: SimulatedWorld): Promise<Service> {
  return advanceUntil(
    world,
    (s) => s.deployments.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED",
  );
}

/** A deploy of a new image to the demo service, waiting up to 10 minutes. */
export function aDeployRequest(overrides: Partial<DeployRequest> = {}): DeployRequest {
  return {
    cluster: "demo",
    service: "api",
    images: [`${DEMO_IMAGE}:1.28`],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: 600_000,
    wait: true,
    dryRun: false,
    ...overrides,
  };
}

/**
 * Runs a deploy in the world, collecting its events; `signal` is the first SIGINT/SIGTERM,
 * `secondSignal` the next one.
 */
export function deployIn(
  world: SimulatedWorld,
  request: DeployRequest,
  signal?: AbortSignal,
  secondSignal?: AbortSignal,
): Promise<{ result: DeployResult; events: DeployEvent[] }> {
  return deployWith(world, request, {
    ...(signal ? { signal } : {}),
    ...(secondSignal ? { secondSignal } : {}),
  });
}

/** Runs a deploy in the world with `deps` (logs, an image resolver, ...), collecting its events. */
export async function deployWith(
  world: SimulatedWorld,
  request: DeployRequest,
  deps: Omit<Partial<DeployDeps>, "ecs" | "clock" | "emit">,
): Promise<{ result: DeployResult; events: DeployEvent[] }> {
  const events: DeployEvent[] = [];
  const result = await runDeploy(request, {
    ecs: world.ecs,
    clock: world.clock,
    emit: (event) => events.push(event),
    ...deps,
  });
  return { result, events };
}

/** Every call of `world.ecs` with the clock time it started at, from now on. */
export function recordCallTimes(world: SimulatedWorld): { method: keyof EcsClient; at: number }[] {
  const times: { method: keyof EcsClient; at: number }[] = [];
  world.hooks.unshift((method) => {
    times.push({ method, at: world.clock.now() });
  });
  return times;
}

/** The port methods that change ECS. */
export const MUTATING_METHODS: readonly (keyof EcsClient)[] = [
  "registerTaskDefinition",
  "updateService",
  "deregisterTaskDefinition",
  "stopServiceDeployment",
];

/** A promise that never settles: the answer of a call that hangs. */
export function never(): Promise<never> {
  return new Promise(() => {});
}

/** A prod world whose service deploys with `deploymentConfiguration`, set as someone would. */
export async function aWorldWithStrategy(
  deploymentConfiguration: Record<string, unknown>,
): Promise<SimulatedWorld> {
  const world = await aSimulatedWorld(FAST_PROD);
  await world.sim.call("UpdateService", {
    cluster: world.seeded.cluster,
    service: world.seeded.service,
    deploymentConfiguration,
  });
  world.calls.length = 0;
  return world;
}

/** A lifecycle hook that pauses the deployment at `stage`. */
export const pauseAt = (stage: string) => ({ targetType: "PAUSE", lifecycleStages: [stage] });
