import type { Service } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";

/**
 * Refuses a service that ecs-deploy cannot deploy, roll back or wait for: one that is deleted
 * or being deleted (DRAINING, INACTIVE), or whose deployments an external controller drives
 * (EXTERNAL: the service then has task sets, and no task definition of its own). CODE_DEPLOY
 * services deploy through CodeDeploy (`strategy/code_deploy/`).
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
  if (controller !== "ECS" && controller !== "CODE_DEPLOY") {
    throw new InvalidRequestError(
      `${subject}: it uses the ${controller} deployment controller; ecs-deploy drives ` +
        "ECS-controller deployments (ROLLING, BLUE_GREEN, LINEAR, CANARY) and CodeDeploy's " +
        "(CODE_DEPLOY)",
    );
  }
  if (!service.taskDefinition) {
    throw new InvalidRequestError(`${subject}: the service names no task definition`);
  }
}
