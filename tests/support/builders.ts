import type { StoppedTask } from "../../src/deploy/diagnose/diagnose_deployment.ts";
import type { TrackedDeployment } from "../../src/deploy/watch/judge_deployment.ts";
import type {
  Deployment,
  Service,
  ServiceDeployment,
  TaskDefinition,
} from "../../src/ecs/types.ts";

const at = new Date(Date.UTC(2026, 0, 1));

/** A deployment entry; defaults describe a completed single-task PRIMARY. */
export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: "ecs-svc/1000000000000000001",
    status: "PRIMARY",
    taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2",
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 2,
    failedTasks: 0,
    createdAt: at,
    updatedAt: at,
    rolloutState: "COMPLETED",
    ...overrides,
  };
}

/** A service; defaults describe a steady ACTIVE service with one completed deployment. */
export function aService(overrides: Partial<Service> = {}): Service {
  const deployments = overrides.deployments ?? [aDeployment()];
  return {
    serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
    serviceName: "api",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    status: "ACTIVE",
    taskDefinition: deployments[0]?.taskDefinition ?? "",
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deployments,
    events: [],
    ...overrides,
  };
}

/** A registered revision with one container. */
export function aTaskDefinition(overrides: Partial<TaskDefinition> = {}): TaskDefinition {
  return {
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
    family: "api",
    revision: 1,
    status: "ACTIVE",
    containerDefinitions: [{ name: "app", image: "registry.example.com/api:1", essential: true }],
    ...overrides,
  };
}

/** Stopped task number `n` of revision api:2 that could not pull its image. */
export function aPullFailure(n: number): StoppedTask {
  return {
    taskArn: `arn:aws:ecs:us-east-1:1:task/prod/${n}`,
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
    stopCode: "TaskFailedToStart",
    stoppedReason: "CannotPullContainerError: not found",
    containers: [{ name: "web", reason: "CannotPullContainerError: not found" }],
  };
}

/** Revisions 1 (what the service ran) and 2 (ours) of family "api". */
export const REVISION_1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
export const REVISION_2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2";
/** The ServiceDeployment of the deployment {@linkcode aTrackedDeployment} follows. */
export const SERVICE_DEPLOYMENT_ARN =
  "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/abc";

/** Our deployment ecs-svc/2 of revision 2, replacing revision 1, with its ServiceDeployment. */
export function aTrackedDeployment(overrides: Partial<TrackedDeployment> = {}): TrackedDeployment {
  return {
    deploymentId: "ecs-svc/2",
    taskDefinitionArn: REVISION_2,
    previousTaskDefinitionArn: REVISION_1,
    serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
    ...overrides,
  };
}

/** A ServiceDeployment of prod/api; IN_PROGRESS unless given. */
export function aServiceDeployment(overrides: Partial<ServiceDeployment> = {}): ServiceDeployment {
  return {
    serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
    serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    status: "IN_PROGRESS",
    createdAt: at,
    ...overrides,
  };
}

/**
 * RegisterTaskDefinition input (wire shape) of a one-off job: family "migrate", one essential
 * Fargate container "app" running `image`, logging with `awslogs` to the group "/ecs/migrate"
 * under the prefix "job" (so its streams are `job/app/<task id>`).
 */
export function aJobRevisionInput(image: string): Record<string, unknown> {
  return {
    family: "migrate",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{
      name: "app",
      image,
      essential: true,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/migrate", "awslogs-stream-prefix": "job" },
      },
    }],
  };
}
