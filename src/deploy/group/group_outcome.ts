import { type Outcome, OUTCOMES_WORST_FIRST, worstOutcome } from "../outcome.ts";
import type { DeployResult } from "../deploy_events.ts";
import type { MemberOutcome, MemberResult } from "./group_events.ts";
import type { GroupMember } from "./group_request.ts";

/**
 * Whether a member's outcome counts as a failure for `--fail-fast` and `--group-rollback`: ECS
 * failed or rolled back our deployment, the deadline passed, ECS rejected the update, or an
 * error left it unknown. Superseded (another deployment took over), paused (a hook awaits
 * approval) and cancelled (a signal, which stops every member anyway) do not.
 */
export function isFailure(outcome: MemberOutcome): boolean {
  return ["failed", "rolled_back", "timed_out", "error", "invalid"].includes(outcome);
}

/** A member's line of the group result, from its single deploy's result. */
export function memberResult(
  label: string,
  member: GroupMember,
  result: DeployResult,
): MemberResult {
  return {
    member: label,
    ...member,
    outcome: result.outcome,
    exitCode: result.exitCode,
    reason: result.reason,
    taskDefinitionArn: result.taskDefinitionArn,
    previousTaskDefinitionArn: result.previousTaskDefinitionArn,
    deploymentId: result.deploymentId,
    ...(result.rollback ? { rollback: result.rollback } : {}),
  };
}

/** A member the group did not start, and why. */
export function notStarted(label: string, member: GroupMember, reason: string): MemberResult {
  return {
    member: label,
    ...member,
    outcome: "not_started",
    exitCode: null,
    reason,
    taskDefinitionArn: null,
    previousTaskDefinitionArn: null,
    deploymentId: null,
  };
}

/**
 * The group's outcome: `succeeded` only when every member succeeded, otherwise the worst of
 * theirs ({@linkcode OUTCOMES_WORST_FIRST}) and of `stops` (why members were not started: the
 * deadline, a signal).
 */
export function groupOutcome(members: MemberResult[], stops: Outcome[] = []): Outcome {
  const outcomes = members.flatMap((m) => m.outcome === "not_started" ? [] : [m.outcome]);
  return worstOutcome([...outcomes, ...stops]);
}

/** `3 services: 1 failed (worker), 2 succeeded`, outcomes worst first, members named. */
export function groupSummary(members: MemberResult[]): string {
  const order: MemberOutcome[] = [...OUTCOMES_WORST_FIRST.slice(0, -1), "not_started", "succeeded"];
  const parts = order.flatMap((outcome) => {
    const of = members.filter((m) => m.outcome === outcome);
    if (of.length === 0) return [];
    const names = outcome === "succeeded" ? "" : ` (${of.map((m) => m.member).join(", ")})`;
    return [`${of.length} ${outcome}${names}`];
  });
  const count = members.length === 1 ? "1 service" : `${members.length} services`;
  return `${count}: ${parts.join(", ")}`;
}
