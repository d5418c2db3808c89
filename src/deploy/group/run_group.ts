/**
 * A group deploy (`deploy -n api -n worker -n scheduler`): plan every member, register the
 * revisions they need (a shared one once), then run each member as the single deploy it is
 * ({@linkcode runDeploy}, pinned to its registered revision), a bounded number at once, and end
 * with one outcome. The single-service engine judges each member; this file only composes it.
 *
 * @module
 */
import { registerRevision } from "../apply/register_revision.ts";
import { boundedCalls } from "../calls/bounded_ecs_client.ts";
import { runDeploy } from "../commands/run_deploy.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import type { DeployEvent, DeployResult } from "../deploy_events.ts";
import type { DeployRequest } from "../deploy_request.ts";
import { InvalidRequestError } from "../../errors.ts";
import { exitCodeFor, type Outcome } from "../outcome.ts";
import type { GroupEventSink, GroupResult, GroupRevision, MemberResult } from "./group_events.ts";
import {
  groupOutcome,
  groupSummary,
  isFailure,
  memberResult,
  notStarted,
} from "./group_outcome.ts";
import { type GroupRequest, memberLabel } from "./group_request.ts";
import { type GroupPlan, planGroup, type PlannedMember, problemOf } from "./plan_group.ts";
import { rollBackGroup } from "./roll_back_group.ts";
import { runPool } from "./run_pool.ts";

/** What a group deploy needs: a deploy's dependencies, with a sink for group events. */
export interface GroupDeps extends Omit<DeployDeps, "emit"> {
  emit: GroupEventSink;
}

/**
 * Deploys every member of the group and reports one {@linkcode GroupResult}, also emitted as
 * `group_finished`. Nothing changes unless every member could be planned. `-t` is one deadline
 * for the whole group; the signal stops every member. Never throws.
 */
