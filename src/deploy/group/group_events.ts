import type { DeployEvent, DeployResult } from "../deploy_events.ts";
import type { Outcome } from "../outcome.ts";

/** How one member of a group ended; `not_started` when the group stopped before it began. */
export type MemberOutcome = Outcome | "not_started";

/** One member's line of the group result. */
export interface MemberResult {
  /** The service, or `SERVICE@CLUSTER` outside the run's cluster. */
  member: string;
  service: string;
  cluster: string;
  outcome: MemberOutcome;
  /** The exit code a single deploy of it would have had; null when it did not start. */
  exitCode: number | null;
  reason: string;
  taskDefinitionArn: string | null;
  previousTaskDefinitionArn: string | null;
  deploymentId: string | null;
  /** The rollback its own deploy made (`--rollback`, or a failed member of `--group-rollback`). */
  rollback?: DeployResult["rollback"];
  /** The rollback `--group-rollback` made of a member that had moved. */
  groupRollback?: NonNullable<DeployResult["rollback"]>;
}

/** A revision registered for the group, and the members that share it. */
export interface GroupRevision {
  taskDefinitionArn: string;
  members: string[];
}

/** The end of a group deploy, as the last JSON line and the exit code report it. */
export interface GroupResult {
  /** Always true: tells the group's result line from a member's. */
  group: true;
  outcome: Outcome;
  exitCode: number;
  /** The run's default cluster (`-c`). */
  cluster: string;
  reason: string;
  durationMs: number;
  revisions: GroupRevision[];
  services: MemberResult[];
}

/** What a group deploy reports while it works. */
export type GroupEvent =
  /** A member's own event, as its single deploy would emit it (its `finished` included). */
  | { type: "member"; member: string; event: DeployEvent }
  | {
    type: "group_registered";
    taskDefinitionArn: string;
    members: string[];
    foundAfterLostAnswer?: boolean;
  }
  | { type: "group_rollback_started"; reason: string; members: string[] }
  | { type: "group_finished"; result: GroupResult; error?: unknown };

/** Receives group events; the engine never writes output itself. */
export type GroupEventSink = (event: GroupEvent) => void;
