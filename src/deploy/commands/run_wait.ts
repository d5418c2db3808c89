/**
 * `ecs-deploy wait`: attach to the deployment a service is busy with and report its outcome
 * exactly as a deploy would, for pipelines that deploy with `--no-wait`.
 *
 * @module
 */

import type { Deployment, Service } from "../../ecs/types.ts";
import type { WaitStage } from "../deploy_request.ts";
import { boundedCodeDeploy } from "../calls/bounded_codedeploy_client.ts";
import { InvalidRequestError } from "../../errors.ts";
import { boundedCalls, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { DeployResult } from "../deploy_events.ts";
import { describeError } from "../describe_error.ts";
import { findServiceDeploymentArn } from "../watch/find_service_deployment.ts";
import { unlessUnavailable } from "../calls/call_errors.ts";
import {
  judgeDeployment,
  judgeServiceDeployment,
  rollbackFromEvents,
  type TrackedDeployment,
} from "../watch/judge_deployment.ts";
import type { Outcome } from "../outcome.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { snapshotDeployments, watchDeployment, watchGoal } from "../watch/watch_deployment.ts";
import { finishWith } from "../deploy_result.ts";
import { type NextSteps, rollbackStep, watchStep } from "./next_steps.ts";
import { assertDeployable } from "../plan/assert_deployable.ts";
import { strategyOf } from "../strategy/strategy_of.ts";
import { describeExistingService } from "../plan/describe_existing_service.ts";

/** Which service to wait for, and for how long. */
export interface WaitRequest {
  cluster: string;
  service: string;
  /** One deadline for the whole wait, in milliseconds. */
  timeoutMs: number;
  /** As for deploy: end at a PAUSE hook awaiting approval (`--on-pause exit`). */
  onPause?: "wait" | "exit";
  /** As for deploy: end once the deployment reaches this stage (`--wait-until`). */
  waitUntilStage?: WaitStage;
  /** The deployment to follow, where the caller knows it (`continue` of CodeDeploy's). */
  tracked?: TrackedDeployment;
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
export async function runWait(request: WaitRequest, raw: DeployDeps): Promise<DeployResult> {
  const startedAt = raw.clock.now();
  // Every call stays within the deadline and stops on the signal.
  const deps: DeployDeps = {
    ...raw,
    ecs: boundedCalls(raw, startedAt + request.timeoutMs),
  };
  let tracked: TrackedDeployment | undefined;
  const finish = (
    outcome: Outcome,
    reason: string,
    error?: unknown,
    next?: NextSteps,
  ): DeployResult => {
    const previous = tracked?.previousTaskDefinitionArn;
    return finishWith(deps.emit, {
      outcome,
      reason,
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: tracked?.taskDefinitionArn,
      previousTaskDefinitionArn: previous !== tracked?.taskDefinitionArn ? previous : undefined,
      deploymentId: tracked?.deploymentId,
      serviceDeploymentArn: tracked?.serviceDeploymentArn,
      durationMs: deps.clock.now() - startedAt,
      signal: deps.signal,
      error,
      next,
    });
  };

  try {
    const service = await describeExistingService(
      deps.ecs,
      request.cluster,
      request.service,
      "wait for",
    );
    // A deleted service's last deployment may look completed: that is no deploy's success.
    assertDeployable(service, "wait for");
    const chosen = strategyOf(service);
    if (chosen.inFlight) {
      // CodeDeploy's deployment in flight is found in its own records, and judged by them.
      const codeDeploy = boundedCodeDeploy(raw, startedAt + request.timeoutMs);
      const strategyDeps = { ...deps, ...(codeDeploy ? { codeDeploy } : {}) };
      tracked = request.tracked ?? await chosen.inFlight(service, strategyDeps);
      if (!tracked) {
        return finish(
          "succeeded",
          `no CodeDeploy deployment is in progress; the service runs ${service.taskDefinition}`,
        );
      }
      const watched = await watchDeployment({
        ...strategyDeps,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.poll ? { poll: deps.poll } : {}),
        strategy: chosen,
        goal: watchGoal(request),
        cluster: request.cluster,
        service: service.serviceName,
        tracked,
        deadline: startedAt + request.timeoutMs,
        seenEventIds: new Set(service.events.map((event) => event.id)),
      });
      return finish(watched.outcome, watched.reason);
    }
    tracked = currentDeployment(service);
    if (!tracked) {
      return finish(
        "invalid",
        `Cannot wait for "${request.service}": the service has no deployment to wait for`,
      );
    }
    const ours = tracked.deploymentId;
    const failure = await lastDeploymentFailure(deps, service);
    if (failure && failure.outcome !== "succeeded") {
      // ECS already failed and rolled back the last deployment: its traces in deployments[]
      // are gone, the PRIMARY is the restored one; a pipeline must not read that as success.
      if ("serviceDeploymentArn" in failure) {
        tracked = { ...tracked, serviceDeploymentArn: failure.serviceDeploymentArn };
      }
      deps.emit({
        type: "progress",
        phase: "settled",
        deployments: snapshotDeployments(service, ""),
      });
      return finish(
        failure.outcome,
        `the last deployment ended ${failure.outcome}: ${failure.reason}; ` +
          `the service runs ${service.taskDefinition}`,
      );
    }
    const strategy = strategyOf(service);
    // A deployment in lifecycle stages is judged by its ServiceDeployment, in the watch.
    const now = strategy.readsServiceDeployment
      ? undefined
      : judgeDeployment(service, tracked, {}).verdict;
    if (now?.done) {
      deps.emit({
        type: "progress",
        phase: "settled",
        deployments: snapshotDeployments(service, ours),
      });
      return finish(now.outcome, now.reason);
    }
    if (deps.signal?.aborted) return finish("cancelled", "interrupted before waiting");

    const deployment = service.deployments.find((d) => d.id === ours)!;
    const serviceDeploymentArn = strategy.readsServiceDeployment &&
        service.currentServiceDeployment
      ? service.currentServiceDeployment
      : await unlessUnavailable(
        findServiceDeploymentArn(deps.ecs, request.cluster, service.serviceName, deployment),
      );
    if (serviceDeploymentArn) tracked = { ...tracked, serviceDeploymentArn };

    const watched = await watchDeployment({
      ecs: deps.ecs,
      clock: deps.clock,
      emit: deps.emit,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.poll ? { poll: deps.poll } : {}),
      strategy,
      goal: watchGoal(request),
      cluster: request.cluster,
      service: service.serviceName,
      tracked,
      deadline: startedAt + request.timeoutMs,
      seenEventIds: new Set(service.events.map((event) => event.id)),
    });
    const stopped = watched.outcome === "timed_out" || watched.outcome === "cancelled";
    return finish(
      watched.outcome,
      watched.reason,
      undefined,
      stopped ? goOnSteps(request, tracked, watched.reason) : undefined,
    );
  } catch (error) {
    if (error instanceof InvalidRequestError) return finish("invalid", error.message, error);
    if (error instanceof CallStoppedError) return finish(error.outcome, error.message, error);
    return finish("error", describeError(error), error);
  }
}

