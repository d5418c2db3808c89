/**
 * The port through which ecs-deploy talks to AWS CodeDeploy, for services whose deployment
 * controller is CODE_DEPLOY. The engine depends on this interface only; adapters are the AWS SDK
 * (`aws_codedeploy_client.ts`) and the simulated CodeDeploy. Members keep CodeDeploy's names.
 *
 * Methods throw `EcsApiError` (the AWS error type and HTTP status, whichever service answered)
 * for errors CodeDeploy reports, so the retry rules of `src/deploy/calls` apply unchanged, and
 * anything else for transport failures.
 *
 * @module
 */

/** A deployment's status (`DeploymentInfo.status`). */
export type CodeDeployStatus =
  | "Created"
  | "Queued"
  | "InProgress"
  | "Baking"
  | "Succeeded"
  | "Failed"
  | "Stopped"
  | "Ready";

/** The lifecycle events of an ECS blue/green deployment, in the order they run. */
export const CODE_DEPLOY_EVENTS = [
  "BeforeInstall",
  "Install",
  "AfterInstall",
  "AllowTestTraffic",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AllowTraffic",
  "AfterAllowTraffic",
] as const;

export type CodeDeployEvent = (typeof CODE_DEPLOY_EVENTS)[number];

/** An ECS service as a deployment group names it. */
export interface CodeDeployEcsService {
  clusterName: string;
  serviceName: string;
}

export interface AutoRollbackConfiguration {
  enabled?: boolean;
  events?: string[];
}

export interface BlueGreenConfiguration {
  deploymentReadyOption?: {
    actionOnTimeout?: "CONTINUE_DEPLOYMENT" | "STOP_DEPLOYMENT";
    waitTimeInMinutes?: number;
  };
  terminateBlueInstancesOnDeploymentSuccess?: {
    action?: "TERMINATE" | "KEEP_ALIVE";
    terminationWaitTimeInMinutes?: number;
  };
}

/** What ecs-deploy reads of a deployment group (`DeploymentGroupInfo`). */
export interface DeploymentGroup {
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName?: string;
  computePlatform?: string;
  ecsServices: CodeDeployEcsService[];
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  blueGreenDeploymentConfiguration?: BlueGreenConfiguration;
}

/** How a deployment config shifts traffic (`DeploymentConfigInfo.trafficRoutingConfig`). */
export interface DeploymentConfig {
  deploymentConfigName: string;
  computePlatform?: string;
  trafficRoutingConfig?: {
    type?: "AllAtOnce" | "TimeBasedCanary" | "TimeBasedLinear";
    timeBasedCanary?: { canaryPercentage?: number; canaryInterval?: number };
    timeBasedLinear?: { linearPercentage?: number; linearInterval?: number };
  };
}

export interface CreateDeploymentInput {
  applicationName: string;
  deploymentGroupName: string;
  /** Overrides the group's deployment config. */
  deploymentConfigName?: string;
  /** The AppSpec, as JSON text (a `revisionType` AppSpecContent revision). */
  appSpecContent: string;
  description?: string;
}

/** What ecs-deploy reads of a deployment (`DeploymentInfo`). */
export interface CodeDeployDeployment {
  deploymentId: string;
  applicationName?: string;
  deploymentGroupName?: string;
  deploymentConfigName?: string;
  status: CodeDeployStatus;
  errorInformation?: { code?: string; message?: string };
  createTime?: Date;
  startTime?: Date;
  completeTime?: Date;
  creator?: string;
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  /** True once the wait before the blue task set is terminated has begun. */
  instanceTerminationWaitTimeStarted?: boolean;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  blueGreenDeploymentConfiguration?: BlueGreenConfiguration;
}

export interface LifecycleEvent {
  lifecycleEventName: string;
  status?: "Pending" | "InProgress" | "Succeeded" | "Failed" | "Skipped" | "Unknown";
  startTime?: Date;
  endTime?: Date;
  diagnostics?: { errorCode?: string; scriptName?: string; message?: string; logTail?: string };
}

/** One task set of an ECS deployment target (`ECSTaskSet`; CodeDeploy spells it `identifer`). */
export interface CodeDeployTaskSet {
  identifer?: string;
  desiredCount?: number;
  pendingCount?: number;
  runningCount?: number;
  status?: string;
  trafficWeight?: number;
  taskSetLabel?: "Blue" | "Green";
  targetGroup?: { name?: string };
}

/** The ECS service a deployment works on (`ECSTarget`). */
export interface EcsDeploymentTarget {
  targetId: string;
  targetArn?: string;
  status?: string;
  lastUpdatedAt?: Date;
  lifecycleEvents: LifecycleEvent[];
  taskSetsInfo: CodeDeployTaskSet[];
}

export interface CodeDeployClient {
  /** Every application name (every page). */
  listApplications(): Promise<string[]>;
  /** Every deployment group name of an application (every page). */
  listDeploymentGroups(applicationName: string): Promise<string[]>;
  /** The groups of an application among `names` (any number). */
  batchGetDeploymentGroups(applicationName: string, names: string[]): Promise<DeploymentGroup[]>;
  getDeploymentConfig(name: string): Promise<DeploymentConfig>;
  /** Starts a deployment; its id. */
  createDeployment(input: CreateDeploymentInput): Promise<string>;
  getDeployment(deploymentId: string): Promise<CodeDeployDeployment>;
  /** The ECS target (`cluster:service`) of a deployment; undefined before CodeDeploy has one. */
  getDeploymentTarget(
    deploymentId: string,
    targetId: string,
  ): Promise<EcsDeploymentTarget | undefined>;
  /** Ends a wait: READY_WAIT reroutes traffic, TERMINATION_WAIT ends the blue task set's wait. */
  continueDeployment(
    deploymentId: string,
    waitType: "READY_WAIT" | "TERMINATION_WAIT",
  ): Promise<void>;
  stopDeployment(
    deploymentId: string,
    autoRollbackEnabled: boolean,
  ): Promise<{ status?: string; statusMessage?: string }>;
}

/** The target id CodeDeploy gives an ECS service: `<cluster name>:<service name>`. */
export function ecsTargetId(clusterName: string, serviceName: string): string {
  return `${clusterName}:${serviceName}`;
}
