/**
 * Blue/green through AWS CodeDeploy (`deploymentController.type` CODE_DEPLOY): UpdateService
 * cannot change such a service's task definition, so the registered revision goes to CodeDeploy's
 * CreateDeployment with an AppSpec, and CodeDeploy's GetDeployment judges it (see
 * `judge_code_deploy.ts`). A rollback in flight is StopDeployment with auto-rollback.
 *
 * @module
 */
import type { CodeDeployClient } from "../../../codedeploy/codedeploy_client.ts";
import { EcsApiError } from "../../../ecs/ecs_client.ts";
import type { Service } from "../../../ecs/types.ts";
import { InvalidRequestError } from "../../../errors.ts";
import type { DeployRequest } from "../../deploy_request.ts";
import type { TrackedDeployment } from "../../watch/judge_deployment.ts";
import type { DeploymentStrategy, StrategyDeps } from "../deployment_strategy.ts";
import { appSpecFor, NEW_REVISION } from "./appspec_content.ts";
import { codeDeploySource } from "./code_deploy_source.ts";
import { findDeploymentGroup } from "./deployment_group_lookup.ts";
import {
  codeDeployOutlook,
  codeDeployProgress,
  hasEnded,
  judgeCodeDeploy,
} from "./judge_code_deploy.ts";

export const codeDeploy: DeploymentStrategy = {
  name: "CODE_DEPLOY",
  readsServiceDeployment: false,
  launcher: { prepare },
  source: codeDeploySource,
  judge(observation, tracked, memory) {
    const look = observation.codeDeploy;
    if (!look) return { verdict: { done: false, phase: "deploying" }, memory };
    return { verdict: judgeCodeDeploy(look, tracked), memory };
  },
  // CodeDeploy moves its deployment on (or fails it) by itself: never a stall of ours.
  advancesByItself: (observation) =>
    observation.codeDeploy !== undefined && !hasEnded(observation.codeDeploy.deployment),
  outlook: (observation, _stage, now) =>
    observation.codeDeploy ? codeDeployOutlook(observation.codeDeploy, now) : { near: false },
  stopWithRollback,
  inFlight,
  answerPause,
};

/** `continue`: ContinueDeployment of the Ready wait (or the termination wait); `--reject` stops. */
async function answerPause(service: Service, reject: boolean, deps: StrategyDeps) {
  const client = reachable(deps.codeDeploy, service);
  const tracked = await inFlight(service, deps);
  if (!tracked) {
    throw new InvalidRequestError(
      `Cannot continue: no CodeDeploy deployment of "${service.serviceName}" is in progress`,
    );
  }
  const id = tracked.deploymentId;
  if (reject) {
    await client.stopDeployment(id, true);
    return { tracked, answered: "StopDeployment", action: "ROLLBACK" as const };
  }
  const deployment = await client.getDeployment(id);
  const waitType = deployment.status === "Ready"
    ? "READY_WAIT" as const
    : deployment.instanceTerminationWaitTimeStarted
    ? "TERMINATION_WAIT" as const
    : undefined;
  if (!waitType) {
    throw new InvalidRequestError(
      `Cannot continue: CodeDeploy deployment ${id} is ${deployment.status}, not Ready: ` +
        "nothing awaits approval",
    );
  }
  await client.continueDeployment(id, waitType);
  return { tracked, answered: waitType, action: "CONTINUE" as const };
}

