import type { EcsClient } from "../../ecs/ecs_client.ts";

/** How far apart a deployment and its ServiceDeployment may have been created. */
const MATCH_WINDOW_MS = 5_000;

/**
 * The ServiceDeployment ARN of a deployment: the one whose ARN or target service revision ARN
 * ends in the deployment's number, or else, when `createdAt` is known, the one created closest
 * to it within a few seconds. Searches the service deployments created since `listSince`
 * (default: a few seconds before `createdAt`; all of them when neither is known). Undefined
 * when there is none. Throws what ListServiceDeployments throws (where it is not supported).
 */
export async function findServiceDeploymentArn(
  ecs: EcsClient,
  cluster: string,
  service: string,
  deployment: { id: string; createdAt?: Date },
  options: { listSince?: Date } = {},
): Promise<string | undefined> {
  const { createdAt } = deployment;
  const since = options.listSince ??
    (createdAt ? new Date(createdAt.getTime() - MATCH_WINDOW_MS) : undefined);
  const briefs = await ecs.listServiceDeployments(cluster, service, since);
  // ECS numbers a deployment and its service revision alike: ecs-svc/N, service-revision/.../N.
  const suffix = `/${deployment.id.replace(/^ecs-svc\//, "")}`;
  const byId = briefs.find((brief) =>
    brief.serviceDeploymentArn.endsWith(suffix) ||
    brief.targetServiceRevisionArn?.endsWith(suffix)
  );
  if (byId || !createdAt) return byId?.serviceDeploymentArn;
  const distance = (at: Date) => Math.abs(at.getTime() - createdAt.getTime());
  return briefs
    .filter((brief) => distance(brief.createdAt) <= MATCH_WINDOW_MS)
    .sort((a, b) => distance(a.createdAt) - distance(b.createdAt))[0]
    ?.serviceDeploymentArn;
}
