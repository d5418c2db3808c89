import type { Service } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";

/**
 * Refuses a service that ecs-deploy cannot deploy, roll back or wait for: one that is deleted
 * or being deleted (DRAINING, INACTIVE), or whose deployments another controller drives
 * (CODE_DEPLOY, EXTERNAL: the service then has task sets, and no task definition of its own).
 * Checked right after DescribeServices, before anything is read on the service's word.
 * `action` completes the message: `Cannot ${action} "api": ...`.
 *
 * @throws {InvalidRequestError} saying what the service is
 */
export function assertDeployable(service: Service, action: string): void {
  const subject = `Cannot ${action} "${service.serviceName}"`;
  if (service.status !== "ACTIVE") {
    const why = service.status === "DRAINING" ? "being deleted" : "deleted";
    throw new InvalidRequestError(
      `${subject}: the service is ${service.status} (${why}), not ACTIVE`,
    );
  }
  const controller = service.deploymentController?.type ?? "ECS";
  if (controller !== "ECS") {
    const instead = controller === "CODE_DEPLOY"
      ? "; deploy it with AWS CodeDeploy, or move it to the ECS controller, whose " +
        "deploymentConfiguration.strategy BLUE_GREEN does blue/green natively"
      : "";
    throw new InvalidRequestError(
      `${subject}: it uses the ${controller} deployment controller; ecs-deploy drives ` +
        `ECS-controller deployments only (ROLLING, BLUE_GREEN, LINEAR, CANARY)${instead}`,
    );
  }
  if (!service.taskDefinition) {
    throw new InvalidRequestError(`${subject}: the service names no task definition`);
  }
}
