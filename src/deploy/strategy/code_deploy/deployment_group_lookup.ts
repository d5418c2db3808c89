/**
 * Which CodeDeploy application and deployment group deploy a service: the ones the user named,
 * checked, or else the one group among all applications whose `ecsServices` names the service's
 * cluster and name. Reads only; anything that does not fit is bad input, before any change.
 *
 * @module
 */
import type { CodeDeployClient, DeploymentGroup } from "../../../codedeploy/codedeploy_client.ts";
import { EcsApiError } from "../../../ecs/ecs_client.ts";
import type { Service } from "../../../ecs/types.ts";
import { InvalidRequestError } from "../../../errors.ts";

/** What the user gave. */
export interface GroupChoice {
  application?: string;
  deploymentGroup?: string;
}

/** The group that deploys `service`; throws InvalidRequestError when there is not exactly one. */
export async function findDeploymentGroup(
  codeDeploy: CodeDeployClient,
  service: Service,
  choice: GroupChoice,
): Promise<DeploymentGroup> {
  const cluster = service.clusterArn.split("/").pop()!;
  const subject = `Cannot deploy "${service.serviceName}"`;
  const deploys = (g: DeploymentGroup) =>
    g.ecsServices.some((s) => s.clusterName === cluster && s.serviceName === service.serviceName);
  const named = (what: string) =>
    `${what}${choice.application ? ` of application "${choice.application}"` : ""}`;
  const applications = choice.application !== undefined
    ? [choice.application]
    : await codeDeploy.listApplications();
  const found: DeploymentGroup[] = [];
  for (const application of applications) {
    let names: string[];
    try {
      names = choice.deploymentGroup !== undefined
        ? [choice.deploymentGroup]
        : await codeDeploy.listDeploymentGroups(application);
    } catch (error) {
      throw notFound(error, subject) ?? error;
    }
    if (names.length === 0) continue;
    let groups: DeploymentGroup[];
    try {
      groups = await codeDeploy.batchGetDeploymentGroups(application, names);
    } catch (error) {
      throw notFound(error, subject) ?? error;
    }
    found.push(
      ...groups.filter((g) => g.computePlatform === undefined || g.computePlatform === "ECS"),
    );
  }
  if (choice.deploymentGroup !== undefined) {
    const group = found.find((g) => g.deploymentGroupName === choice.deploymentGroup);
    if (!group) {
      throw new InvalidRequestError(
        `${subject}: CodeDeploy has no ${named(`deployment group "${choice.deploymentGroup}"`)}` +
          (choice.application ? "" : " in any application"),
      );
    }
    if (!deploys(group)) {
      const targets = group.ecsServices.map((s) => `${s.clusterName}:${s.serviceName}`).join(", ");
      throw new InvalidRequestError(
        `${subject}: deployment group "${group.deploymentGroupName}" deploys ` +
          `${targets || "no ECS service"}, not ${cluster}:${service.serviceName}`,
      );
    }
    return group;
  }
  const matching = found.filter(deploys);
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) {
    throw new InvalidRequestError(
      `${subject}: no CodeDeploy deployment group deploys service "${service.serviceName}" of ` +
        `cluster "${cluster}" (looked in ${applications.length} application` +
        `${applications.length === 1 ? "" : "s"}); give --codedeploy-application and ` +
        "--codedeploy-deployment-group",
    );
  }
  throw new InvalidRequestError(
    `${subject}: several CodeDeploy deployment groups deploy it (` +
      matching.map((g) => `"${g.applicationName}/${g.deploymentGroupName}"`).join(", ") +
      "); give --codedeploy-application and --codedeploy-deployment-group",
  );
}

function notFound(error: unknown, subject: string): InvalidRequestError | undefined {
  if (!(error instanceof EcsApiError)) return undefined;
  if (
    ["ApplicationDoesNotExistException", "DeploymentGroupDoesNotExistException"].includes(
      error.type,
    )
  ) {
    return new InvalidRequestError(`${subject}: ${error.message}`, { cause: error });
  }
  return undefined;
}
