/** The simulated CodeDeploy's records: plain data, times in clock milliseconds. */
import type { Wire } from "../sim_records.ts";

export interface ApplicationRecord {
  id: string;
  name: string;
  computePlatform: "Server" | "Lambda" | "ECS";
  createdAt: number;
}

export interface GroupRecord {
  id: string;
  application: ApplicationRecord;
  name: string;
  deploymentConfigName: string;
  serviceRoleArn: string;
  ecsServices: { clusterName: string; serviceName: string }[];
  loadBalancerInfo?: Wire;
  blueGreen?: Wire;
  autoRollback?: { enabled: boolean; events: string[] };
  deploymentStyle?: Wire;
}

/** How a deployment config shifts production traffic. */
export interface TrafficRouting {
  type: "AllAtOnce" | "TimeBasedCanary" | "TimeBasedLinear";
  percentage?: number;
  intervalMinutes?: number;
}

export type LifecycleEventStatus = "Pending" | "InProgress" | "Succeeded" | "Failed" | "Skipped";

export interface LifecycleEventRecord {
  name: string;
  status: LifecycleEventStatus;
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
}

export interface TaskSetRecord {
  id: string;
  arn: string;
  label: "Blue" | "Green";
  taskDefinition: string;
  status: "PRIMARY" | "ACTIVE" | "DRAINING";
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  trafficWeight: number;
  targetGroup?: string;
  steady: boolean;
  createdAt: number;
  updatedAt: number;
}

export type DeploymentStatus =
  | "Created"
  | "Queued"
  | "InProgress"
  | "Baking"
  | "Succeeded"
  | "Failed"
  | "Stopped"
  | "Ready";

/** What the deployment is doing now; `until` is when that ends, by itself. */
export type Phase =
  | { kind: "event"; index: number; until: number; fails?: Failure }
  | { kind: "shift"; index: number; until: number; step: number }
  | { kind: "ready"; until: number }
  | { kind: "termination"; until: number }
  | { kind: "rollback"; until: number }
  | { kind: "done" };

export interface Failure {
  code: string;
  message: string;
  diagnostics?: LifecycleEventRecord["diagnostics"];
}

export interface DeploymentRecord {
  id: string;
  group: GroupRecord;
  configName: string;
  routing: TrafficRouting;
  status: DeploymentStatus;
  creator: "user" | "codeDeployRollback";
  createTime: number;
  startTime?: number;
  completeTime?: number;
  appSpecContent: string;
  autoRollback?: { enabled: boolean; events: string[] };
  blueGreen?: Wire;
  cluster: string;
  service: string;
  serviceArn: string;
  /** The revision green runs, and blue ran. */
  taskDefinition: string;
  blueTaskDefinition: string;
  hooks: Record<string, string>;
  /** Why green's tasks fail, from its images' tags; undefined when they run. */
  taskFailure?: string;
  events: LifecycleEventRecord[];
  phase: Phase;
  blue: TaskSetRecord;
  green?: TaskSetRecord;
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  instanceTerminationWaitTimeStarted: boolean;
  targetStatus: "Pending" | "InProgress" | "Succeeded" | "Failed" | "Ready";
  updatedAt: number;
}
