/**
 * Seeds a simulated ECS with a cluster, a realistic Fargate task definition and a service
 * running it, so the demo and end-to-end tests have something to deploy to.
 *
 * @module
 */
import type { EcsBackend } from "./ecs_wire_handler.ts";

/** Options of {@linkcode seedDemo}. */
export interface SeedDemoOptions {
  /** "demo" unless given. */
  cluster?: string;
  /** "api" unless given; also the task definition family. */
  service?: string;
  /** The image of the "web" container; "public.ecr.aws/nginx/nginx:1.27" unless given. */
  image?: string;
  /** 2 unless given. */
  desiredCount?: number;
  /** Deployment circuit breaker with rollback; on unless false. */
  circuitBreaker?: boolean;
  /**
   * More members of the service's `deploymentConfiguration`, such as `strategy: "BLUE_GREEN"`
   * and `bakeTimeInMinutes`; rolling unless given.
   */
  deploymentConfiguration?: Record<string, unknown>;
  /** The service's `loadBalancers`; none unless given. */
  loadBalancers?: Record<string, unknown>[];
  /** The deployment controller; ECS unless given. */
  deploymentController?: "ECS" | "CODE_DEPLOY";
}

/** What {@linkcode seedDemo} created. */
export interface SeededDemo {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
}

/**
 * Creates the cluster, registers revision 1 of the family and creates the service on it.
 * Takes the simulated ECS (or anything with its `call` shape).
 */
export async function seedDemo(
  ecs: EcsBackend,
  options: SeedDemoOptions = {},
): Promise<SeededDemo> {
  const cluster = options.cluster ?? "demo";
  const service = options.service ?? "api";
  const image = options.image ?? "public.ecr.aws/nginx/nginx:1.27";
  const circuitBreaker = options.circuitBreaker ?? true;

  await ecs.call("CreateCluster", { clusterName: cluster });
  const registered = await ecs.call("RegisterTaskDefinition", {
    family: service,
    taskRoleArn: "arn:aws:iam::123456789012:role/demo-task",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
    containerDefinitions: [
      {
        name: "web",
        image,
        essential: true,
        portMappings: [{ containerPort: 80, protocol: "tcp", name: "http" }],
        environment: [{ name: "APP_ENV", value: "demo" }],
        healthCheck: {
          command: ["CMD-SHELL", "wget -qO- http://localhost/ || exit 1"],
          interval: 10,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        },
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": `/ecs/${service}`,
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": service,
          },
        },
      },
      {
        name: "log-router",
        image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
        essential: false,
        firelensConfiguration: { type: "fluentbit" },
      },
    ],
    tags: [{ key: "app", value: service }],
  });
  const taskDefinitionArn = (registered.taskDefinition as { taskDefinitionArn: string })
    .taskDefinitionArn;
  await ecs.call("CreateService", {
    cluster,
    serviceName: service,
    taskDefinition: taskDefinitionArn,
    desiredCount: options.desiredCount ?? 2,
    launchType: "FARGATE",
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        securityGroups: ["sg-0a1b2c3d4e5f60003"],
        assignPublicIp: "DISABLED",
      },
    },
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: circuitBreaker, rollback: circuitBreaker },
      ...options.deploymentConfiguration,
    },
    ...(options.loadBalancers ? { loadBalancers: options.loadBalancers } : {}),
    ...(options.deploymentController
      ? { deploymentController: { type: options.deploymentController } }
      : {}),
    tags: [{ key: "app", value: service }],
  });
  return { cluster, service, taskDefinitionArn };
}
