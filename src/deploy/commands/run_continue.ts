/**
 * `ecs-deploy continue`: answers the PAUSE lifecycle hook a blue/green, linear or canary
 * deployment waits at (approve, or `--reject` to roll back), then follows the deployment to its
 * end exactly as `wait` does.
 *
 * @module
 */
import type { LifecycleHookDetail, ServiceDeployment } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import { assertDeployable } from "../plan/assert_deployable.ts";
import { boundedCalls, BoundedEcsClient, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import { unlessUnavailable } from "../calls/call_errors.ts";
import type { DeployResult } from "../deploy_events.ts";
import { finishWith } from "../deploy_result.ts";
import { describeError } from "../describe_error.ts";
import { describeExistingService } from "../plan/describe_existing_service.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { runWait, type WaitRequest } from "./run_wait.ts";
import { strategyOf } from "../strategy/strategy_of.ts";
import { boundedCodeDeploy } from "../calls/bounded_codedeploy_client.ts";

/** What `continue` was asked. */
export interface ContinueRequest extends WaitRequest {
  /** The hook to answer; the one awaiting action when not given. */
  hookId?: string;
  /** Roll the deployment back instead of going on. */
  reject: boolean;
}

/**
 * Answers the waiting hook with ContinueServiceDeployment, then waits like {@linkcode runWait}
 * within the same deadline. Never throws: every ending is a {@linkcode DeployResult}.
 */
export async function runContinue(
  request: ContinueRequest,
  raw: DeployDeps,
): Promise<DeployResult> {
  const startedAt = raw.clock.now();
  const deadline = startedAt + request.timeoutMs;
  const ecs = boundedCalls(raw, deadline);
  try {
    const service = await describeExistingService(
      ecs,
      request.cluster,
      request.service,
      "continue",
    );
    assertDeployable(service, "continue");
    const strategy = strategyOf(service);
    if (strategy.answerPause) {
      const codeDeploy = boundedCodeDeploy(raw, deadline);
      const answered = await strategy.answerPause(service, request.reject, {
        ...raw,
        ecs,
        ...(codeDeploy ? { codeDeploy } : {}),
      });
      raw.emit({
        type: "hook_answered",
        serviceDeploymentArn: answered.tracked.deploymentId,
        hookId: answered.answered,
        action: answered.action,
      });
      // Stopped, it is no longer in flight: the wait follows it by its id.
      return await waitAfter({ ...request, tracked: answered.tracked }, raw, deadline);
    }
    const deployment = await currentServiceDeployment(ecs, service.currentServiceDeployment);
    const hook = awaitingHook(deployment, request);
    const action = request.reject ? "ROLLBACK" : "CONTINUE";
    await ecs.continueServiceDeployment(deployment.serviceDeploymentArn, hook.hookId!, action);
    raw.emit({
      type: "hook_answered",
      serviceDeploymentArn: deployment.serviceDeploymentArn,
      hookId: hook.hookId!,
      action,
    });
  } catch (error) {
    const outcome = error instanceof InvalidRequestError
      ? "invalid"
      : error instanceof CallStoppedError
      ? error.outcome
      : "error";
    return finishWith(raw.emit, {
      outcome,
      reason: error instanceof InvalidRequestError ? error.message : describeError(error),
      cluster: request.cluster,
      service: request.service,
      durationMs: raw.clock.now() - startedAt,
      signal: raw.signal,
      error,
    });
  }
  return await waitAfter(request, raw, deadline);
}

/** The wait after an answer, within the same deadline. */
function waitAfter(request: ContinueRequest, raw: DeployDeps, deadline: number) {
  const { hookId: _hookId, reject: _reject, ...wait } = request;
  return runWait({ ...wait, timeoutMs: Math.max(1, deadline - raw.clock.now()) }, raw);
}

async function currentServiceDeployment(
  ecs: BoundedEcsClient,
  arn: string | undefined,
): Promise<ServiceDeployment> {
  const [deployment] = arn
    ? await unlessUnavailable(ecs.describeServiceDeployments([arn])) ?? []
    : [];
  if (!deployment) {
    throw new InvalidRequestError(
      "Cannot continue: the service has no current service deployment to answer " +
        "(ecs:DescribeServiceDeployments may be denied, or nothing is deploying)",
    );
  }
  return deployment;
}

/** The hook to answer: the one named, which must await action, or the only one awaiting. */
function awaitingHook(
  deployment: ServiceDeployment,
  request: ContinueRequest,
): LifecycleHookDetail {
  const awaiting = (deployment.lifecycleHookDetails ?? []).filter((hook) =>
    hook.status === "AWAITING_ACTION" && hook.hookId
  );
  const ids = awaiting.map((hook) => hook.hookId).join(", ");
  const stage = deployment.lifecycleStage ?? deployment.status;
  if (request.hookId !== undefined) {
    const named = awaiting.find((hook) => hook.hookId === request.hookId);
    if (named) return named;
    throw new InvalidRequestError(
      `Cannot continue: hook "${request.hookId}" is not awaiting action at ${stage}` +
        (ids ? `; awaiting: ${ids}` : "; no hook awaits action"),
    );
  }
  if (awaiting.length === 1) return awaiting[0]!;
  throw new InvalidRequestError(
    awaiting.length === 0
      ? `Cannot continue: no hook of the deployment awaits action (it is at ${stage})`
      : `Cannot continue: several hooks await action (${ids}); give --hook-id`,
  );
}
