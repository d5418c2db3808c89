/**
 * The service of `ecs-deploy emulator --demo`: created (see `seed_demo.ts`) unless a restored
 * state already has it, settled, and described for the guide that tells people what to try.
 *
 * @module
 */
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { SimulatedTimings } from "../simulator/timings.ts";
import type { EcsBackend } from "./ecs_wire_handler.ts";
import { seedDemo } from "./seed_demo.ts";

/** The demo's cluster, service and the image its first revision runs. */
export const DEMO = {
  cluster: "demo",
  service: "api",
  repository: "public.ecr.aws/nginx/nginx",
  firstTag: "1.27",
  desiredCount: 2,
} as const;

/** What the guide says about the demo's service. */
export interface DemoService {
  cluster: string;
  service: string;
  /** `family:revision` the service runs. */
  revision: string;
  /** The images of the revision's essential containers (`name=image`). */
  images: string[];
  desiredCount: number;
  /** Whether it was created now (false: it came from the state file). */
  created: boolean;
}

/**
 * How far back the demo service is created: long enough for its first rollout to have
 * completed under `timings` (ten rounds of a task's whole start), and at least ten minutes.
 */
export function demoAgeMs(timings: SimulatedTimings): number {
  const taskStart = timings.provisioningMs + timings.pendingMs +
    Math.max(timings.healthCheckMs, timings.runningGraceMs) + timings.stabilizationMs;
  return Math.max(10 * 60_000, 10 * taskStart);
}

/**
 * Creates the demo's cluster and service unless `ecs` has the service already. Run it on a
 * simulator made on a clock {@linkcode demoAgeMs} in the past (see `backdatable_clock.ts`),
 * so the service has settled by the present; a service added to a restored state instead
 * settles within seconds of its (restored) time.
 */
export async function ensureDemoService(ecs: EcsBackend): Promise<DemoService> {
  const existing = await describe(ecs);
  const created = existing === undefined;
  if (created) {
    await seedDemo(ecs, {
      cluster: DEMO.cluster,
      service: DEMO.service,
      image: `${DEMO.repository}:${DEMO.firstTag}`,
      desiredCount: DEMO.desiredCount,
      circuitBreaker: true,
    });
  }
  const service = existing ?? await describe(ecs);
  if (!service) throw new Error(`The demo service "${DEMO.service}" was not created`);
  const { taskDefinition } = await ecs.call("DescribeTaskDefinition", {
    taskDefinition: service.taskDefinition,
  });
  const td = taskDefinition as { family: string; revision: number; containerDefinitions: Wire[] };
  return {
    cluster: DEMO.cluster,
    service: DEMO.service,
    revision: `${td.family}:${td.revision}`,
    images: td.containerDefinitions.filter((c) => c.essential !== false).map((c) =>
      `${c.name}=${c.image}`
    ),
    desiredCount: service.desiredCount,
    created,
  };
}

type Wire = Record<string, unknown>;

async function describe(
  ecs: EcsBackend,
): Promise<{ taskDefinition: string; desiredCount: number } | undefined> {
  const out = await ecs.call("DescribeServices", {
    cluster: DEMO.cluster,
    services: [DEMO.service],
  }).catch((error) => {
    if (error instanceof EcsApiError && error.type === "ClusterNotFoundException") {
      return { services: [] };
    }
    throw error;
  });
  const [service] = (out.services ?? []) as Wire[];
  if (!service || service.status !== "ACTIVE") return undefined;
  return {
    taskDefinition: String(service.taskDefinition),
    desiredCount: Number(service.desiredCount),
  };
}
