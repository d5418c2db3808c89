import type { CapacityProviderStrategyItem, KeyValuePair } from "../../ecs/types.ts";

/** What `ecs-deploy run` asks for, after the CLI has parsed and validated its flags. */
export interface RunTaskRequest {
  cluster: string;
  /** A family, `family:revision` or ARN. */
  taskDefinition: string;
  /** The container the overrides go to; the first essential container unless given. */
  container?: string;
  /** The container's command instead of its definition's. */
  command?: string[];
  /** Environment variables added to (or replacing those of) the container. */
  environment: KeyValuePair[];
  /** Take the network configuration (and launch type, capacity providers, platform) from it. */
  networkFromService?: string;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** One deadline for the whole run, in milliseconds. */
  timeoutMs: number;
  /** On the deadline, leave the task running instead of stopping it. */
  keepRunning: boolean;
  /** Follow the task's awslogs lines while it runs. */
  followLogs: boolean;
}
