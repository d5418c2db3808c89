/**
 * The plan of a group deploy, made before anything changes: every member's service and the
 * revision it runs are read, and every image rule is checked against every member. Members whose
 * next revisions are the same (they run the same revision, or revisions that differ only in what
 * the rules replace) share one revision, registered once.
 *
 * @module
 */
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { TaskDefinitionInput } from "../../ecs/types.ts";
import { InvalidRequestError } from "../../errors.ts";
import { busyRefusal } from "../apply/guard_busy_service.ts";
import { CallStoppedError } from "../calls/bounded_ecs_client.ts";
import type { DeployRequest } from "../deploy_request.ts";
import { describeError } from "../describe_error.ts";
import type { Outcome } from "../outcome.ts";
import { type DeployPlan, planDeploy } from "../plan/plan_deploy.ts";
import { readDeployState } from "../plan/read_deploy_state.ts";
import { type GroupMember, type GroupRequest, memberLabel } from "./group_request.ts";
import { runPool } from "./run_pool.ts";
import { changesBesidesImages, rulesForMember } from "./rules_for_member.ts";

/** One member with its plan and the single-deploy request it runs with. */
export interface PlannedMember {
  /** Its place in the request's member list. */
  index: number;
  member: GroupMember;
  label: string;
  request: DeployRequest;
  plan: DeployPlan;
}

/** A revision the group registers, and the members that deploy it. */
export interface PlannedRevision {
  input: TaskDefinitionInput;
  members: string[];
}

/** Why a member cannot be deployed: its outcome as a single deploy, and the reason. */
export interface PlanProblem {
  index: number;
  label: string;
  member: GroupMember;
  outcome: Outcome;
  reason: string;
  error: unknown;
}

/** Everything the group will do, or every member that stands in the way. */
export interface GroupPlan {
  members: PlannedMember[];
  revisions: PlannedRevision[];
  problems: PlanProblem[];
  /** Image rules that apply to no service of the group, as reasons. */
  unusedRules: string[];
}

/**
 * Reads and plans every member (at most `parallel` at once), each with the image rules that
 * apply to it. Never throws for a member: each problem is collected, so one run names every bad
 * service, and so is every rule that applies to none. Only reads are made.
 *
 * @throws {InvalidRequestError} when a member is listed twice
 */
export async function planGroup(
  request: GroupRequest,
  ecsFor: (label: string) => EcsClient,
  onPlanned: (label: string, plan: DeployPlan) => void = () => {},
): Promise<GroupPlan> {
  const defaultCluster = request.deploy.cluster;
  const labels = request.members.map((member) => memberLabel(member, defaultCluster));
  const twice = labels.find((label, i) => labels.indexOf(label) !== i);
  if (twice !== undefined) {
    throw new InvalidRequestError(`Cannot deploy "${twice}" twice in one run: list it once`);
  }
  const planned: (PlannedMember | undefined)[] = [];
  const problems: (PlanProblem | undefined)[] = [];
  const used = new Set<string>();
  let read = 0;
  await runPool(request.members, request.parallel ?? request.members.length, async (member, i) => {
    const label = labels[i]!;
    const asked: DeployRequest = { ...request.deploy, ...member };
    try {
      const state = await readDeployState(ecsFor(label), asked);
      read++;
      const containers = state.current.taskDefinition.containerDefinitions;
      const single = rulesForMember(asked, containers);
      for (const image of single.images) used.add(`-i ${image}`);
      for (const rule of single.containerImages) used.add(`-l ${rule.container}`);
      const rules = asked.images.length + asked.containerImages.length;
      if (rules > 0 && single.images.length + single.containerImages.length === 0) {
        if (!changesBesidesImages(asked)) {
          throw new InvalidRequestError(
            `Cannot deploy "${member.service}": no -i or -l rule applies to it; ` +
              describeImages(containers),
          );
        }
      }
      const plan = planDeploy(state, single);
      const refusal = state.service && busyRefusal(state.service, single);
      if (refusal) throw refusal;
      planned[i] = { index: i, member, label, request: single, plan };
      onPlanned(label, plan);
    } catch (error) {
      problems[i] = { index: i, label, member, error, ...problemOf(error) };
    }
  });
  // Only once every service was read can a rule be said to apply to none of them.
  const unusedRules = read < request.members.length ? [] : [
    ...request.deploy.images.filter((image) => !used.has(`-i ${image}`)).map((image) =>
      `Image "${image}" (-i) matches no container of the ${request.members.length} services`
    ),
    ...request.deploy.containerImages.filter((rule) => !used.has(`-l ${rule.container}`)).map((
      rule,
    ) => `Container "${rule.container}" (-l) is in none of the ${request.members.length} services`),
  ];
  return {
    members: planned.filter((p) => p !== undefined),
    revisions: sharedRevisions(planned.filter((p) => p !== undefined)),
    problems: problems.filter((p) => p !== undefined),
    unusedRules,
  };
}

function describeImages(containers: { name: string; image: string }[]): string {
  if (containers.length === 0) return "its task definition has no containers";
  return `its container images are ${containers.map((c) => `"${c.image}" (${c.name})`).join(", ")}`;
}

/** A member's outcome and reason as a single deploy would report the error. */
export function problemOf(error: unknown): { outcome: Outcome; reason: string } {
  if (error instanceof InvalidRequestError) return { outcome: "invalid", reason: error.message };
  if (error instanceof CallStoppedError) return { outcome: error.outcome, reason: error.message };
  return { outcome: "error", reason: describeError(error) };
}

/**
 * The revisions to register, one per distinct next task definition: members that would register
 * the same content share it, so one image for api, worker and scheduler is one revision when they
 * run one family's revision, and one per family otherwise.
 */
function sharedRevisions(members: PlannedMember[]): PlannedRevision[] {
  const byContent = new Map<string, PlannedRevision>();
  for (const { plan, label } of members) {
    if (!plan.nextTaskDefinition) continue;
    const key = JSON.stringify(plan.nextTaskDefinition);
    const revision = byContent.get(key) ?? { input: plan.nextTaskDefinition, members: [] };
    revision.members.push(label);
    byContent.set(key, revision);
  }
  return [...byContent.values()];
}
