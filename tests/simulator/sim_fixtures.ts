/** Builders for simulated-ECS tests: a simulator on a fake clock, a cluster, a service. */
import { FakeClock } from "../support/fake_clock.ts";
import { fastTimings, SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import type { DeploymentFinishedEvent } from "../../src/simulator/simulated_ecs.ts";

export type Wire = Record<string, unknown>;

export interface SimFixture {
  clock: FakeClock;
  sim: SimulatedEcs;
  finished: DeploymentFinishedEvent[];
  call(operation: string, input?: Wire): Promise<Wire>;
}

export function aSimulator(options: { seed?: number } = {}): SimFixture {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock, timings: fastTimings, seed: options.seed ?? 7 });
  const finished: DeploymentFinishedEvent[] = [];
  sim.onDeploymentFinished((e) => finished.push(e));
  return { clock, sim, finished, call: (op, input = {}) => sim.call(op, input) };
}

/** A container definition running `image` (EC2-valid: it has memory). */
export function aContainer(image: string, extra: Wire = {}): Wire {
  return { name: "web", image, memory: 128, essential: true, ...extra };
}

export async function registerImage(
  f: SimFixture,
  image: string,
  options: { family?: string; healthCheck?: boolean } = {},
): Promise<string> {
  const out = await f.call("RegisterTaskDefinition", {
    family: options.family ?? "api",
    containerDefinitions: [
      aContainer(
        image,
        options.healthCheck
          ? { healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] } }
          : {},
      ),
    ],
  });
  return (out.taskDefinition as Wire).taskDefinitionArn as string;
}

/** A cluster "prod" with service "api" running `image`, settled (first deployment COMPLETED). */
export async function aSettledService(
  f: SimFixture,
  options: {
    image?: string;
    desiredCount?: number;
    deploymentConfiguration?: Wire;
    healthCheck?: boolean;
    /** Other CreateService members (loadBalancers, ...). */
    service?: Wire;
  } = {},
): Promise<string> {
  await f.call("CreateCluster", { clusterName: "prod" });
  const td = await registerImage(f, options.image ?? "nginx:1.25", {
    healthCheck: options.healthCheck ?? false,
  });
  await f.call("CreateService", {
    cluster: "prod",
    serviceName: "api",
    taskDefinition: td,
    desiredCount: options.desiredCount ?? 2,
    ...(options.deploymentConfiguration
      ? { deploymentConfiguration: options.deploymentConfiguration }
      : {}),
    ...options.service,
  });
  await until(f, async () => (await primary(f)).rolloutState === "COMPLETED");
  return td;
}

export async function describeService(f: SimFixture): Promise<Wire> {
  const out = await f.call("DescribeServices", { cluster: "prod", services: ["api"] });
  return (out.services as Wire[])[0]!;
}

export async function deployments(f: SimFixture): Promise<Wire[]> {
  return (await describeService(f)).deployments as Wire[];
}

export async function primary(f: SimFixture): Promise<Wire> {
  return (await deployments(f)).find((d) => d.status === "PRIMARY")!;
}

export async function eventMessages(f: SimFixture): Promise<string[]> {
  return ((await describeService(f)).events as Wire[]).map((e) => e.message as string);
}

/** Advances the clock in `stepMs` steps until `predicate` holds; fails after `limitMs`. */
export async function until(
  f: SimFixture,
  predicate: () => Promise<boolean> | boolean,
  options: { stepMs?: number; limitMs?: number; onStep?: () => Promise<void> } = {},
): Promise<void> {
  const step = options.stepMs ?? 5;
  const limit = options.limitMs ?? 60_000;
  for (let waited = 0; waited <= limit; waited += step) {
    await options.onStep?.();
    if (await predicate()) return;
    f.clock.advance(step);
  }
  throw new Error(`Condition not reached within ${limit} ms of virtual time`);
}

export async function tasksOf(f: SimFixture, desiredStatus = "RUNNING"): Promise<Wire[]> {
  const list = await f.call("ListTasks", { cluster: "prod", serviceName: "api", desiredStatus });
  const arns = list.taskArns as string[];
  if (arns.length === 0) return [];
  return (await f.call("DescribeTasks", { cluster: "prod", tasks: arns })).tasks as Wire[];
}
