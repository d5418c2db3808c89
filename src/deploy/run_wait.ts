/**
 * `ecs-deploy wait`: attach to the deployment a service is busy with and report its outcome
 * exactly as a deploy would, for pipelines that deploy with `--no-wait`.
 *
 * @module
 */

import { EcsApiError } from "../ecs/ecs_client.ts";
import type { Deployment, Service } from "../ecs/types.ts";
import { InvalidRequestError } from "../errors.ts";
import type { DeploymentSnapshot, DeployResult } from "./deploy_events.ts";
import { describeError } from "./describe_error.ts";
import { findServiceDeploymentArn } from "./find_service_deployment.ts";
import { judgeDeployment, type TrackedDeployment } from "./judge_deployment.ts";
import { exitCodeFor, type Outcome } from "./outcome.ts";
import type { DeployDeps } from "./run_deploy.ts";
import { watchDeployment } from "./watch_deployment.ts";

/** Which service to wait for, and for how long. */
export interface WaitRequest {
  cluster: string;
  service: string;
  /** One deadline for the whole wait, in milliseconds. */
  timeoutMs: number;
}

/**
 * The deployment `wait` follows: the PRIMARY one, or, while ECS rolls back a failed
 * deployment, the failed one (so the rollback is reported as `rolled_back`, not as a success).
 * The previous revision is the newest other deployment's, or the PRIMARY's own when there is
 * no other deployment.
 */
export function currentDeployment(service: Service): TrackedDeployment | undefined {
  const byAge = service.deployments
    .slice()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const primary = byAge.find((d) => d.status === "PRIMARY");
  if (!primary) return undefined;
  const failed = byAge.find((d) => d !== primary && d.rolloutState === "FAILED");
  const rollingBack = primary.rolloutState === "IN_PROGRESS" && failed !== undefined &&
    failed.taskDefinition !== primary.taskDefinition;
  if (rollingBack) return track(failed, primary.taskDefinition);
  const previous = byAge.find((d) => d !== primary);
  return track(primary, previous?.taskDefinition ?? primary.taskDefinition);
}

function track(deployment: Deployment, previous: string): TrackedDeployment {
  return {
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinition,
    previousTaskDefinitionArn: previous,
  };
}

/**
 * Waits for the service's current deployment (see {@linkcode currentDeployment}) until it
 * ends, the deadline passes or the signal aborts. When nothing is in progress the outcome is
 * reported at once. Never throws: every ending is a {@linkcode DeployResult}, also emitted as
 * `finished`.
 */
export async function runWait(request: WaitRequest, deps: DeployDeps): Promise<DeployResult> {
  const startedAt = deps.clock.now();
  let tracked: TrackedDeployment | undefined;
  const finish = (outcome: Outcome, reason: string): DeployResult => {
    const signal = deps.signal?.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
    const previous = tracked?.previousTaskDefinitionArn;
    const result: DeployResult = {
      outcome,
      exitCode: exitCodeFor(outcome, signal),
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: tracked?.taskDefinitionArn ?? null,
      previousTaskDefinitionArn: previous && previous !== tracked?.taskDefinitionArn
        ? previous
        : null,
      deploymentId: tracked?.deploymentId ?? null,
      serviceDeploymentArn: tracked?.serviceDeploymentArn ?? null,
      reason,
      imageChanges: [],
      durationMs: deps.clock.now() - startedAt,
    };
    deps.emit({ type: "finished", result });
    return result;
  };

  try {
    const service = await describe(deps, request);
    tracked = currentDeployment(service);
    if (!tracked) return finish("invalid", `service "${request.service}" has no deployment`);
    const ours = tracked.deploymentId;
    const now = judgeDeployment(service, tracked, {}).verdict;
    if (now.done) {
      deps.emit({ type: "progress", phase: "settled", deployments: snapshotOf(service, ours) });
      return finish(now.outcome, now.reason);
    }
    if (deps.signal?.aborted) return finish("cancelled", "interrupted before waiting");

    const deployment = service.deployments.find((d) => d.id === ours)!;
    const serviceDeploymentArn = await findServiceDeploymentArn(
      deps.ecs,
      request.cluster,
      service.serviceName,
      deployment,
    ).catch(() => undefined); // Not supported here; DescribeServices alone judges.
    if (serviceDeploymentArn) tracked = { ...tracked, serviceDeploymentArn };

    const watched = await watchDeployment({
      ecs: deps.ecs,
      clock: deps.clock,
      emit: deps.emit,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.poll ? { poll: deps.poll } : {}),
      cluster: request.cluster,
      service: service.serviceName,
      tracked,
      deadline: startedAt + request.timeoutMs,
      seenEventIds: new Set(service.events.map((event) => event.id)),
    });
    return finish(watched.outcome, watched.reason);
  } catch (error) {
    if (error instanceof InvalidRequestError) return finish("invalid", error.message);
    return finish("error", describeError(error));
  }
}

async function describe(deps: DeployDeps, request: WaitRequest): Promise<Service> {
  const { cluster, service: name } = request;
  let service;
  try {
    service = await deps.ecs.describeService(cluster, name);
  } catch (error) {
    if (error instanceof EcsApiError && error.type === "ClusterNotFoundException") {
      throw new InvalidRequestError(`Cannot wait for "${name}": cluster "${cluster}" not found`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!service) {
    throw new InvalidRequestError(
      `Cannot wait for "${name}": service not found in cluster "${cluster}"`,
    );
  }
  return service;
}

function snapshotOf(service: Service, ours: string): DeploymentSnapshot[] {
  return service.deployments.map((d) => ({
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    runningCount: d.runningCount,
    pendingCount: d.pendingCount,
    failedTasks: d.failedTasks,
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ours: d.id === ours,
  }));
}
