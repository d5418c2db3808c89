/**
 * What the simulated CodeDeploy sees and does of the simulated ECS: a CODE_DEPLOY service, its
 * task definitions' images, the task sets DescribeServices shows (`taskSets[]`), and, once a
 * deployment succeeds, the service moving to the green revision. Kept this narrow so CodeDeploy
 * stays a room of its own on the same clock, never reaching into ECS's records elsewhere.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { startDeployment } from "./deployment_lifecycle.ts";
import { lookupCluster, lookupService, lookupTaskDefinition } from "./resource_lookup.ts";
import { targetOf } from "./service_config.ts";
import type { Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";

/** A service as CodeDeploy reads it. */
export interface BridgedService {
  serviceArn: string;
  clusterArn: string;
  status: string;
  controller: string;
  /** The revision the service runs (its PRIMARY). */
  taskDefinition?: string;
  desiredCount: number;
  launchType?: string;
  platformVersion?: string;
  networkConfiguration?: Wire;
  loadBalancers: Wire[];
}

export interface TaskSetBridge {
  /** Advances ECS to the clock's now, as every ECS call does first. */
  advance(): void;
  /** ECS's clock. */
  readonly clock: Clock;
  /** Runs `catchUp` before every ECS call answers, so what ECS shows is never stale. */
  beforeEcsCalls(catchUp: () => void): void;
  service(cluster: string, service: string): BridgedService | undefined;
  /** The images of a revision's containers, or undefined when ECS has no such revision. */
  images(taskDefinition: string): string[] | undefined;
  /** The ARN a revision resolves to, or undefined. */
  taskDefinitionArn(taskDefinition: string): string | undefined;
  /** What `DescribeServices` shows as `taskSets[]` from now on. */
  setTaskSets(cluster: string, service: string, taskSets: Wire[]): void;
  /** The service now runs `taskDefinition` (its green task set became PRIMARY). */
  adoptRevision(cluster: string, service: string, taskDefinition: string): void;
}

/** The bridge over `state`. */
export function taskSetBridge(
  state: SimState,
  advance: () => void,
  beforeEcsCalls: (catchUp: () => void) => void,
): TaskSetBridge {
  const find = (cluster: string, service: string) => {
    const record = lookupCluster(state, cluster);
    return record ? lookupService(record, service) : undefined;
  };
  return {
    advance,
    clock: state.clock,
    beforeEcsCalls,
    service(cluster, service) {
      const s = find(cluster, service);
      if (!s) return undefined;
      const primary = s.deployments.find((d) => d.status === "PRIMARY");
      return {
        serviceArn: s.arn,
        clusterArn: s.cluster.arn,
        status: s.status,
        controller: s.deploymentController.type,
        ...(primary ? { taskDefinition: primary.taskDefinition } : {}),
        desiredCount: s.desiredCount,
        ...(s.launchType !== undefined ? { launchType: s.launchType } : {}),
        ...(s.platformVersion !== undefined ? { platformVersion: s.platformVersion } : {}),
        ...(s.networkConfiguration ? { networkConfiguration: s.networkConfiguration } : {}),
        loadBalancers: structuredClone(s.loadBalancers),
      };
    },
    images(taskDefinition) {
      const record = lookupTaskDefinition(state, taskDefinition);
      return record?.td.containerDefinitions.map((c) => String(c.image));
    },
    taskDefinitionArn(taskDefinition) {
      return lookupTaskDefinition(state, taskDefinition)?.td.taskDefinitionArn;
    },
    setTaskSets(cluster, service, taskSets) {
      const s = find(cluster, service);
      if (s) s.extra.taskSets = structuredClone(taskSets);
    },
    adoptRevision(cluster, service, taskDefinition) {
      const s = find(cluster, service);
      if (!s) return;
      startDeployment(state, s, targetOf(s, taskDefinition));
      state.flush();
    },
  };
}