export async function runGroup(request: GroupRequest, deps: GroupDeps): Promise<GroupResult> {
  const startedAt = deps.clock.now();
  const deadline = startedAt + request.deploy.timeoutMs;
  const parallel = request.parallel ?? request.members.length;
  const labels = request.members.map((m) => memberLabel(m, request.deploy.cluster));
  const memberEmit = (member: string) => (event: DeployEvent) =>
    deps.emit({ type: "member", member, event });
  const revisions: GroupRevision[] = [];
  const finish = (outcome: Outcome, reason: string, services: MemberResult[], error?: unknown) => {
    const result: GroupResult = {
      group: true,
      outcome,
      exitCode: exitCodeFor(outcome, deps.signal),
      cluster: request.deploy.cluster,
      reason,
      durationMs: deps.clock.now() - startedAt,
      revisions,
      services,
    };
    deps.emit({ type: "group_finished", result, ...(error !== undefined ? { error } : {}) });
    return result;
  };
  const noneStarted = (why: string, except: MemberResult[] = []) =>
    request.members.map((member, i) =>
      except.find((m) => m.member === labels[i]) ?? notStarted(labels[i]!, member, why)
    );

  let plan: GroupPlan;
  try {
    plan = await planGroup(
      request,
      (label) => boundedCalls({ ...deps, emit: memberEmit(label) }, deadline),
      (label, planned) => memberEmit(label)({ type: "planned", plan: planned }),
    );
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    return finish("invalid", error.message, [], error);
  }

  if (plan.problems.length === 0 && plan.unusedRules.length > 0) {
    return finish(
      "invalid",
      `${plan.unusedRules.join("; ")}; nothing was changed`,
      noneStarted("not started: an image rule applies to no service"),
    );
  }
  if (plan.problems.length > 0) {
    const bad = plan.problems.map((p) => ({
      ...notStarted(p.label, p.member, p.reason),
      outcome: p.outcome,
      exitCode: exitCodeFor(p.outcome, deps.signal),
    }));
    const others = bad.length === 1 ? "another service" : `${bad.length} other services`;
    const services = noneStarted(`not started: ${others} of the group cannot be deployed`, bad);
    return finish(
      groupOutcome(services),
      `${bad.length} of ${request.members.length} services cannot be deployed; nothing was ` +
        `changed: ${plan.problems.map((p) => p.reason).join("; ")}`,
      services,
      plan.problems[0]!.error,
    );
  }

  if (request.deploy.dryRun) {
    const services = plan.members.map((m) =>
      notStarted(m.label, m.member, "dry run: nothing was changed")
    );
    const registers = plan.revisions.map((r) =>
      `a revision of "${r.input.family}" (for ${r.members.join(", ")})`
    );
    return finish(
      "succeeded",
      `dry run: nothing was changed; the deploy would register ${
        registers.length === 0 ? "no revision" : registers.join(", ")
      } and update ${services.length} services`,
      services.map((s) => ({ ...s, outcome: "succeeded", exitCode: 0 })),
    );
  }

  // Every revision is registered before any service changes: a failure here leaves them all.
  const ecs = boundedCalls({ ...deps, emit: () => {} }, deadline);
  const arnOf = new Map<string, string>();
  let registerFailure: { error: unknown; family: string } | undefined;
  await runPool(plan.revisions, parallel, async (revision) => {
    try {
      const registered = await registerRevision(ecs, revision.input);
      const arn = registered.taskDefinition.taskDefinitionArn;
      for (const member of revision.members) arnOf.set(member, arn);
      revisions.push({ taskDefinitionArn: arn, members: revision.members });
      deps.emit({
        type: "group_registered",
        taskDefinitionArn: arn,
        members: revision.members,
        ...(registered.foundAfterLostAnswer ? { foundAfterLostAnswer: true } : {}),
      });
    } catch (error) {
      registerFailure ??= { error, family: revision.input.family };
    }
  }, () => registerFailure === undefined);
  const registeredClause = revisions.length === 0
    ? ""
    : `registered ${revisions.map((r) => r.taskDefinitionArn).join(", ")}; `;
  if (registerFailure) {
    const { outcome, reason } = problemOf(registerFailure.error);
    return finish(
      outcome,
      `Cannot register the next revision of "${registerFailure.family}": ${reason}; ` +
        `${registeredClause}no service was changed`,
      noneStarted("not started: a revision could not be registered"),
      registerFailure.error,
    );
  }
  if (deps.signal?.aborted) {
    return finish(
      "cancelled",
      `interrupted before any service changed; ${registeredClause}no service was changed`,
      noneStarted("not started: interrupted"),
    );
  }

  const results: (MemberResult | undefined)[] = [];
  const stops = new Set<Outcome>();
  let firstFailure: MemberResult | undefined;
  const stopsOnFailure = request.failFast === true || request.groupRollback === true;
  const mayStart = () =>
    !deps.signal?.aborted && deps.clock.now() < deadline && !(stopsOnFailure && firstFailure);
  await runPool(
    plan.members,
    parallel,
    async (planned) => {
      const result = await deployMember(planned, arnOf.get(planned.label), {
        request,
        deps,
        timeoutMs: deadline - deps.clock.now(),
        emit: memberEmit(planned.label),
      });
      const line = memberResult(planned.label, planned.member, result);
      results[planned.index] = line;
      if (isFailure(line.outcome)) firstFailure ??= line;
    },
    mayStart,
    (planned) => {
      const why = deps.signal?.aborted
        ? (stops.add("cancelled"), "not started: interrupted")
        : deps.clock.now() >= deadline
        ? (stops.add("timed_out"), "not started: the deadline passed before its turn")
        : `not started: "${firstFailure?.member}" failed (${
          request.groupRollback ? "--group-rollback" : "--fail-fast"
        })`;
      results[planned.index] = notStarted(planned.label, planned.member, why);
    },
  );
  let services = results.map((r, i) => r ?? notStarted(labels[i]!, request.members[i]!, "?"));

  if (request.groupRollback && firstFailure && !deps.signal?.aborted) {
    const failed = firstFailure;
    services = await rollBackGroup(services, {
      deps,
      deadline,
      parallel,
      reason: `"${failed.member}" ended ${failed.outcome}`,
      emitFor: memberEmit,
    });
    const summary = groupSummary(services);
    return finish(
      groupOutcome(services, [...stops]),
      `"${failed.member}" ended ${failed.outcome}: ${failed.reason}; the group was rolled ` +
        `back: ${summary}`,
      services,
    );
  }
  const outcome = groupOutcome(services, [...stops]);
  const worst = services.find((s) => s.outcome === outcome);
  const summary = groupSummary(services);
  return finish(
    outcome,
    outcome === "succeeded" || !worst ? summary : `${summary}; "${worst.member}": ${worst.reason}`,
    services,
  );
}

/**
 * One member as a single deploy: pinned to the revision the group registered for it (so a shared
 * revision is registered once), or as asked where no new revision is needed. Its events go out
 * under its name; the plan it makes again is not news, the group's plan was.
 */
async function deployMember(
  planned: PlannedMember,
  revisionArn: string | undefined,
  scope: {
    request: GroupRequest;
    deps: GroupDeps;
    timeoutMs: number;
    emit: (e: DeployEvent) => void;
  },
): Promise<DeployResult> {
  // Pinned to the registered revision, which has the images and edits already in it.
  const { tag: _tag, edits: _edits, revision: _revision, ...asked } = planned.request;
  const single: DeployRequest = {
    ...(revisionArn === undefined
      ? planned.request
      : { ...asked, images: [], containerImages: [], targetTaskDefinitionArn: revisionArn }),
    timeoutMs: Math.max(0, scope.timeoutMs),
    ...(scope.request.groupRollback ? { rollback: true } : {}),
  };
  const imageChanges = planned.plan.imageChanges;
  let replanned = false;
  const result = await runDeploy(single, {
    ...scope.deps,
    emit: (event) => {
      if (event.type === "planned" && !replanned) {
        replanned = true;
        return;
      }
      scope.emit(
        event.type === "finished" ? { ...event, result: { ...event.result, imageChanges } } : event,
      );
    },
  });
  return { ...result, imageChanges };
}