/** ECS goes on with a deployment whose wait stopped: how to follow it or undo it. */
function goOnSteps(request: WaitRequest, tracked: TrackedDeployment, reason: string): NextSteps {
  const { cluster, service } = request;
  const back = tracked.previousTaskDefinitionArn !== tracked.taskDefinitionArn
    ? [rollbackStep(cluster, service, tracked.previousTaskDefinitionArn)]
    : [];
  return {
    reason: `${reason}; deployment ${tracked.deploymentId} goes on in ECS`,
    steps: [watchStep(cluster, service), ...back],
  };
}

/**
 * How the service's last deployment ended, where it has ended badly: from its ServiceDeployment
 * where the deployment APIs can be read, else from what DescribeServices shows (a PRIMARY that
 * ECS rolled back to). Undefined while it runs or when it did not end badly.
 */
async function lastDeploymentFailure(deps: DeployDeps, service: Service) {
  const briefs = await unlessUnavailable(
    deps.ecs.listServiceDeployments(service.clusterArn, service.serviceName),
  );
  if (briefs === undefined) {
    const rolledBack = rollbackFromEvents(service);
    return rolledBack && { outcome: "rolled_back" as const, ...rolledBack };
  }
  const newest = briefs.toSorted((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const ended = newest ? judgeServiceDeployment(newest) : undefined;
  return ended && newest
    ? { ...ended, serviceDeploymentArn: newest.serviceDeploymentArn }
    : undefined;
}
