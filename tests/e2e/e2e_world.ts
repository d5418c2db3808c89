/**
 * One emulator per end-to-end scenario: the simulated ECS on loopback with quick timings, a
 * seeded service that has settled, and a fault proxy in front of it that keeps the decoded input
 * of every request (the emulator itself records operations, not bodies) and that a test can
 * script to inject faults per operation.
 *
 * @module
 */
import { type RunningEmulator, serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedDemo, type SeedDemoOptions, type SeededDemo } from "../../src/emulator/seed_demo.ts";
import type { DeploymentFinishedEvent } from "../../src/simulator/simulated_ecs.ts";
import type { SimulatedTimings } from "../../src/simulator/timings.ts";
import { type Clock, systemClock } from "../../src/clock.ts";
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";

/** Quick enough that a healthy 2-task rollout takes well under a second of wall time. */
export const E2E_TIMINGS: Partial<SimulatedTimings> = {
  provisioningMs: 50,
  pendingMs: 100,
  slowStartMs: 60_000,
  healthCheckMs: 100,
  runningGraceMs: 100,
  crashAfterMs: 50,
  stabilizationMs: 150,
  drainingMs: 100,
  stoppingMs: 50,
  relaunchDelayMs: 100,
  maxRelaunchDelayMs: 1_000,
};

/** One request as it reached the proxy in front of the emulator. */
export type WireRequest = ProxiedRequest;

/** The seeded service's image repository. */
export const REPO = "public.ecr.aws/nginx/nginx";
/** Task definition ARNs of the emulator's account and region, before `family:revision`. */
export const ARN_PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/";
/** The operations that change ECS. */
export const MUTATING = ["RegisterTaskDefinition", "UpdateService", "DeregisterTaskDefinition"];

/**
 * The wall clock, except that a test can stop it: while paused, the simulated ECS sees no time
 * pass, so a rollout stays exactly where it was (in progress, say) until {@linkcode resume}.
 */
export class PausableClock implements Clock {
  #offsetMs = 0;
  #pausedAt: number | undefined;

