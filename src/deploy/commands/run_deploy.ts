import { InvalidRequestError } from "../../errors.ts";
import type { Service } from "../../ecs/types.ts";
import { type AppliedDeploy, applyDeploy } from "../apply/apply_deploy.ts";
import { boundedCalls, BoundedEcsClient, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { DeployResult } from "../deploy_events.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { type Ending, finishWith } from "../deploy_result.ts";
import { describeError } from "../describe_error.ts";
import { diagnoseDeployment } from "../diagnose/diagnose_deployment.ts";
import {
  type NextStep,
  type NextSteps,
  rollbackStep,
  statusStep,
  stepsClause,
  watchStep,
} from "./next_steps.ts";
import {
  busyRefusal,
  findForeignDeployment,
  guardBusyService,
  WaitForIdleError,
} from "../apply/guard_busy_service.ts";
import type { TrackedDeployment } from "../watch/judge_deployment.ts";
import type { Outcome } from "../outcome.ts";
import { type DeployPlan, type DeployState, planDeploy } from "../plan/plan_deploy.ts";
import { planDigests } from "../plan/plan_digests.ts";
import {
  type DigestVerification,
  mismatchReason,
  verifiedReason,
  verifyDigests,
} from "../watch/verify_digests.ts";
import { pruneRevisions } from "../apply/prune_revisions.ts";
import { readDeployState } from "../plan/read_deploy_state.ts";
import { rollbackRequest, stopWithRollback } from "../apply/roll_back_deploy.ts";
import { diagnosisShare, watchDeadline } from "../calls/run_deadline.ts";
import { BoundedLogsClient } from "../calls/bounded_logs_client.ts";
import { type RunBefore, runBeforeDeploy } from "../run_task/run_before_deploy.ts";
import type { DeploymentStrategy } from "../strategy/deployment_strategy.ts";
import { rolling } from "../strategy/rolling.ts";
import type { PreparedLaunch } from "../strategy/deployment_strategy.ts";
import { boundedCodeDeploy } from "../calls/bounded_codedeploy_client.ts";
import { watchDeployment, watchGoal, type WatchResult } from "../watch/watch_deployment.ts";

/**
 * One deploy, as a straight line: read, plan, (stop here for a dry run), check that nobody
 * else is deploying, apply, watch, then roll back, diagnose or tidy up as the outcome asks.
 * Never throws: every ending is a {@linkcode DeployResult}, also emitted as `finished`.
 */
export async function runDeploy(request: DeployRequest, raw: DeployDeps): Promise<DeployResult> {
  const startedAt = raw.clock.now();
  const deadline = startedAt + request.timeoutMs;
  // Every call of this run stays within its deadline and stops on its signal.
  const bound = (until: number) => boundedCalls(raw, until);
  const codeDeploy = boundedCodeDeploy(raw, deadline);
  const deps: DeployDeps = { ...raw, ecs: bound(deadline), ...(codeDeploy ? { codeDeploy } : {}) };
  let launch: PreparedLaunch | undefined;
  let plan: DeployPlan | undefined;
  let applied: AppliedDeploy | undefined;
  let registered: string | undefined;
  let verification: DigestVerification | undefined;
  const finish = (outcome: Outcome, reason: string, more: Partial<Ending> = {}) =>
    finishWith(deps.emit, {
      outcome,
      reason,
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: applied?.taskDefinitionArn ?? registered,
      previousTaskDefinitionArn: plan?.current.taskDefinition.taskDefinitionArn,
      deploymentId: applied?.deployment?.id,
      serviceDeploymentArn: applied?.deployment?.serviceDeploymentArn,
      imageChanges: plan?.imageChanges,
      digests: plan?.digests,
      digestVerification: verification,
      durationMs: deps.clock.now() - startedAt,
      signal: deps.signal,
      ...more,
    });

  try {
    // The plan, and how a launcher (CodeDeploy) will start it: reads only, refusals included.
    const planOn = async (state: DeployState) => {
      plan = await planDigests(planDeploy(state, request), request, deps, deadline);
      const launcher = plan.strategy?.launcher;
      launch = launcher && state.service && !plan.nothingToDeploy
        ? await launcher.prepare(state.service, request, deps)
        : undefined;
      if (launch) plan = { ...plan, launch: launch.summary };
      deps.emit({ type: "planned", plan });
    };
    let state = await readDeployState(deps.ecs, request);
    await planOn(state);
    // Nothing changes, so there is nothing to guard, wait for or register: a dry run says the same.
    if (plan!.nothingToDeploy) {
      return finish("succeeded", `${request.dryRun ? "dry run: " : ""}${plan!.nothingToDeploy}`, {
        taskDefinitionArn: state.service?.taskDefinition ??
          plan!.current.taskDefinition.taskDefinitionArn,
      });
    }
    if (request.dryRun) return finishDryRun(state, request, finish);
    // A launcher (CodeDeploy) checks for a deployment in flight itself, in its own records.
    if (
      state.service && !launch && await guardBusyService(state.service, request, deps, deadline)
    ) {
      // The service changed while we waited; plan again on what it runs now.
      state = await readDeployState(deps.ecs, request);
      await planOn(state);
      if (plan!.nothingToDeploy) {
        return finish("succeeded", plan!.nothingToDeploy, {
          taskDefinitionArn: state.service?.taskDefinition,
        });
      }
    }
    plan = plan!;
    if (deps.signal?.aborted) return finish("cancelled", "interrupted before any change");

    const gate = request.runBefore?.length && state.service
      ? runBeforeGate(request, state.service, raw, deadline)
      : undefined;
    applied = await applyDeploy(plan, {
      ...deps,
      ...(launch
        ? {
          launch: {
            start: launch.start,
            via: launch.summary.via,
            seenEventIds: new Set(state.service?.events.map((event) => event.id)),
          },
        }
        : {}),
      emit: (event) => {
        if (event.type === "registered") registered = event.taskDefinitionArn;
        deps.emit(event);
      },
      ...(gate ? { beforeUpdate: gate.beforeUpdate } : {}),
    });
    if (applied.heldBack && gate?.ran?.failed) {
      const { result, diagnosis } = gate.ran.failed;
      const kept = plan.nextTaskDefinition
        ? `; the new revision ${applied.taskDefinitionArn} stays registered`
        : "";
      return finish(
        result.outcome,
        `--run-before ${JSON.stringify(result.command?.join(" "))}: ${result.reason}; ` +
          `the service was not changed${kept}`,
        { runBefore: gate.ran.results, ...(diagnosis ? { diagnosis } : {}) },
      );
    }
    if (applied.interrupted) {
      return finish(
        "cancelled",
        `interrupted after registering ${applied.taskDefinitionArn}; the service was not changed`,
      );
    }
    if (!applied.deployment || !plan.service) {
      return finish("succeeded", `registered ${applied.taskDefinitionArn}`);
    }
    if (!request.wait) {
      return finish("succeeded", `deployment ${applied.deployment.id} started; not waiting`);
    }
    const tracked: TrackedDeployment = {
      deploymentId: applied.deployment.id,
      taskDefinitionArn: applied.taskDefinitionArn,
      previousTaskDefinitionArn: applied.previousTaskDefinitionArn,
      ...(applied.deployment.serviceDeploymentArn
        ? { serviceDeploymentArn: applied.deployment.serviceDeploymentArn }
        : {}),
    };
    const watchUntil = watchDeadline(request, deadline);
    const watchCodeDeploy = boundedCodeDeploy(raw, watchUntil);
    let watched = await watchDeployment({
      ecs: bound(watchUntil),
      ...(watchCodeDeploy ? { codeDeploy: watchCodeDeploy } : {}),
      clock: deps.clock,
      emit: deps.emit,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.poll ? { poll: deps.poll } : {}),
      ...(request.stallTimeoutMs ? { stallTimeoutMs: request.stallTimeoutMs } : {}),
      strategy: plan.strategy ?? rolling,
      goal: watchGoal(request),
      cluster: request.cluster,
      service: plan.service,
      tracked,
      deadline: watchUntil,
      seenEventIds: applied.deployment.seenEventIds,
    });
    if (watched.outcome === "succeeded" && plan.digests) {
      // ECS's verdict stands only if the tasks run the images the plan resolved.
      verification = await verifyDigests(deps.ecs, {
        cluster: request.cluster,
        service: plan.service,
        taskDefinitionArn: tracked.taskDefinitionArn,
      }, plan.digests);
      watched = verification.mismatches.length > 0
        ? { ...watched, outcome: "failed", reason: mismatchReason(verification, plan.digests) }
        : { ...watched, reason: `${watched.reason}; ${verifiedReason(verification)}` };
    }
    // A digest mismatch is its own diagnosis: ECS saw nothing wrong to read about.
    const mismatched = (verification?.mismatches.length ?? 0) > 0;
    const ending = await concludeWatch(
      watched,
      mismatched ? { ...request, diagnose: false } : request,
      tracked,
      {
        raw,
        deps,
        deadline,
        strategy: plan.strategy ?? rolling,
      },
    );
    return finish(ending.outcome, ending.reason, {
      ...ending,
      ...(gate?.ran ? { runBefore: gate.ran.results } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidRequestError) return finish("invalid", error.message, { error });
    if (error instanceof CallStoppedError) {
      const stopped = stoppedReason(error, request, plan, registered);
      return finish(error.outcome, stopped.reason, { error, ...stopped });
    }
    if (error instanceof WaitForIdleError) return finish(error.outcome, error.message, { error });
    return finish("error", describeError(error), { error });
  }
}

/**
 * The `--run-before` step between registering and updating the service: the tasks run on the
 * new revision within the wait's share of the deadline; what they did is kept for the result.
 */
function runBeforeGate(
  request: DeployRequest,
  service: Service,
  raw: DeployDeps,
  deadline: number,
) {
  const gate: { ran?: RunBefore; beforeUpdate: (arn: string) => Promise<boolean> } = {
    beforeUpdate: async (taskDefinitionArn) => {
      const logs = raw.logs
        ? new BoundedLogsClient(raw.logs, { clock: raw.clock, deadline, signal: raw.signal })
        : undefined;
      gate.ran = await runBeforeDeploy(request.runBefore!, {
        cluster: request.cluster,
        taskDefinitionArn,
        service,
        watchUntil: watchDeadline(request, deadline),
      }, { ...raw, ecs: boundedCalls(raw, deadline), logs });
      return gate.ran.failed === undefined;
    },
  };
  return gate;
}

/**
 * The end of a dry run: what the real deploy would meet, with its outcome, so a dry run in CI
 * fails where the deploy would (a busy service refuses, exit 2), and succeeds otherwise.
 */
function finishDryRun(
  state: DeployState,
  request: DeployRequest,
  finish: (outcome: Outcome, reason: string) => DeployResult,
): DeployResult {
  const refusal = state.service && busyRefusal(state.service, request);
  if (refusal) {
    return finish("invalid", `dry run: the real deploy would be refused: ${refusal.message}`);
  }
  const busy = state.service && findForeignDeployment(state.service);
  if (busy && request.whenBusy === "wait") {
    return finish(
      "succeeded",
      `dry run: nothing was changed; the real deploy would first wait for deployment ${busy.id}`,
    );
  }
  return finish("succeeded", "dry run: nothing was changed");
}

/** What a run's conclusion works with: its own deps unbounded and bounded, and its deadline. */
interface RunScope {
  raw: DeployDeps;
  deps: DeployDeps;
  deadline: number;
  strategy: DeploymentStrategy;
}

/**
 * What follows the watch: a rollback, a diagnosis, housekeeping, or resume instructions, all
 * within the run's deadline. After a signal, only the next signal stops what follows it.
 */
async function concludeWatch(
  watched: WatchResult,
  request: DeployRequest,
  tracked: TrackedDeployment,
  { raw, deps, deadline, strategy }: RunScope,
): Promise<
  Pick<Ending, "outcome" | "reason" | "diagnosis" | "rollback" | "prunedRevisions" | "next">
> {
  const { outcome, reason } = watched;
  if (outcome === "succeeded") {
    if (!request.keepRevisions) return { outcome, reason };
    return {
      outcome,
      reason,
      prunedRevisions: await prune(request.keepRevisions, request, tracked, deps),
    };
  }
  // Superseded: nothing of ours to act on. Paused: the deployment waits for an approval.
  if (outcome === "superseded" || outcome === "paused") return { outcome, reason };

  const cancelled = outcome === "cancelled";
  const rollBack = (cancelled && request.onCancel === "rollback") ||
    ((outcome === "failed" || outcome === "timed_out") && request.rollback === true);
  if (cancelled && !rollBack) {
    return withSteps(outcome, reason, resumeAdvice(request, tracked, watched.service));
  }
  const signal = cancelled ? raw.secondSignal : raw.signal;
  const { clock } = raw;
  const diagnosisUntil = clock.now() +
    Math.min(deadline - clock.now(), diagnosisShare(request.timeoutMs));
  const diagnosis = request.diagnose === false ? undefined : await diagnoseDeployment(
    new BoundedEcsClient(raw.ecs, {
      clock,
      deadline: diagnosisUntil,
      signal,
      deadlineName: "the diagnosis' share of the deadline",
    }),
    {
      cluster: request.cluster,
      service: request.service!,
      deploymentId: tracked.deploymentId,
      ...(tracked.serviceDeploymentArn
        ? { serviceDeploymentArn: tracked.serviceDeploymentArn }
        : {}),
      ...(watched.service ? { lastService: watched.service } : {}),
    },
  );
  if (!rollBack) {
    // ECS goes on with a deployment we stopped watching: say so, and how to follow it, in the
    // text output (the JSON reason stays as it was).
    if (outcome !== "timed_out") return { outcome, reason, diagnosis };
    const advice = resumeAdvice(request, tracked, watched.service);
    return {
      outcome,
      reason,
      diagnosis,
      next: { ...advice, reason: `${reason}; ${advice.state}` },
    };
  }
  const previous = tracked.previousTaskDefinitionArn;
  if (signal?.aborted) {
    return {
      ...withSteps(
        "cancelled",
        `${reason}; interrupted before rolling back to ${previous}`,
        resumeAdvice(request, tracked, watched.service),
      ),
      diagnosis,
    };
  }

  const rollbackDeps = { ...withoutSignals(raw), ...(signal ? { signal } : {}) };
  raw.emit({ type: "rollback_started", reason, taskDefinitionArn: previous });
  const left = deadline - clock.now();
  const back =
    (strategy.readsServiceDeployment || strategy.stopWithRollback
      ? await stopWithRollback(request, tracked, rollbackDeps, left, strategy)
      : undefined) ??
      await runDeploy(rollbackRequest(request, previous, left), {
        ...rollbackDeps,
        // The rollback's own result becomes part of ours; only one `finished` is emitted.
        emit: (event) => event.type === "finished" ? undefined : raw.emit(event),
      });
  const rollback = {
    taskDefinitionArn: previous,
    deploymentId: back.deploymentId,
    outcome: back.outcome,
    reason: back.reason,
  };
  const interruptedBack = back.outcome === "cancelled" ? rollbackAdvice(request, back) : undefined;
  const backReason = back.outcome === "succeeded"
    ? `rolled back from ${tracked.taskDefinitionArn} to ${previous}`
    : interruptedBack
    ? `interrupted while rolling back to ${previous}: ${interruptedBack.state}; ` +
      stepsClause(interruptedBack.steps)
    : `the rollback to ${previous} ${
      cancelled ? "" : "also "
    }ended ${back.outcome}: ${back.reason}`;
  const ending = {
    reason: `${reason}; ${backReason}`,
    diagnosis,
    rollback,
    ...(interruptedBack
      ? {
        next: {
          reason: `${reason}; interrupted while rolling back to ${previous}: ` +
            interruptedBack.state,
          steps: interruptedBack.steps,
        },
      }
      : {}),
  };
  // A signal or the deadline decides the outcome of the run; the rollback's is in `rollback`.
  if (cancelled || back.outcome === "cancelled") return { outcome: "cancelled", ...ending };
  if (back.outcome === "succeeded") return { outcome: "rolled_back", ...ending };
  if (back.outcome === "timed_out") return { outcome: "timed_out", ...ending };
  return { outcome: "failed", ...ending };
}

function withoutSignals(deps: DeployDeps): DeployDeps {
  const { signal: _signal, secondSignal: _second, ...rest } = deps;
  return rest;
}

/** Where a run stopped, and the commands to go on from there. */
interface Advice {
  state: string;
  steps: NextStep[];
}

/**
 * An ending whose reason names the commands (as the JSON result always has) and whose `next`
 * holds them as steps, for the text output to print with the connection flags.
 */
function withSteps(outcome: Outcome, before: string, advice: Advice) {
  const reason = `${before}; ${advice.state}`;
  return {
    outcome,
    reason: `${reason}; ${stepsClause(advice.steps)}`,
    next: { reason, steps: advice.steps } satisfies NextSteps,
  };
}

/** Where an interrupted rollback stands, and how to follow it. */
function rollbackAdvice(request: DeployRequest, back: DeployResult): Advice {
  const state = back.deploymentId
    ? `deployment ${back.deploymentId} goes on in ECS`
    : "the service may not have been changed";
  return { state, steps: [watchStep(request.cluster, request.service!)] };
}

/** What a call stopped by the deadline or a signal leaves behind. */
function stoppedReason(
  error: CallStoppedError,
  request: DeployRequest,
  plan: DeployPlan | undefined,
  registered: string | undefined,
): { reason: string; next?: NextSteps } {
  if (error.operation === "RegisterTaskDefinition" && error.inFlight) {
    return {
      reason:
        `${error.message}; a new revision may have been registered; the service was not changed`,
    };
  }
  if (error.operation === "UpdateService" && error.inFlight) {
    const revision = registered ?? plan?.targetTaskDefinitionArn ?? "the new revision";
    const reason = `${error.message}; the service may now run ${revision}`;
    const steps = [statusStep(request.cluster, request.service!)];
    return { reason: `${reason}: ${stepsClause(steps)}`, next: { reason, steps } };
  }
  if (registered) {
    return { reason: `${error.message}; registered ${registered}; the service was not changed` };
  }
  return { reason: `${error.message}; nothing was changed` };
}

/**
 * Housekeeping after a success: a failure here is reported, never turned into a failed deploy.
 */
async function prune(
  keep: number,
  request: DeployRequest,
  tracked: TrackedDeployment,
  deps: DeployDeps,
) {
  const family = tracked.taskDefinitionArn.split("/").pop()!.replace(/:\d+$/, "");
  try {
    const pruned = await pruneRevisions(deps.ecs, {
      cluster: request.cluster,
      family,
      keep,
      running: tracked.taskDefinitionArn,
      previous: tracked.previousTaskDefinitionArn,
      ...(request.keepAlso ? { alsoKeep: request.keepAlso } : {}),
    });
    deps.emit({
      type: "pruned",
      deregistered: pruned.deregistered,
      kept: pruned.inUse.map((use) =>
        `${use.taskDefinitionArn}: used by ${use.services.map((s) => `"${s}"`).join(", ")}`
      ),
      failed: pruned.failed.map((f) => `${f.taskDefinitionArn}: ${f.error}`),
    });
    return pruned.deregistered;
  } catch (error) {
    deps.emit({ type: "pruned", deregistered: [], kept: [], failed: [describeError(error)] });
    return [];
  }
}

/**
 * Where the service stands after a wait that stopped (a signal, the deadline), and the commands
 * to go on from there.
 */
function resumeAdvice(
  request: DeployRequest,
  tracked: TrackedDeployment,
  service: Service | undefined,
): Advice {
  const ours = service?.deployments.find((d) => d.id === tracked.deploymentId);
  const state = ours
    ? `deployment ${ours.id} goes on in ECS (${ours.rolloutState ?? ours.status}, ` +
      `${ours.runningCount}/${ours.desiredCount} tasks running)`
    : `deployment ${tracked.deploymentId} goes on in ECS`;
  return {
    state,
    steps: [
      watchStep(request.cluster, request.service!),
      rollbackStep(request.cluster, request.service!, tracked.previousTaskDefinitionArn),
    ],
  };
}
