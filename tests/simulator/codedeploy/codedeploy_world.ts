/** A simulated ECS and CodeDeploy on one fake clock, with a CODE_DEPLOY service seeded. */
import { SimulatedEcs, type SimulatedTimings } from "../../../src/simulator/simulated_ecs.ts";
import { SimulatedCodeDeploy } from "../../../src/simulator/codedeploy/simulated_codedeploy.ts";
import {
  seedCodeDeploy,
  type SeedCodeDeployOptions,
  type SeededCodeDeploy,
} from "../../../src/emulator/seed_codedeploy.ts";
import { FakeClock } from "../../support/fake_clock.ts";

export interface CodeDeployWorld {
  clock: FakeClock;
  ecs: SimulatedEcs;
  codeDeploy: SimulatedCodeDeploy;
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
  const codeDeploy = new SimulatedCodeDeploy({ clock, ecs });
  const seeded = await seedCodeDeploy(ecs, codeDeploy, options);
  clock.advance(60_000);
  return {
    clock,
    ecs,
    codeDeploy,
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
