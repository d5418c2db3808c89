import type { Clock } from "../clock.ts";
import { InvalidRequestError } from "../errors.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import { type AppliedDeploy, applyDeploy } from "./apply_deploy.ts";
import type { DeployEvent, DeployResult, EventSink } from "./deploy_events.ts";
import type { DeployRequest } from "./deploy_request.ts";
import { exitCodeFor, type Outcome } from "./outcome.ts";
import { type DeployPlan, planDeploy } from "./plan_deploy.ts";
import type { PollSettings } from "./poll_schedule.ts";
import { readDeployState } from "./read_deploy_state.ts";
import { watchDeployment } from "./watch_deployment.ts";

/** What the engine needs from the outside world. */
export interface DeployDeps {
  ecs: EcsClient;
  clock: Clock;
  emit: EventSink;
  /** Aborted on SIGINT/SIGTERM; its reason is the signal's name. */
  signal?: AbortSignal;
  poll?: PollSettings;
}

/**
 * One deploy, as a straight line: read, plan, (stop here for a dry run), apply, watch.
 * Never throws: every ending is a {@linkcode DeployResult}, also emitted as `finished`.
 */
export async function runDeploy(request: DeployRequest, deps: DeployDeps): Promise<DeployResult> {
  const startedAt = deps.clock.now();
  const deadline = startedAt + request.timeoutMs;
  let plan: DeployPlan | undefined;
  let applied: AppliedDeploy | undefined;
  const finish = (outcome: Outcome, reason: string) =>
    finishDeploy(deps, { request, plan, applied, outcome, reason, startedAt });

  try {
    const state = await readDeployState(deps.ecs, request);
    plan = planDeploy(state, request);
    deps.emit({ type: "planned", plan });
    if (request.dryRun) return finish("succeeded", "dry run: nothing was changed");
    if (deps.signal?.aborted) return finish("cancelled", "interrupted before any change");

    applied = await applyDeploy(deps.ecs, plan, deps.emit);
    if (!applied.deployment || !plan.service) {
      return finish("succeeded", `registered ${applied.taskDefinitionArn}`);
    }
    if (!request.wait) {
      return finish("succeeded", `deployment ${applied.deployment.id} started; not waiting`);
    }
    const watched = await watchDeployment({
      ecs: deps.ecs,
      clock: deps.clock,
      emit: deps.emit,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.poll ? { poll: deps.poll } : {}),
      cluster: request.cluster,
      service: plan.service,
      tracked: {
        deploymentId: applied.deployment.id,
        taskDefinitionArn: applied.taskDefinitionArn,
        previousTaskDefinitionArn: applied.previousTaskDefinitionArn,
        ...(applied.deployment.serviceDeploymentArn
          ? { serviceDeploymentArn: applied.deployment.serviceDeploymentArn }
          : {}),
      },
      deadline,
      seenEventIds: applied.deployment.seenEventIds,
    });
    return finish(watched.outcome, watched.reason);
  } catch (error) {
    if (error instanceof InvalidRequestError) return finish("invalid", error.message);
    return finish("error", describeError(error));
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const type = "type" in error && typeof error.type === "string" ? `${error.type}: ` : "";
    return `${type}${error.message}`;
  }
  return String(error);
}

interface Ending {
  request: DeployRequest;
  plan: DeployPlan | undefined;
  applied: AppliedDeploy | undefined;
  outcome: Outcome;
  reason: string;
  startedAt: number;
}

function finishDeploy(deps: DeployDeps, ending: Ending): DeployResult {
  const { request, plan, applied, outcome } = ending;
  const signal = deps.signal?.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
  const result: DeployResult = {
    outcome,
    exitCode: exitCodeFor(outcome, signal),
    cluster: request.cluster,
    service: request.service ?? null,
    taskDefinitionArn: applied?.taskDefinitionArn ?? null,
    previousTaskDefinitionArn: plan?.current.taskDefinition.taskDefinitionArn ?? null,
    deploymentId: applied?.deployment?.id ?? null,
    serviceDeploymentArn: applied?.deployment?.serviceDeploymentArn ?? null,
    reason: ending.reason,
    imageChanges: plan?.imageChanges ?? [],
    durationMs: deps.clock.now() - ending.startedAt,
  };
  const event: DeployEvent = { type: "finished", result };
  deps.emit(event);
  return result;
}
