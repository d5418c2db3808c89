import { boundedCalls } from "../calls/bounded_ecs_client.ts";
import { isUnavailableApi } from "../calls/call_errors.ts";
import type { DeployResult } from "../deploy_events.ts";
import type { DeployRequest } from "../deploy_request.ts";
import { deployResult } from "../deploy_result.ts";
import type { TrackedDeployment } from "../watch/judge_deployment.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import type { DeploymentStrategy } from "../strategy/deployment_strategy.ts";
import { watchDeployment } from "../watch/watch_deployment.ts";
import { EcsApiError } from "../../ecs/ecs_client.ts";
import { boundedCodeDeploy } from "../calls/bounded_codedeploy_client.ts";

/**
 * The request that rolls a service back: a deploy of exactly that registered revision (the one
 * engine runs it, as it runs any deploy), over whatever is in flight, without a diagnosis of
 * its own, within `timeoutMs`.
 */
export function rollbackRequest(
  request: Pick<DeployRequest, "cluster" | "service">,
  taskDefinitionArn: string,
  timeoutMs: number,
  options: { wait?: boolean; dryRun?: boolean; diagnose?: false } = { diagnose: false },
): DeployRequest {
  return {
    cluster: request.cluster,
    ...(request.service !== undefined ? { service: request.service } : {}),
    images: [],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: Math.max(0, timeoutMs),
    wait: options.wait ?? true,
    dryRun: options.dryRun ?? false,
    targetTaskDefinitionArn: taskDefinitionArn,
    // Rolling back while a bad deployment is still in progress is the common case.
    whenBusy: "force",
    ...(options.diagnose === false ? { diagnose: false as const } : {}),
  };
}

/**
 * The native rollback of a deployment in lifecycle stages still in flight: StopServiceDeployment
 * with ROLLBACK (fast, no new deployment), then the wait for ECS to finish it. Undefined when ECS
 * does not take the request (the API is not available, or the deployment is no longer in
 * flight), so the caller rolls back by UpdateService instead.
 */
export async function stopWithRollback(
  request: Pick<DeployRequest, "cluster" | "service">,
  tracked: TrackedDeployment,
  deps: DeployDeps,
  timeoutMs: number,
  strategy: DeploymentStrategy,
): Promise<DeployResult | undefined> {
  const startedAt = deps.clock.now();
  const deadline = startedAt + Math.max(0, timeoutMs);
  const ecs = boundedCalls(deps, deadline);
  const codeDeploy = boundedCodeDeploy(deps, deadline);
  try {
    if (strategy.stopWithRollback) {
      const stopped = await strategy.stopWithRollback(tracked, {
        ...deps,
        ecs,
        ...(codeDeploy ? { codeDeploy } : {}),
      });
      if (!stopped) return undefined;
    } else await ecs.stopServiceDeployment(tracked.serviceDeploymentArn!, "ROLLBACK");
  } catch (error) {
    if (error instanceof EcsApiError && (isUnavailableApi(error) || error.status < 500)) {
      return undefined;
    }
    throw error;
  }
  const watched = await watchDeployment({
    ecs,
    ...(codeDeploy ? { codeDeploy } : {}),
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
