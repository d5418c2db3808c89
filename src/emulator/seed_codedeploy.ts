/**
 * Seeds a CODE_DEPLOY service and its CodeDeploy application and deployment group, so tests,
 * benchmarks and users of the emulator have a blue/green-through-CodeDeploy service to deploy.
 *
 * @module
 */
import type { EcsBackend } from "./ecs_wire_handler.ts";
import { seedDemo, type SeedDemoOptions, type SeededDemo } from "./seed_demo.ts";

/** Options of {@linkcode seedCodeDeploy}. */
export interface SeedCodeDeployOptions extends Omit<SeedDemoOptions, "deploymentController"> {
  /** "<service>-app" and "<service>-group" unless given. */
  application?: string;
  deploymentGroup?: string;
  /** The group's deployment config; CodeDeployDefault.ECSAllAtOnce unless given. */
  deploymentConfigName?: string;
  /** Auto-rollback on DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_REQUEST; on unless false. */
  autoRollback?: boolean;
  /** Wait for ContinueDeployment this many minutes before rerouting traffic (STOP_DEPLOYMENT). */
  readyWaitMinutes?: number;
  /** Minutes before the blue task set is terminated after success; 0 unless given. */
  terminationWaitMinutes?: number;
}

export interface SeededCodeDeploy extends SeededDemo {
  application: string;
  deploymentGroup: string;
}

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

/** The seed options of a CODE_DEPLOY service behind a load balancer (target group "blue"). */
export const CODE_DEPLOY_SERVICE: Pick<
  SeedDemoOptions,
  "circuitBreaker" | "deploymentController" | "loadBalancers"
> = {
  circuitBreaker: false,
  deploymentController: "CODE_DEPLOY",
  loadBalancers: [{
    targetGroupArn: `${ARN}:targetgroup/blue/0123456789abcdef`,
    containerName: "web",
    containerPort: 80,
  }],
};

/** Creates the service (CODE_DEPLOY controller, behind a load balancer), application and group. */
export async function seedCodeDeploy(
  ecs: EcsBackend,
  codeDeploy: EcsBackend,
  options: SeedCodeDeployOptions = {},
): Promise<SeededCodeDeploy> {
  const seeded = await seedDemo(ecs, { ...options, ...CODE_DEPLOY_SERVICE });
  return { ...seeded, ...await seedCodeDeployGroup(codeDeploy, seeded, options) };
}

/** Creates the application and the deployment group of a seeded CODE_DEPLOY service. */
export async function seedCodeDeployGroup(
  codeDeploy: EcsBackend,
  seeded: { cluster: string; service: string },
  options: SeedCodeDeployOptions = {},
): Promise<{ application: string; deploymentGroup: string }> {
  const application = options.application ?? `${seeded.service}-app`;
  const deploymentGroup = options.deploymentGroup ?? `${seeded.service}-group`;
  await codeDeploy.call("CreateApplication", {
    applicationName: application,
    computePlatform: "ECS",
  });
  await codeDeploy.call("CreateDeploymentGroup", {
    applicationName: application,
    deploymentGroupName: deploymentGroup,
    deploymentConfigName: options.deploymentConfigName ?? "CodeDeployDefault.ECSAllAtOnce",
    serviceRoleArn: "arn:aws:iam::123456789012:role/CodeDeployECSRole",
    ecsServices: [{ clusterName: seeded.cluster, serviceName: seeded.service }],
    deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
    loadBalancerInfo: {
      targetGroupPairInfoList: [{
        targetGroups: [{ name: "blue" }, { name: "green" }],
        prodTrafficRoute: {
          listenerArns: [`${ARN}:listener/app/web/0123456789abcdef/0a1b2c3d4e5f6071`],
        },
      }],
    },
    blueGreenDeploymentConfiguration: {
      deploymentReadyOption: options.readyWaitMinutes !== undefined
        ? { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: options.readyWaitMinutes }
        : { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: "TERMINATE",
        terminationWaitTimeInMinutes: options.terminationWaitMinutes ?? 0,
      },
    },
    ...(options.autoRollback === false ? {} : {
      autoRollbackConfiguration: {
        enabled: true,
        events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"],
      },
    }),
  });
  return { application, deploymentGroup };
}
