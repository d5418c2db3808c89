/**
 * A simulated world with several services: the seeded "api" (see aSimulatedWorld) and more,
 * each with its own family unless told to run an existing revision, in the world's cluster or
 * another one. For the group deploy tests at the engine and CLI layers.
 *
 * @module
 */
import type { Service } from "../../src/ecs/types.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { SimulatedEcsClient } from "../../src/simulator/simulated_ecs_client.ts";
import { aSimulatedWorld, FAST_PROD, type SimulatedWorld } from "./simulated_world.ts";

/** One more service of a group world. */
export interface ExtraService {
  service: string;
  /** The world's cluster unless given; created when new. */
  cluster?: string;
  /** Run this registered revision instead of a family of its own. */
  taskDefinitionArn?: string;
  /** Its container image, when not the demo's nginx:1.27 (own family only). */
  image?: string;
  /**
   * Every deployment of it fails: a deployment alarm of its own is in ALARM (the simulator
   * fails a deployment that starts then); ECS rolls it back with `"rollback"`.
   */
  failing?: "stop" | "rollback";
}

/** A world on cluster "prod" with fast timings whose "api" has company: `extra`, all steady. */
export async function aGroupWorld(extra: ExtraService[]): Promise<SimulatedWorld> {
  const world = await aSimulatedWorld(FAST_PROD);
  for (const more of extra) await addService(world, more);
  await settleAll(world, [{ service: "api" }, ...extra]);
  // Once the first deployments are done, so that the alarms fail only the ones to come.
  for (const more of extra) {
    if (more.failing) world.sim.setAlarmState(`${more.service}-5xx`, "ALARM");
  }
  return world;
}

/** Creates a service (and its cluster and family where needed) in the world's simulator. */
export async function addService(world: SimulatedWorld, more: ExtraService): Promise<void> {
  const cluster = more.cluster ?? world.seeded.cluster;
  if (more.taskDefinitionArn === undefined) {
    await seedDemo(world.sim, {
      cluster,
      service: more.service,
      ...(more.image ? { image: more.image } : {}),
      ...(more.failing
        ? {
          deploymentConfiguration: {
            alarms: {
              alarmNames: [`${more.service}-5xx`],
              enable: true,
              rollback: more.failing === "rollback",
            },
          },
        }
        : {}),
    });
    return;
  }
  await world.sim.call("CreateCluster", { clusterName: cluster });
  await world.sim.call("CreateService", {
    cluster,
    serviceName: more.service,
    taskDefinition: more.taskDefinitionArn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60001"], assignPublicIp: "DISABLED" },
    },
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  });
}

/** A service of the world as ECS shows it now (read without recording a call). */
export async function serviceOf(
  world: SimulatedWorld,
  service: string,
  cluster = world.seeded.cluster,
): Promise<Service> {
  const found = await new SimulatedEcsClient(world.sim).describeService(cluster, service);
  if (!found) throw new Error(`the service "${service}" in "${cluster}" is gone`);
  return found;
}

/** Advances virtual time until every named service has one COMPLETED deployment. */
export async function settleAll(
  world: SimulatedWorld,
  services: { service: string; cluster?: string }[],
): Promise<void> {
  for (let waited = 0; waited <= 120_000; waited += 5) {
    const all = await Promise.all(services.map((s) => serviceOf(world, s.service, s.cluster)));
    const steady = all.every((s) =>
      s.deployments.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED"
    );
    if (steady) return;
    world.clock.advance(5);
  }
  throw new Error("The services did not settle within 120 s of virtual time");
}
