/**
 * `ecs-deploy rollback`: a deploy preset, not a second engine. It finds the revision to go back
 * to and hands {@linkcode runDeploy} a request that deploys exactly that revision.
 *
 * @module
 */

import { InvalidRequestError } from "../../errors.ts";
import { BoundedEcsClient, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { DeployResult } from "../deploy_events.ts";
import { describeError } from "../describe_error.ts";
import { finishWith } from "../deploy_result.ts";
import type { Outcome } from "../outcome.ts";
import { findRollbackTarget } from "../plan/rollback_target.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { rollbackRequest } from "../apply/roll_back_deploy.ts";
import { runDeploy } from "./run_deploy.ts";
import { assertDeployable } from "../plan/assert_deployable.ts";
import { describeExistingService } from "../plan/describe_existing_service.ts";

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
  // The reads that find the target stay within the deadline and stop on the signal.
  const ecs = new BoundedEcsClient(deps.ecs, {
    clock: deps.clock,
    deadline: startedAt + request.timeoutMs,
    signal: deps.signal,
    emit: deps.emit,
  });
  let target: string;
  let running: string | undefined;
  try {
    running = await runningRevision({ ...deps, ecs }, request);
    target = await findRollbackTarget(ecs, {
      running,
      ...(request.to !== undefined ? { to: request.to } : {}),
    });
  } catch (error) {
    const outcome: Outcome = error instanceof InvalidRequestError
      ? "invalid"
      : error instanceof CallStoppedError
      ? error.outcome
      : "error";
    return finishWith(deps.emit, {
      outcome,
      reason: error instanceof InvalidRequestError || error instanceof CallStoppedError
        ? error.message
        : describeError(error),
      signal: deps.signal,
      cluster: request.cluster,
      service: request.service,
      previousTaskDefinitionArn: running,
      durationMs: deps.clock.now() - startedAt,
      error,
    });
  }
  const left = request.timeoutMs - (deps.clock.now() - startedAt);
  return await runDeploy(
    rollbackRequest(request, target, left, { wait: request.wait, dryRun: request.dryRun }),
    deps,
  );
}

async function runningRevision(deps: DeployDeps, request: RollbackRequest): Promise<string> {
  const { cluster, service } = request;
  const found = await describeExistingService(deps.ecs, cluster, service, "roll back");
  assertDeployable(found, "roll back");
  return found.taskDefinition;
}