  now(): number {
    return (this.#pausedAt ?? Date.now()) - this.#offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }

  /** Stops time; a no-op while paused. */
  pause(): void {
    this.#pausedAt ??= Date.now();
  }

  /** Lets time run again from where it stopped; a no-op unless paused. */
  resume(): void {
    if (this.#pausedAt === undefined) return;
    this.#offsetMs += Date.now() - this.#pausedAt;
    this.#pausedAt = undefined;
  }
}

/** A seeded, steady emulator for one scenario. */
export interface E2eWorld extends SeededDemo {
  /** Where the CLI connects: the proxy, which forwards to the emulator. */
  url: string;
  emulator: RunningEmulator;
  /** The proxy in front of the emulator; script faults with `world.proxy.script(...)`. */
  proxy: FaultProxy;
  /** Every request with its decoded input, in arrival order (the proxy's record). */
  requests: WireRequest[];
  /** Every deployment that reached its outcome in the simulated ECS. */
  finished: DeploymentFinishedEvent[];
  /** The emulator's operations answered since the seed settled. */
  operations(): string[];
  /** The service as DescribeServices shows it now. */
  describeService(): Promise<WireService>;
  close(): Promise<void>;
}

/** The fields of a wire-shaped service the tests read. */
export interface WireService {
  taskDefinition: string;
  pendingCount: number;
  deployments: {
    id: string;
    status: string;
    taskDefinition: string;
    rolloutState?: string;
    runningCount: number;
  }[];
}

/**
 * Starts an emulator, seeds a service with {@linkcode seedDemo} and waits until it is steady.
 * The emulator runs on `clock` when given (a {@linkcode PausableClock}, say), else the wall clock.
 */
export async function startE2eWorld(
  seed: SeedDemoOptions & { cluster: string; clock?: Clock },
): Promise<E2eWorld> {
  const { clock, ...demo } = seed;
  const emulator = await serveEmulator({
    port: 0,
    timings: E2E_TIMINGS,
    ...(clock ? { clock } : {}),
  });
  const finished: DeploymentFinishedEvent[] = [];
  emulator.sim.onDeploymentFinished((event) => finished.push(event));
  const proxy = await startFaultProxy(emulator.url);
  try {
    const seeded = await seedDemo(emulator.sim, { service: demo.cluster, ...demo });
    const describeService = async () => {
      const { services } = await emulator.sim.call("DescribeServices", {
        cluster: seeded.cluster,
        services: [seeded.service],
      });
      return (services as WireService[])[0]!;
    };
    await waitUntilSteady(describeService);
    const seedCalls = emulator.calls.length;
    return {
      ...seeded,
      url: proxy.url,
      emulator,
      proxy,
      requests: proxy.requests,
      finished,
      operations: () => emulator.calls.slice(seedCalls).map((call) => call.operation),
      describeService,
      async close() {
        await proxy.close();
        await emulator.shutdown();
      },
    };
  } catch (error) {
    await proxy.close();
    await emulator.shutdown();
    throw error;
  }
}

/**
 * Polls `describe` until the service has one deployment and it is COMPLETED (wall time, 10 s at
 * most: a guard against a hung test, far beyond the quick timings' rollout).
 */
export async function waitUntilSteady(describe: () => Promise<WireService>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { deployments } = await describe();
    if (deployments.length === 1 && deployments[0]?.rolloutState === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("The seeded service did not become steady in 10 s");
}

/**
 * Starts a world for `cluster`, runs `body` with it and closes it whatever happened (resuming
 * a paused clock first, so the emulator can shut down).
 */
export async function inWorld(
  cluster: string,
  options: Omit<Parameters<typeof startE2eWorld>[0], "cluster">,
  body: (world: E2eWorld) => Promise<void>,
): Promise<void> {
  const world = await startE2eWorld({ cluster, ...options });
  try {
    await body(world);
  } finally {
    if (options.clock instanceof PausableClock) options.clock.resume();
    await world.close();
  }
}

/** `-c`, `-n`, the world's endpoint (through its proxy), its region and JSON output, then `extra`. */
export function cliTarget(world: E2eWorld, ...extra: string[]): string[] {
  return ["-c", world.cluster, "-n", world.service, ...cliConnection(world), ...extra];
}

/** The world's endpoint (through its proxy), its region and JSON output, as CLI flags. */
export function cliConnection(world: E2eWorld): string[] {
  return ["--endpoint-url", world.url, "-r", "us-east-1", "--output", "json"];
}

/**
 * Registers the next revision of the world's family, one "web" container running `image`,
 * straight in the simulated ECS (no request reaches the proxy). Returns its ARN.
 */
export async function registerRevision(world: E2eWorld, image: string): Promise<string> {
  const { taskDefinition } = await world.emulator.sim.call("RegisterTaskDefinition", {
    family: world.service,
    containerDefinitions: [{ name: "web", image, memory: 128 }],
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
  });
  return (taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
}

/**
 * UpdateService on the world's service straight in the simulated ECS, as someone other than
 * the CLI would. Returns the id of the PRIMARY deployment afterwards.
 */
export async function updateServiceDirectly(
  world: E2eWorld,
  input: Record<string, unknown>,
): Promise<string> {
  const { service } = await world.emulator.sim.call("UpdateService", {
    cluster: world.cluster,
    service: world.service,
    ...input,
  });
  const deployments = (service as WireService).deployments;
  return deployments.find((d) => d.status === "PRIMARY")!.id;
}

/** Polls the service (wall time, 10 s at most) until `ready` holds; `what` names it on failure. */
export async function untilService(
  world: E2eWorld,
  what: string,
  ready: (service: WireService) => boolean,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (ready(await world.describeService())) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`The service "${world.service}" did not get ${what} in 10 s`);
}

/**
 * Points the world's service at a one-container revision running `image` straight in the
 * simulated ECS, and waits until it runs that revision alone. Returns the revision's ARN.
 */
export async function runOnly(world: E2eWorld, image: string): Promise<string> {
  const arn = await registerRevision(world, image);
  await updateServiceDirectly(world, { taskDefinition: arn });
  await untilService(
    world,
    `${arn} alone`,
    (s) =>
      s.deployments.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED" &&
      s.taskDefinition === arn,
  );
  return arn;
}

/** The operations the world's proxy saw, in order. */
export function operationsOf(world: E2eWorld): string[] {
  return world.requests.map((r) => r.operation);
}

/** How often each operation occurs. */
export function countOf(operations: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const operation of operations) counts[operation] = (counts[operation] ?? 0) + 1;
  return counts;
}

/**
 * Runs every scenario at once (each mostly waits on the CLI's one-second polls) and reports
 * each as a step of `t`, in order.
 */
export async function runScenariosConcurrently(
  t: Deno.TestContext,
  scenarios: Record<string, () => Promise<void>>,
): Promise<void> {
  const running = Object.entries(scenarios).map(([name, scenario]) =>
    [name, scenario().then(() => undefined, (error: unknown) => error)] as const
  );
  for (const [name, outcome] of running) {
    await t.step(name, async () => {
      const error = await outcome;
      if (error !== undefined) throw error;
    });
  }
}
