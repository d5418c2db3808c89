/**
 * The simulator's internal records. They hold live references between resources (a task knows
 * its service and deployment); `wire_output.ts` turns them into ECS response shapes.
 */
import type { ServiceDeploymentStatus, Tag } from "../ecs/types.ts";

export type Wire = Record<string, unknown>;

/** A failure mode chosen by an image tag (`fail-pull`, `crash`, `unhealthy`, `flaky`, `slow`). */
export type Fault = "none" | "fail-pull" | "crash" | "unhealthy" | "flaky" | "slow";

export interface ClusterRecord {
  arn: string;
  name: string;
  status: "ACTIVE" | "INACTIVE";
  tags: Tag[];
  settings: Wire[];
  configuration?: Wire;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: Wire[];
  services: Map<string, ServiceRecord>;
  /** Every task still visible (live and recently STOPPED), by task id. */
  tasks: Map<string, TaskRecord>;
  /** Ids of STOPPED tasks, oldest first, to forget the oldest beyond a cap. */
  stoppedOrder: string[];
}

export interface TaskDefinitionRecord {
  /** The wire shape of the revision, registeredAt/deregisteredAt as Dates. */
  td: Wire & {
    taskDefinitionArn: string;
    family: string;
    revision: number;
    status: "ACTIVE" | "INACTIVE" | "DELETE_IN_PROGRESS";
    containerDefinitions: Wire[];
  };
  tags: Tag[];
}

export interface FamilyRecord {
  name: string;
  lastRevision: number;
  revisions: Map<number, TaskDefinitionRecord>;
}

export interface DeploymentConfig {
  minimumHealthyPercent: number;
  maximumPercent: number;
  deploymentCircuitBreaker: {
    enable: boolean;
    rollback: boolean;
    /** Absent: ECS's default, true. */
    resetOnHealthyTask?: boolean;
    /** Absent: ECS's default, BOUNDED_PERCENT 50. */
    thresholdConfiguration?: {
      type: "COUNT" | "BOUNDED_PERCENT" | "UNBOUNDED_PERCENT";
      value: number;
    };
  };
  /** Other members (alarms, strategy, ...) kept as given. */
  extra: Wire;
}

/** What a deployment runs: the parts of a service that a new deployment snapshots. */
export interface DeploymentTarget {
  taskDefinition: string;
  launchType?: string;
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: Wire;
  capacityProviderStrategy?: Wire[];
  revisionArn: string;
}

export interface DeploymentRecord extends DeploymentTarget {
  id: string;
  status: "PRIMARY" | "ACTIVE" | "INACTIVE";
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  rolloutStateReason: string;
  /** False once the circuit breaker failed it (it launches no more tasks). */
  launching: boolean;
  /** The scheduler waits until then after a failed task before launching more. */
  nextLaunchAt: number;
  /** The service deployment that tracks this entry (for a rollback: the failed one's). */
  serviceDeployment: ServiceDeploymentRecord;
  /** Set on an entry restored by a rollback: the deployment being rolled back. */
  restoredFor?: DeploymentRecord;
  /** Failures since a task of it last became healthy (drives the relaunch back-off). */
  consecutiveFailures: number;
  /** The circuit breaker's failure count (reset by a healthy task unless configured not to). */
  breakerFailures: number;
  /** Failures since the last "unable to consistently start tasks" event. */
  failuresSinceNotice: number;
}

export interface ServiceRevisionRecord {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: number;
  target: DeploymentTarget;
  loadBalancers: Wire[];
  serviceRegistries: Wire[];
  containerImages: Wire[];
}

export type { ServiceDeploymentStatus };

export interface ServiceDeploymentRecord {
  arn: string;
  service: ServiceRecord;
  deployment: DeploymentRecord;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  targetRevisionArn: string;
  /** Revisions (and the deployments running them) the service ran when this one started. */
  sources: { revisionArn: string; deployment: DeploymentRecord }[];
  deploymentConfiguration: DeploymentConfig;
  circuitBreakerStatus: "TRIGGERED" | "MONITORING" | "MONITORING_COMPLETE" | "DISABLED";
  alarmsStatus: "TRIGGERED" | "MONITORING" | "MONITORING_COMPLETE" | "DISABLED";
  /** The deployment alarms that were in ALARM when they failed it. */
  triggeredAlarmNames: string[];
  failureCount: number;
  threshold: number;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  /** The stage machine of a BLUE_GREEN, LINEAR or CANARY deployment (absent for rolling). */
  lifecycle?: LifecycleRecord;
  /** Whether onDeploymentFinished has fired for it. */
  reported: boolean;
}

/**
 * A stage of a traffic-shifting deployment as ECS names it, plus PRE_PRODUCTION_TRAFFIC_SHIFT:
 * a hook point (DeploymentLifecycleHookStage) that ECS reports as PRODUCTION_TRAFFIC_SHIFT.
 */
