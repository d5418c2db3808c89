import { BoundedEcsClient } from "./bounded_ecs_client.ts";
import { isUnavailableApi } from "./call_errors.ts";
import type { DeployResult } from "./deploy_events.ts";
import type { DeployRequest } from "./deploy_request.ts";
import { deployResult } from "./deploy_result.ts";
import type { TrackedDeployment } from "./judge_deployment.ts";
import { type DeployDeps, runDeploy } from "./run_deploy.ts";
import type { DeploymentStrategy } from "./strategy/deployment_strategy.ts";
import { rolling } from "./strategy/rolling.ts";
import { watchDeployment } from "./watch_deployment.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";

/**
 * Rolls our deployment back, in what is left of the run's deadline (`timeoutMs`) and stopped by
 * `deps.signal` (the caller passes the signal that may still come: the next one, when a signal
 * started the rollback). A deployment in lifecycle stages still in flight is rolled back by ECS
 * itself (StopServiceDeployment with ROLLBACK: fast, no new deployment); otherwise, or where
 * that API is not available, the service is pointed back at the revision it ran before ours and
 * that is waited for, as a deploy of exactly that revision (the same engine, never a second one).
 */
export async function rollBackDeploy(
  request: DeployRequest,
  tracked: TrackedDeployment,
  why: string,
  deps: DeployDeps,
  timeoutMs: number,
  strategy: DeploymentStrategy = rolling,
): Promise<DeployResult> {
  deps.emit({
    type: "rollback_started",
    reason: why,
    taskDefinitionArn: tracked.previousTaskDefinitionArn,
  });
  if (strategy.readsServiceDeployment && tracked.serviceDeploymentArn) {
    const native = await stopWithRollback(request, tracked, deps, timeoutMs, strategy);
    if (native) return native;
  }
  return runDeploy({
    cluster: request.cluster,
    ...(request.service !== undefined ? { service: request.service } : {}),
    images: [],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: Math.max(0, timeoutMs),
    wait: true,
    dryRun: false,
    targetTaskDefinitionArn: tracked.previousTaskDefinitionArn,
    whenBusy: "force",
    diagnose: false,
  }, {
    ...deps,
    // The rollback's own result becomes part of ours; only one `finished` is emitted.
    emit: (event) => event.type === "finished" ? undefined : deps.emit(event),
  });
}

/**
 * StopServiceDeployment with ROLLBACK, then the wait for ECS to finish it. Undefined when ECS
 * does not take the request (the API is not available, or the deployment is no longer in
 * flight), so the caller rolls back by UpdateService instead.
 */
async function stopWithRollback(
  request: DeployRequest,
  tracked: TrackedDeployment,
  deps: DeployDeps,
  timeoutMs: number,
  strategy: DeploymentStrategy,
): Promise<DeployResult | undefined> {
  const startedAt = deps.clock.now();
  const deadline = startedAt + Math.max(0, timeoutMs);
  const ecs = new BoundedEcsClient(deps.ecs, {
    clock: deps.clock,
    deadline,
    signal: deps.signal,
    emit: deps.emit,
  });
  try {
    await ecs.stopServiceDeployment(tracked.serviceDeploymentArn!, "ROLLBACK");
  } catch (error) {
    if (error instanceof EcsApiError && (isUnavailableApi(error) || error.status < 500)) {
      return undefined;
    }
    throw error;
  }
  const watched = await watchDeployment({
    ecs,
    clock: deps.clock,
    emit: deps.emit,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.poll ? { poll: deps.poll } : {}),
    strategy,
    cluster: request.cluster,
    service: request.service!,
    tracked,
    deadline,
  });
  // For the rollback, ECS rolling ours back is its success, and ECS finishing ours its failure.
  const ended = watched.outcome === "rolled_back"
    ? {
      outcome: "succeeded" as const,
      reason: `ECS rolled deployment ${tracked.deploymentId} back (StopServiceDeployment ` +
        `ROLLBACK): ${watched.reason}`,
    }
    : watched.outcome === "succeeded"
    ? {
      outcome: "failed" as const,
      reason: `ECS finished the deployment instead: ${watched.reason}`,
    }
    : { outcome: watched.outcome, reason: watched.reason };
  return deployResult({
    ...ended,
    cluster: request.cluster,
    service: request.service,
    taskDefinitionArn: tracked.previousTaskDefinitionArn,
    deploymentId: tracked.deploymentId,
    serviceDeploymentArn: tracked.serviceDeploymentArn,
    durationMs: deps.clock.now() - startedAt,
    signal: deps.signal,
  });
}
