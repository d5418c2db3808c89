/**
 * Domain types of the ECS resources ecs-deploy reads and writes.
 *
 * They keep the member names and JSON shapes of the ECS API (camelCase, enums as strings) so the
 * simulated ECS, the HTTP emulator and the AWS SDK adapter all speak one vocabulary; timestamps
 * are `Date`s. Task definitions keep every member they arrive with, known or not, so a copy is
 * lossless even for fields added to ECS after this tool was written.
 */

export interface Tag {
  key: string;
  value: string;
}

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  environment?: KeyValuePair[];
  healthCheck?: {
    command: string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    startPeriod?: number;
  };
  [member: string]: unknown;
}

/** A registered revision, as DescribeTaskDefinition returns it. */
export interface TaskDefinition {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: "ACTIVE" | "INACTIVE" | "DELETE_IN_PROGRESS";
  containerDefinitions: ContainerDefinition[];
  [member: string]: unknown;
}

/** What RegisterTaskDefinition accepts: a task definition without its read-only members. */
export interface TaskDefinitionInput {
  family: string;
  containerDefinitions: ContainerDefinition[];
  tags?: Tag[];
  [member: string]: unknown;
}

export interface DeploymentCircuitBreaker {
  enable: boolean;
  rollback: boolean;
}

/** How ECS rolls a new revision out (`deploymentConfiguration.strategy`). */
export type DeploymentStrategyName = "ROLLING" | "BLUE_GREEN" | "LINEAR" | "CANARY";

export interface DeploymentConfiguration {
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  deploymentCircuitBreaker?: DeploymentCircuitBreaker;
  strategy?: DeploymentStrategyName;
  bakeTimeInMinutes?: number;
  /** Rolling only: success once enough new tasks are healthy (the old may still drain). */
  earlySuccessCriteria?: {
    enable: boolean;
    healthyPercent?: number;
    sourceServiceRevisionCleanup?: "BLOCKING" | "DEFERRED";
  };
  [member: string]: unknown;
}

export type DeploymentStatus = "PRIMARY" | "ACTIVE" | "INACTIVE";
export type RolloutState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

/** One entry of a service's `deployments[]`. */
export interface Deployment {
  id: string;
  status: DeploymentStatus;
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt: Date;
  updatedAt: Date;
  rolloutState?: RolloutState;
  rolloutStateReason?: string;
}

export interface ServiceEvent {
  id: string;
  createdAt: Date;
  message: string;
}

/** How a task or service's awsvpc network interface is set up. */
export interface NetworkConfiguration {
  awsvpcConfiguration?: {
    subnets: string[];
    securityGroups?: string[];
    assignPublicIp?: "ENABLED" | "DISABLED";
  };
}

/** One entry of a capacity provider strategy. */
export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface Service {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType?: string;
  platformVersion?: string;
  networkConfiguration?: NetworkConfiguration;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  deploymentController?: { type: "ECS" | "CODE_DEPLOY" | "EXTERNAL" };
  deploymentConfiguration?: DeploymentConfiguration;
  deployments: Deployment[];
  events: ServiceEvent[];
  /** The ARN of the service's current ServiceDeployment, where ECS offers the deployment APIs. */
  currentServiceDeployment?: string;
  createdAt?: Date;
  [member: string]: unknown;
}

export type ServiceDeploymentStatus =
  | "PENDING"
  | "SUCCESSFUL"
  | "STOPPED"
  | "STOP_REQUESTED"
  | "IN_PROGRESS"
  | "ROLLBACK_REQUESTED"
  | "ROLLBACK_IN_PROGRESS"
  | "ROLLBACK_SUCCESSFUL"
  | "ROLLBACK_FAILED";

export interface ServiceRevisionSummary {
  arn: string;
  requestedTaskCount: number;
  runningTaskCount: number;
  pendingTaskCount: number;
  /** The share of production traffic (0 to 100) ECS sends to this revision. */
  requestedProductionTrafficWeight?: number;
  requestedTestTrafficWeight?: number;
}

/** A lifecycle stage of a ServiceDeployment (blue/green, linear and canary deployments). */
export type LifecycleStage =
  | "RECONCILE_SERVICE"
  | "PRE_SCALE_UP"
  | "SCALE_UP"
  | "POST_SCALE_UP"
  | "TEST_TRAFFIC_SHIFT"
  | "POST_TEST_TRAFFIC_SHIFT"
  | "PRODUCTION_TRAFFIC_SHIFT"
  | "POST_PRODUCTION_TRAFFIC_SHIFT"
  | "BAKE_TIME"
  | "CLEAN_UP";

/** One lifecycle hook of the current stage, as the ServiceDeployment reports it. */
export interface LifecycleHookDetail {
  hookId?: string;
  targetType?: "AWS_LAMBDA" | "PAUSE";
  targetArn?: string;
  status?: "AWAITING_ACTION" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  expiresAt?: Date;
  timeoutAction?: "ROLLBACK" | "CONTINUE";
}

/** A ServiceDeployment of the ECS deployment APIs (ListServiceDeployments and friends). */
export interface ServiceDeployment {
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  stoppedAt?: Date;
  updatedAt?: Date;
  targetServiceRevision?: ServiceRevisionSummary;
  sourceServiceRevisions?: ServiceRevisionSummary[];
  deploymentCircuitBreaker?: { status: string; failureCount: number; threshold: number };
  rollback?: { reason?: string; startedAt?: Date; serviceRevisionArn?: string };
  lifecycleStage?: LifecycleStage;
  lifecycleHookDetails?: LifecycleHookDetail[];
}

export interface ServiceDeploymentBrief {
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  targetServiceRevisionArn?: string;
}

export interface Container {
  name: string;
  image?: string;
  /** The digest of the image the container runs, as the container runtime pulled it. */
  imageDigest?: string;
  lastStatus?: string;
  exitCode?: number;
  reason?: string;
  healthStatus?: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
}

export interface Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  /** "ecs-svc/<deployment id suffix>" for tasks a service started. */
  startedBy?: string;
  group?: string;
  lastStatus: string;
  desiredStatus: string;
  healthStatus?: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  launchType?: string;
  createdAt: Date;
  startedAt?: Date;
  stoppedAt?: Date;
  stopCode?: string;
  stoppedReason?: string;
  containers: Container[];
}

/** Everything UpdateService may change; members left out are left as they are. */
export interface ServiceUpdate {
  cluster: string;
  service: string;
  taskDefinition?: string;
  desiredCount?: number;
  forceNewDeployment?: boolean;
  deploymentConfiguration?: DeploymentConfiguration;
}

/** What RunTask runs: one standalone task (or `count`) of a revision, with overrides. */
export interface RunTaskInput {
  cluster: string;
  taskDefinition: string;
  count?: number;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  networkConfiguration?: NetworkConfiguration;
  overrides?: {
    containerOverrides: {
      name: string;
      command?: string[];
      environment?: KeyValuePair[];
    }[];
  };
  startedBy?: string;
  /** Makes the request idempotent: ECS answers a repeat with the tasks the first one started. */
  clientToken?: string;
}

/** A task RunTask could not place, as ECS reports it in `failures[]`. */
export interface TaskFailure {
  arn?: string;
  reason?: string;
  detail?: string;
}

/** What RunTask answered: the tasks it started and those it could not place. */
export interface RunTaskOutput {
  tasks: Task[];
  failures: TaskFailure[];
}
