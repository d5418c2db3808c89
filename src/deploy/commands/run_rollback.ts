/**
 * `ecs-deploy rollback`: a deploy preset, not a second engine. It finds the revision to go back
 * to and hands {@linkcode runDeploy} a request that deploys exactly that revision; a
 * blue/green, linear or canary deployment still in flight is rolled back by ECS itself
 * (StopServiceDeployment ROLLBACK) instead.
 *
 * @module
 */

import { InvalidRequestError } from "../../errors.ts";
import { boundedCalls, BoundedEcsClient, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { DeployResult } from "../deploy_events.ts";
import { describeError } from "../describe_error.ts";
import { finishWith } from "../deploy_result.ts";
import type { Outcome } from "../outcome.ts";
import { findRollbackTarget } from "../plan/rollback_target.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { rollbackRequest, stopWithRollback } from "../apply/roll_back_deploy.ts";
import { unlessUnavailable } from "../calls/call_errors.ts";
import type { DeploymentStrategy } from "../strategy/deployment_strategy.ts";
import { strategyOf } from "../strategy/strategy_of.ts";
import { judgeServiceDeployment, type TrackedDeployment } from "../watch/judge_deployment.ts";
import { currentDeployment } from "./run_wait.ts";
import type { Service } from "../../ecs/types.ts";
import { runDeploy } from "./run_deploy.ts";
import { boundedCodeDeploy } from "../calls/bounded_codedeploy_client.ts";
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
  const deadline = startedAt + request.timeoutMs;
  const ecs = boundedCalls(deps, deadline);
  let target: string;
  let running: string | undefined;
  let inFlight: NativeRollback | undefined;
  try {
    const service = await describeExistingService(
      ecs,
      request.cluster,
      request.service,
      "roll back",
    );
    assertDeployable(service, "roll back");
    running = service.taskDefinition;
    if (request.to === undefined) inFlight = await nativeRollbackOf(ecs, service, deps, deadline);
    target = inFlight?.previousTaskDefinitionArn ?? await findRollbackTarget(ecs, {
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
  if (inFlight) {
    const ending = {
      cluster: request.cluster,
      service: request.service,
      deploymentId: inFlight.deploymentId,
      serviceDeploymentArn: inFlight.serviceDeploymentArn,
      previousTaskDefinitionArn: inFlight.taskDefinitionArn,
      signal: deps.signal,
    };
    if (request.dryRun) {
      return finishWith(deps.emit, {
        ...ending,
        outcome: "succeeded",
        reason: `dry run: nothing was changed; the rollback would stop deployment ` +
          `${inFlight.deploymentId} with ${
            inFlight.strategy.stopWithRollback
              ? "StopDeployment autoRollbackEnabled (CodeDeploy"
              : "StopServiceDeployment ROLLBACK (ECS"
          } goes back to ${inFlight.previousTaskDefinitionArn})`,
        durationMs: deps.clock.now() - startedAt,
      });
    }
    deps.emit({
      type: "rollback_started",
      reason: `deployment ${inFlight.deploymentId} is in flight`,
      taskDefinitionArn: inFlight.previousTaskDefinitionArn,
    });
    const back = await stopWithRollback(request, inFlight, deps, left, inFlight.strategy);
    if (back) {
      deps.emit({ type: "finished", result: back });
      return back;
    }
  }
  return await runDeploy(
    rollbackRequest(request, target, left, { wait: request.wait, dryRun: request.dryRun }),
    deps,
  );
}

/**
 * The deployment in lifecycle stages (blue/green, linear, canary) still in flight, which ECS
 * itself rolls back (StopServiceDeployment ROLLBACK, no new deployment); undefined otherwise, or
 * where its ServiceDeployment cannot be read.
 */
type NativeRollback = TrackedDeployment & { strategy: DeploymentStrategy };

async function nativeRollbackOf(
  ecs: BoundedEcsClient,
  service: Service,
  deps: DeployDeps,
  deadline: number,
): Promise<NativeRollback | undefined> {
  const strategy = strategyOf(service);
  if (strategy.inFlight) {
    const codeDeploy = boundedCodeDeploy(deps, deadline);
    const tracked = await strategy.inFlight(service, {
      ...deps,
      ecs,
      ...(codeDeploy ? { codeDeploy } : {}),
    });
    return tracked && { ...tracked, strategy };
  }
  const arn = service.currentServiceDeployment;
  if (!strategy.readsServiceDeployment || !arn) return undefined;
  const [deployment] = await unlessUnavailable(ecs.describeServiceDeployments([arn])) ?? [];
  if (!deployment || judgeServiceDeployment(deployment)) return undefined;
  const tracked = currentDeployment(service);
  return tracked && { ...tracked, serviceDeploymentArn: arn, strategy };
}
