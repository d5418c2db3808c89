import type { DeployEvent, DeployResult } from "../../src/deploy/deploy_events.ts";
import type { DeployRequest } from "../../src/deploy/deploy_request.ts";
import { runDeploy } from "../../src/deploy/run_deploy.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { Service } from "../../src/ecs/types.ts";
import { SimulatedEcs } from "../../src/ecs/sim/simulated_ecs.ts";
import { SimulatedEcsClient } from "../../src/ecs/simulated_ecs_client.ts";
import { seedDemo, type SeedDemoOptions } from "../../src/emulator/seed_demo.ts";
import { FakeClock } from "./fake_clock.ts";

/** Runs before a port call; may throw to make the call fail, or act on the simulator. */
export type CallHook = (method: keyof EcsClient, count: number) => void | Promise<void>;

/**
 * A simulated ECS on a fake clock with a steady demo service, and a port client on it that
 * records every call and lets a test interfere with chosen ones.
 */
export async function aSimulatedWorld(options: SeedDemoOptions = {}) {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock });
  const seeded = await seedDemo(sim, options);
  clock.advance(120_000); // the service's first deployment completes
  const calls: (keyof EcsClient)[] = [];
  const hooks: CallHook[] = [];
  const inner = new SimulatedEcsClient(sim);
  const ecs = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const method = property as keyof EcsClient;
        calls.push(method);
        const count = calls.filter((call) => call === method).length;
        for (const hook of hooks) await hook(method, count);
        return value.apply(target, args);
      };
    },
  }) as EcsClient;
  const countOf = (method: keyof EcsClient) => calls.filter((call) => call === method).length;
  return { clock, sim, ecs, seeded, calls, hooks, countOf };
}

/** The demo service's image repository (see seedDemo). */
export const DEMO_IMAGE = "public.ecr.aws/nginx/nginx";

export type SimulatedWorld = Awaited<ReturnType<typeof aSimulatedWorld>>;

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

/** Runs a deploy in the world, collecting its events. */
export async function deployIn(
  world: SimulatedWorld,
  request: DeployRequest,
  signal?: AbortSignal,
): Promise<{ result: DeployResult; events: DeployEvent[] }> {
  const events: DeployEvent[] = [];
  const result = await runDeploy(request, {
    ecs: world.ecs,
    clock: world.clock,
    emit: (event) => events.push(event),
    ...(signal ? { signal } : {}),
  });
  return { result, events };
}

/** The demo service as ECS shows it now. */
export async function serviceOf(world: SimulatedWorld): Promise<Service> {
  const service = await world.ecs.describeService("demo", "api");
  if (!service) throw new Error("the demo service is gone");
  return service;
}