export type LifecycleStage =
  | "RECONCILE_SERVICE"
  | "PRE_SCALE_UP"
  | "SCALE_UP"
  | "POST_SCALE_UP"
  | "TEST_TRAFFIC_SHIFT"
  | "POST_TEST_TRAFFIC_SHIFT"
  | "PRE_PRODUCTION_TRAFFIC_SHIFT"
  | "PRODUCTION_TRAFFIC_SHIFT"
  | "POST_PRODUCTION_TRAFFIC_SHIFT"
  | "BAKE_TIME"
  | "CLEAN_UP";

/** One run of a lifecycle hook at one stage (a DeploymentLifecycleHookDetail). Plain data. */
export interface HookRunRecord {
  hookId: string;
  targetType: "AWS_LAMBDA" | "PAUSE";
  targetArn?: string;
  status: "AWAITING_ACTION" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  /** Clock ms when ECS takes timeoutAction. */
  expiresAt: number;
  timeoutAction: "CONTINUE" | "ROLLBACK";
  /** Lambda invocations answered so far, and when the next answer is due (clock ms). */
  invocations: number;
  nextAnswerAt?: number;
  /** A run ECS makes while it rolls the deployment back (see lifecycle_hooks.ts). */
  duringRollback?: boolean;
}

/** Where a traffic-shifting deployment is (plain data, times in clock ms). */
export interface LifecycleRecord {
  strategy: "BLUE_GREEN" | "LINEAR" | "CANARY";
  /** The stages this deployment walks, in order; `index` is the current one. */
  stages: LifecycleStage[];
  index: number;
  stageStartedAt: number;
  /** Green's share of production and test traffic, in percent. */
  productionWeight: number;
  testWeight: number;
  /** Weights are shown only for services behind a load balancer (ECS shifts no traffic else). */
  managesTraffic: boolean;
  /** Production shift steps taken (LINEAR, CANARY) and when the current step's bake ends. */
  step: number;
  stepEndsAt?: number;
  /** The hook runs of the current stage (or step). */
  hooks: HookRunRecord[];
}

export interface ServiceEventRecord {
  id: string;
  createdAt: number;
  message: string;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  cluster: ClusterRecord;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  desiredCount: number;
  launchType?: string;
  platformVersion?: string;
  platformFamily?: string;
  capacityProviderStrategy?: Wire[];
  networkConfiguration?: Wire;
  deploymentConfiguration: DeploymentConfig;
  deploymentController: { type: string };
  loadBalancers: Wire[];
  serviceRegistries: Wire[];
  placementConstraints: Wire[];
  placementStrategy: Wire[];
  schedulingStrategy: string;
  healthCheckGracePeriodSeconds?: number;
  roleArn?: string;
  propagateTags: string;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  availabilityZoneRebalancing?: string;
  /** Other configuration members kept as given (serviceConnectConfiguration, ...). */
  extra: Wire;
  createdAt: number;
  createdBy: string;
  tags: Tag[];
  deployments: DeploymentRecord[];
  events: ServiceEventRecord[];
  serviceDeployments: ServiceDeploymentRecord[];
  revisions: Map<string, ServiceRevisionRecord>;
  /** The last deployment that completed: where a circuit-breaker rollback goes back to. */
  lastCompleted?: DeploymentTarget & { id: string };
  /** Whether "has reached a steady state" was said since the last change. */
  steady: boolean;
  /** When it became INACTIVE, after which it is forgotten. */
  inactiveAt?: number;
  /** Tasks of this service that are not STOPPED yet (including those stopping). */
  liveTasks: Set<TaskRecord>;
  /** A wake-up is scheduled at this time (to re-run the scheduler), to avoid duplicates. */
  wakeups: Set<number>;
}

export interface ContainerRecord {
  containerArn: string;
  name: string;
  image: string;
  imageDigest?: string;
  runtimeId?: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  healthStatus?: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  essential: boolean;
  hasHealthCheck: boolean;
  /** Standalone tasks: when (clock ms) the container's command exits, and with what code. */
  exitsAt?: number;
  commandExitCode?: number;
  cpu?: string;
  memory?: string;
  memoryReservation?: string;
}

export interface TaskRecord {
  id: string;
  arn: string;
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  service?: ServiceRecord;
  deployment?: DeploymentRecord;
  startedBy?: string;
  group: string;
  launchType: string;
  platformVersion?: string;
  lastStatus: string;
  desiredStatus: "RUNNING" | "STOPPED";
  healthStatus: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  fault: Fault;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** Since when it counts as healthy for the scheduler. */
  healthySince?: number;
  /** Registered with the service's target groups (services with load balancers). */
  registeredTargets?: boolean;
  containers: ContainerRecord[];
  cpu?: string;
  memory?: string;
  availabilityZone: string;
  attachments: Wire[];
  overrides: Wire;
  tags: Tag[];
  version: number;
  enableExecuteCommand: boolean;
}

/** What `onDeploymentFinished` listeners receive. */
export interface DeploymentFinishedEvent {
  deploymentId: string;
  serviceDeploymentArn: string;
  outcome: "COMPLETED" | "FAILED" | "ROLLED_BACK" | "SUPERSEDED";
  /** Clock time (ms since the epoch) of the transition. */
  at: number;
}
