/** A simulated ECS and CodeDeploy on one fake clock, with a CODE_DEPLOY service seeded. */
import { SimulatedEcs, type SimulatedTimings } from "../../src/simulator/simulated_ecs.ts";
import { SimulatedCodeDeploy } from "../../src/simulator/codedeploy/simulated_codedeploy.ts";
import {
  seedCodeDeploy,
  type SeedCodeDeployOptions,
  type SeededCodeDeploy,
} from "../../src/emulator/seed_codedeploy.ts";
import { SimulatedEcsClient } from "../../src/simulator/simulated_ecs_client.ts";
import { SimulatedCodeDeployClient } from "../../src/simulator/codedeploy/simulated_codedeploy_client.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { CodeDeployClient } from "../../src/codedeploy/codedeploy_client.ts";
import { FakeClock } from "./fake_clock.ts";

export interface CodeDeployWorld {
  clock: FakeClock;
  ecs: SimulatedEcs;
  codeDeploy: SimulatedCodeDeploy;
  /** The port clients on them, recording every call's method in `calls`. */
  ports: { ecs: EcsClient; codeDeploy: CodeDeployClient };
  calls: string[];
  seeded: SeededCodeDeploy;
  /** Registers a revision of the seeded family with the "web" container on `image`. */
  revision(image: string): Promise<string>;
  /** The AppSpec of a deployment of `taskDefinition`, as JSON. */
  appSpec(taskDefinition: string, hooks?: Record<string, string>): string;
}

/** Seeds the world and lets the service's first deployment complete. */
export async function aCodeDeployWorld(
  options: SeedCodeDeployOptions & { timings?: SimulatedTimings } = {},
): Promise<CodeDeployWorld> {
  const clock = new FakeClock();
  const ecs = new SimulatedEcs({ clock, ...(options.timings ? { timings: options.timings } : {}) });
  const codeDeploy = new SimulatedCodeDeploy({ ecs });
  const seeded = await seedCodeDeploy(ecs, codeDeploy, options);
  clock.advance(60_000);
  const calls: string[] = [];
  const recording = <T extends object>(client: T, prefix: string): T =>
    new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(`${prefix}.${String(property)}`);
          return value.apply(target, args);
        };
      },
    });
  return {
    clock,
    ecs,
    codeDeploy,
    ports: {
      ecs: recording(new SimulatedEcsClient(ecs), "ecs"),
      codeDeploy: recording(new SimulatedCodeDeployClient(codeDeploy), "codeDeploy"),
    },
    calls,
    seeded,
    async revision(image) {
      const { taskDefinition } = await ecs.call("DescribeTaskDefinition", {
        taskDefinition: seeded.taskDefinitionArn,
      }) as { taskDefinition: Record<string, unknown> };
      const containers = (taskDefinition.containerDefinitions as Record<string, unknown>[])
        .map((c) => c.name === "web" ? { ...c, image } : c);
      const out = await ecs.call("RegisterTaskDefinition", {
        family: seeded.service,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        containerDefinitions: containers,
      }) as { taskDefinition: { taskDefinitionArn: string } };
      return out.taskDefinition.taskDefinitionArn;
    },
    appSpec(taskDefinition, hooks = {}) {
      return JSON.stringify({
        version: 0.0,
        Resources: [{
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: taskDefinition,
              LoadBalancerInfo: { ContainerName: "web", ContainerPort: 80 },
            },
          },
        }],
        Hooks: Object.entries(hooks).map(([event, fn]) => ({ [event]: fn })),
      });
    },
  };
}