/** Finds the group, checks the config, and builds the AppSpec: reads only. */
async function prepare(service: Service, request: DeployRequest, deps: StrategyDeps) {
  const client = reachable(deps.codeDeploy, service);
  const options = request.codeDeploy ?? {};
  const subject = `Cannot deploy "${service.serviceName}"`;
  if (
    request.desiredCount !== undefined || request.minimumHealthyPercent !== undefined ||
    request.maximumPercent !== undefined
  ) {
    throw new InvalidRequestError(
      `${subject}: -D, --min and --max change the service itself, which a CodeDeploy ` +
        "deployment does not; change them with UpdateService, apart from the deploy",
    );
  }
  const busy = await inFlight(service, { ...deps, codeDeploy: client });
  if (busy && request.whenBusy !== "force") {
    throw new InvalidRequestError(
      `${subject}: CodeDeploy deployment ${busy.deploymentId} is still in progress (CodeDeploy ` +
        "runs one at a time); wait for it with: ecs-deploy wait, or stop it with: ecs-deploy " +
        "rollback",
    );
  }
  const group = await findDeploymentGroup(client, service, {
    ...(options.application !== undefined ? { application: options.application } : {}),
    ...(options.deploymentGroup !== undefined ? { deploymentGroup: options.deploymentGroup } : {}),
  });
  if (options.deploymentConfig !== undefined) {
    try {
      await client.getDeploymentConfig(options.deploymentConfig);
    } catch (error) {
      if (error instanceof EcsApiError && error.type === "DeploymentConfigDoesNotExistException") {
        throw new InvalidRequestError(
          `Invalid option --codedeploy-config "${options.deploymentConfig}": ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }
  const appSpecInput = {
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.appSpec ? { file: options.appSpec } : {}),
  };
  // Checked now, with the revision still to come: a bad AppSpec refuses before any change.
  const shown = appSpecFor(service, NEW_REVISION, appSpecInput);
  const create = (content: string) => ({
    applicationName: group.applicationName,
    deploymentGroupName: group.deploymentGroupName,
    ...(options.deploymentConfig !== undefined
      ? { deploymentConfigName: options.deploymentConfig }
      : {}),
    description: `ecs-deploy: ${service.serviceName}`,
    appSpecContent: content,
  });
  return {
    summary: {
      via: `CodeDeploy application "${group.applicationName}", deployment group ` +
        `"${group.deploymentGroupName}" (${
          options.deploymentConfig ?? group.deploymentConfigName ?? "its deployment config"
        })`,
      request: { ...create(JSON.stringify(shown)), appSpecContent: shown },
    },
    start: (taskDefinitionArn: string) =>
      client.createDeployment(
        create(JSON.stringify(appSpecFor(service, taskDefinitionArn, appSpecInput))),
      ),
  };
}

function reachable(client: CodeDeployClient | undefined, service: Service): CodeDeployClient {
  if (client) return client;
  throw new InvalidRequestError(
    `Cannot deploy "${service.serviceName}": it uses the CODE_DEPLOY deployment controller, and ` +
      "this run has no CodeDeploy client",
  );
}

async function stopWithRollback(tracked: TrackedDeployment, deps: StrategyDeps): Promise<boolean> {
  if (!deps.codeDeploy) return false;
  try {
    await deps.codeDeploy.stopDeployment(tracked.deploymentId, true);
    return true;
  } catch (error) {
    if (
      error instanceof EcsApiError &&
      ["DeploymentAlreadyCompletedException", "DeploymentDoesNotExistException"].includes(
        error.type,
      )
    ) return false;
    throw error;
  }
}

/**
 * The CodeDeploy deployment in flight: the one whose id the service's green task set carries as
 * its `externalId`, while CodeDeploy has not finished it.
 */
async function inFlight(
  service: Service,
  deps: StrategyDeps,
): Promise<TrackedDeployment | undefined> {
  const sets = (service.taskSets as Record<string, unknown>[] | undefined) ?? [];
  const green = sets.find((s) => s.status === "ACTIVE" && typeof s.externalId === "string");
  const blue = sets.find((s) => s.status === "PRIMARY");
  if (!green || !deps.codeDeploy) return undefined;
  const deployment = await deps.codeDeploy.getDeployment(green.externalId as string);
  if (hasEnded(deployment)) return undefined;
  return {
    deploymentId: deployment.deploymentId,
    taskDefinitionArn: String(green.taskDefinition),
    previousTaskDefinitionArn: String(blue?.taskDefinition ?? service.taskDefinition),
  };
}

export { codeDeployProgress };
