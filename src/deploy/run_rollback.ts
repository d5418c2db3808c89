/**
 * `ecs-deploy rollback`: a deploy preset, not a second engine. It finds the revision to go back
 * to and hands {@linkcode runDeploy} a request that deploys exactly that revision.
 *
 * @module
 */

import { EcsApiError } from "../ecs/ecs_client.ts";
import { InvalidRequestError } from "../errors.ts";
import type { DeployResult } from "./deploy_events.ts";
import { describeError } from "./describe_error.ts";
import { exitCodeFor, type Outcome } from "./outcome.ts";
import { findRollbackTarget } from "./rollback_target.ts";
import { type DeployDeps, runDeploy } from "./run_deploy.ts";

/** What `rollback` was asked. */
export interface RollbackRequest {
  cluster: string;
  service: string;
  /** A revision number, `family:revision` or ARN; default: the previous ACTIVE revision. */
  to?: string;
  timeoutMs: number;
  wait: boolean;
  dryRun: boolean;
}

/**
 * Rolls a service back to an earlier revision and watches that deployment like any deploy.
 * Never throws: every ending is a {@linkcode DeployResult}, also emitted as `finished`.
 */
export async function runRollback(
  request: RollbackRequest,
  deps: DeployDeps,
): Promise<DeployResult> {
  const startedAt = deps.clock.now();
  let target: string;
  let running: string | undefined;
  try {
    running = await runningRevision(deps, request);
    target = await findRollbackTarget(deps.ecs, {
      running,
      ...(request.to !== undefined ? { to: request.to } : {}),
    });
  } catch (error) {
    const outcome: Outcome = error instanceof InvalidRequestError ? "invalid" : "error";
    const result: DeployResult = {
      outcome,
      exitCode: exitCodeFor(outcome),
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: null,
      previousTaskDefinitionArn: running ?? null,
      deploymentId: null,
      serviceDeploymentArn: null,
      reason: error instanceof InvalidRequestError ? error.message : describeError(error),
      imageChanges: [],
      durationMs: deps.clock.now() - startedAt,
    };
    deps.emit({ type: "finished", result });
    return result;
  }
  return await runDeploy({
    cluster: request.cluster,
    service: request.service,
    images: [],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: Math.max(0, request.timeoutMs - (deps.clock.now() - startedAt)),
    wait: request.wait,
    dryRun: request.dryRun,
    targetTaskDefinitionArn: target,
  }, deps);
}

async function runningRevision(deps: DeployDeps, request: RollbackRequest): Promise<string> {
  const { cluster, service: name } = request;
  let service;
  try {
    service = await deps.ecs.describeService(cluster, name);
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClusterNotFoundException") {
      throw new InvalidRequestError(`Cannot roll back "${name}": cluster "${cluster}" not found`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!service) {
    throw new InvalidRequestError(
      `Cannot roll back "${name}": service not found in cluster "${cluster}"`,
    );
  }
  return service.taskDefinition;
}
