import type { DeployRequest } from "../deploy_request.ts";

/** One service of a group deploy, in its cluster. */
export interface GroupMember {
  service: string;
  cluster: string;
}

/** Several services deployed in one run (`deploy -n api -n worker`), each as one deploy is. */
export interface GroupRequest {
  /** What every member is asked; its `cluster` is the default cluster of the run. */
  deploy: Omit<DeployRequest, "service" | "taskDefinition" | "targetTaskDefinitionArn">;
  members: GroupMember[];
  /** How many members are applied and watched at once (`--parallel`); all unless given. */
  parallel?: number;
  /** Start no more members once one has failed (`--fail-fast`). */
  failFast?: boolean;
  /**
   * When one member fails, roll back every member that moved, the failed one included unless
   * ECS did (`--group-rollback`). Starts no more members either.
   */
  groupRollback?: boolean;
}

/**
 * How a member is named in output: its service, or `SERVICE@CLUSTER` when it is in another
 * cluster than the run's, so that two services of one name in two clusters stay apart.
 */
export function memberLabel(member: GroupMember, defaultCluster: string): string {
  return member.cluster === defaultCluster ? member.service : `${member.service}@${member.cluster}`;
}
