/**
 * `--group-rollback`: once a member has failed, every member that moved goes back to the
 * revision it ran before, as `rollback` does it (a deploy of exactly that revision, by the one
 * engine). A failed member has rolled itself back already (its deploy ran with `--rollback`,
 * unless ECS did); a superseded, paused or unstarted member is left as it is.
 *
 * @module
 */
import { rollbackRequest } from "../apply/roll_back_deploy.ts";
import { runDeploy } from "../commands/run_deploy.ts";
import type { DeployEvent } from "../deploy_events.ts";
import { exitCodeFor } from "../outcome.ts";
import type { MemberResult } from "./group_events.ts";
import type { GroupDeps } from "./run_group.ts";
import { runPool } from "./run_pool.ts";

/** Whether the member's service moved to our revision and is not back where it was. */
export function movedAndNotBack(member: MemberResult): boolean {
  if (member.deploymentId === null || member.previousTaskDefinitionArn === null) return false;
  if (member.outcome === "succeeded") return true;
  // An error after the update left it where it was, as far as anyone knows: take it back.
  return member.outcome === "error" && member.rollback === undefined;
}

/** Rolls back every member that moved, at most `parallel` at once; returns the new lines. */
export async function rollBackGroup(
  members: MemberResult[],
  scope: {
    deps: GroupDeps;
    deadline: number;
    parallel: number;
    reason: string;
    emitFor: (member: string) => (event: DeployEvent) => void;
  },
): Promise<MemberResult[]> {
  const { deps } = scope;
  const moving = members.filter(movedAndNotBack);
  deps.emit({
    type: "group_rollback_started",
    reason: scope.reason,
    members: moving.map((m) => m.member),
  });
  const after = new Map<string, MemberResult>();
  await runPool(moving, scope.parallel, async (member) => {
    const previous = member.previousTaskDefinitionArn!;
    const emit = scope.emitFor(member.member);
    emit({ type: "rollback_started", reason: scope.reason, taskDefinitionArn: previous });
    const back = await runDeploy(
      rollbackRequest(member, previous, scope.deadline - deps.clock.now()),
      // The rollback's result becomes part of the member's line; its own `finished` is not news.
      { ...deps, emit: (event) => event.type === "finished" ? undefined : emit(event) },
    );
    const groupRollback = {
      taskDefinitionArn: previous,
      deploymentId: back.deploymentId,
      outcome: back.outcome,
      reason: back.reason,
    };
    const outcome = back.outcome === "succeeded"
      ? "rolled_back"
      : back.outcome === "cancelled" || back.outcome === "timed_out"
      ? back.outcome
      : "failed";
    after.set(member.member, {
      ...member,
      outcome,
      exitCode: exitCodeFor(outcome, deps.signal),
      reason: back.outcome === "succeeded"
        ? `${member.reason}; rolled back with the group to ${previous}`
        : `${member.reason}; the group's rollback to ${previous} ended ${back.outcome}: ` +
          back.reason,
      groupRollback,
    });
  });
  return members.map((m) => after.get(m.member) ?? m);
}
