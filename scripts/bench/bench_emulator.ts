/**
 * The emulator a benchmark deploys to: in process, on 127.0.0.1, with services seeded and
 * settled, and every deployment outcome the simulated ECS reached kept by deployment id.
 *
 * @module
 */
import { type RunningEmulator, serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import type { DeploymentFinishedEvent } from "../../src/simulator/simulated_ecs.ts";
import type { SimulatedTimings } from "../../src/simulator/timings.ts";

/** The image the seeded services run; deploys change its tag. */
export const BENCH_REPOSITORY = "public.ecr.aws/nginx/nginx";

/** A running benchmark emulator. */
export interface BenchEmulator {
  emulator: RunningEmulator;
  /** Finished deployments by deployment id (the last outcome wins: a rollback's reuse of an id). */
  finished: Map<string, DeploymentFinishedEvent>;
  /**
   * Creates `services` in `cluster` (2 tasks each, circuit breaker on) and waits until steady;
   * `deploymentConfiguration` (such as a BLUE_GREEN strategy) applies to their next deployment.
   */
  seed(
    cluster: string,
    services: string[],
    deploymentConfiguration?: Record<string, unknown>,
  ): Promise<void>;
  shutdown(): Promise<void>;
}

/** Starts an emulator with the default timings, or these overrides. */
export async function startBenchEmulator(
  timings: Partial<SimulatedTimings> = {},
): Promise<BenchEmulator> {
  const emulator = await serveEmulator({ port: 0, hostname: "127.0.0.1", timings });
  const finished = new Map<string, DeploymentFinishedEvent>();
  emulator.sim.onDeploymentFinished((event) => finished.set(event.deploymentId, event));
  return {
    emulator,
    finished,
    async seed(cluster, services, deploymentConfiguration) {
      for (const service of services) {
        await seedDemo(emulator.sim, { cluster, service, image: `${BENCH_REPOSITORY}:1.27` });
        if (deploymentConfiguration) {
          // Only the deployment configuration: this starts no deployment.
          await emulator.sim.call("UpdateService", { cluster, service, deploymentConfiguration });
        }
      }
      await waitUntilSteady(emulator, cluster, services);
    },
    shutdown: () => emulator.shutdown(),
  };
}

async function waitUntilSteady(
  emulator: RunningEmulator,
  cluster: string,
  services: string[],
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let pending = services;
  while (pending.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`Seeded services did not become steady in 60 s: ${pending.join(", ")}`);
    }
    const still: string[] = [];
    for (let i = 0; i < pending.length; i += 10) {
      const batch = pending.slice(i, i + 10);
      const { services: described } = await emulator.sim.call("DescribeServices", {
        cluster,
        services: batch,
      });
      for (const service of described as WireService[]) {
        const [only, ...others] = service.deployments;
        if (others.length > 0 || only?.rolloutState !== "COMPLETED") {
          still.push(service.serviceName);
        }
      }
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface WireService {
  serviceName: string;
  deployments: { rolloutState?: string }[];
}
