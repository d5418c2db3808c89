/**
 * How the watch looks at a CodeDeploy deployment: GetDeployment on every look; its ECS target
 * (lifecycle events, task sets and traffic weights) when the deployment shows a change, while
 * traffic shifts, or every {@linkcode TARGET_REFRESH_MS}; the rollback deployment once there is
 * one; the ECS service (its events) only when something changed or every
 * {@linkcode SERVICE_REFRESH_MS}. So a quiet look costs one call.
 *
 * @module
 */
import {
  type CodeDeployDeployment,
  type EcsDeploymentTarget,
  ecsTargetId,
} from "../../../codedeploy/codedeploy_client.ts";
import { EcsApiError } from "../../../ecs/ecs_client.ts";
import type { Service } from "../../../ecs/types.ts";
import { InvalidRequestError } from "../../../errors.ts";
import type { TrackedDeployment } from "../../watch/judge_deployment.ts";
import type {
  CodeDeployObservation,
  ObservationSource,
  SourceContext,
} from "../deployment_strategy.ts";
import { hasEnded } from "./judge_code_deploy.ts";

export const TARGET_REFRESH_MS = 5_000;
export const SERVICE_REFRESH_MS = 15_000;

/** The observation source of CodeDeploy deployment `tracked.deploymentId` on the service. */
export function codeDeploySource(
  tracked: TrackedDeployment,
  context: SourceContext,
): ObservationSource {
  const { clock, ecs } = context;
  const codeDeploy = context.codeDeploy;
  if (!codeDeploy) {
    throw new InvalidRequestError(
      `Cannot watch "${context.service}": its deployments go through CodeDeploy, which this ` +
        "run cannot reach",
    );
  }
  const clusterName = context.cluster.split("/").pop()!;
  let look: CodeDeployObservation | undefined;
  let service: Service | undefined;
  let shown = "";
  let targetReadAt = -Infinity;
  let serviceReadAt = -Infinity;
  return {
    async read() {
      const deployment = await codeDeploy.getDeployment(tracked.deploymentId);
      const key = changesOf(deployment);
      const changed = key !== shown;
      shown = key;
      const now = clock.now();
      let target = look?.target;
      const shifting = target?.lifecycleEvents.some((e) =>
        e.lifecycleEventName === "AllowTraffic" && e.status === "InProgress"
      );
      if (changed || shifting || now - targetReadAt >= TARGET_REFRESH_MS) {
        target = await readTarget(deployment, clusterName, context);
        targetReadAt = now;
      }
      const rollbackId = deployment.rollbackInfo?.rollbackDeploymentId;
      const rollback = rollbackId && (look?.rollback === undefined || !hasEnded(look.rollback))
        ? await codeDeploy.getDeployment(rollbackId)
        : look?.rollback;
      look = {
        deployment,
        ...(target ? { target } : {}),
        ...(rollback ? { rollback } : {}),
      };
      if (!service || changed || now - serviceReadAt >= SERVICE_REFRESH_MS) {
        service = await ecs.describeService(context.cluster, context.service);
        serviceReadAt = now;
      }
      return service;
    },
    observation: (s) => look ? { service: s, codeDeploy: look } : { service: s },
  };
}

/** The ECS target, or undefined before CodeDeploy has started on it. */
async function readTarget(
  deployment: CodeDeployDeployment,
  clusterName: string,
  context: SourceContext,
): Promise<EcsDeploymentTarget | undefined> {
  try {
    return await context.codeDeploy!.getDeploymentTarget(
      deployment.deploymentId,
      ecsTargetId(clusterName, context.service),
    );
  } catch (error) {
    if (
      error instanceof EcsApiError &&
      ["DeploymentNotStartedException", "DeploymentTargetDoesNotExistException"].includes(
        error.type,
      )
    ) return undefined;
    throw error;
  }
}

/** What of a deployment, when it changes, makes the target and the service worth reading. */
function changesOf(d: CodeDeployDeployment): string {
  return JSON.stringify([
    d.status,
    d.instanceTerminationWaitTimeStarted ?? false,
    d.rollbackInfo?.rollbackDeploymentId ?? null,
  ]);
}
