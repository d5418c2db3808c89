import type { Service } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import { findForeignDeployment, waitForIdle, WaitForIdleError } from "./check_idle.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { DeployDeps } from "../deploy_deps.ts";

/**
 * Makes sure a deploy does not replace a rollout someone else has in flight: refuses (the
 * default), waits for it (`--wait-for-idle`) or goes ahead (`--force`). Returns true when it
 * waited, so the caller reads the service again before planning.
 *
 * @throws {InvalidRequestError} when the service is busy and the request says refuse
 * @throws {WaitForIdleError} when waiting ends at the deadline or on a signal
 */
export async function guardBusyService(
  service: Service,
  request: DeployRequest,
  deps: DeployDeps,
  deadline: number,
): Promise<boolean> {
  const busy = findForeignDeployment(service);
  const whenBusy = request.whenBusy ?? "refuse";
  if (!busy || whenBusy === "force") return false;
  const refusal = busyRefusal(service, request);
  if (refusal) throw refusal;
  deps.emit({
    type: "waiting_for_idle",
    deploymentId: busy.id,
    taskDefinitionArn: busy.taskDefinition,
  });
  await waitForIdle(deps.ecs, deps.clock, deps.signal, {
    cluster: request.cluster,
    service: service.serviceName,
    deadline,
    emit: deps.emit,
    ...(deps.poll ? { poll: deps.poll } : {}),
  });
  return true;
}

/**
 * The refusal a deploy meets on this service, because another deployment is in progress and
 * the request neither waits nor forces; undefined when it may go ahead. Pure, so a dry run can
 * say what the real deploy would do.
 */
export function busyRefusal(
  service: Service,
  request: DeployRequest,
): InvalidRequestError | undefined {
  const busy = findForeignDeployment(service);
  if (!busy || (request.whenBusy ?? "refuse") !== "refuse") return undefined;
  const revision = busy.taskDefinition.split("/").pop();
  return new InvalidRequestError(
    `Cannot deploy "${service.serviceName}": deployment ${busy.id} (${revision}) is still in ` +
      "progress; use --wait-for-idle to wait for it to finish, or --force to deploy anyway",
  );
}

export { findForeignDeployment, WaitForIdleError };
