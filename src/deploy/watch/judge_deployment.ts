import type { Deployment, LifecycleStage, Service, ServiceDeployment } from "../../ecs/types.ts";

/** The deployment a deploy started, by the identities ECS gave it. */
export interface TrackedDeployment {
  deploymentId: string;
  taskDefinitionArn: string;
  /** The revision the service ran before; where a rollback goes back to. */
  previousTaskDefinitionArn: string;
  serviceDeploymentArn?: string;
}

export type FinalOutcome = "succeeded" | "failed" | "rolled_back" | "superseded";

/** Where a deployment in lifecycle stages (blue/green, linear, canary) stands. */
export interface StageProgress {
  lifecycleStage?: LifecycleStage;
  /** The share of production traffic ECS sends to the new revision, 0 to 100. */
  productionTrafficPercent?: number;
  /** A PAUSE hook waiting for `ContinueServiceDeployment`. */
  awaitingHookId?: string;
  hookExpiresAt?: Date;
  /** CodeDeploy: the lifecycle event in progress (or the last one done). */
  lifecycleEvent?: string;
  /** CodeDeploy is Ready: it reroutes production traffic once ContinueDeployment approves. */
  awaitingContinue?: boolean;
  /** When the bake ends: CodeDeploy's wait before it terminates the blue task set. */
  bakeEndsAt?: Date;
}

export type Verdict =
  | { done: false; phase: "deploying" | "rolling_back" | "paused"; stage?: StageProgress }
  | { done: true; outcome: FinalOutcome; reason: string };

/** What earlier observations showed, which a later one can no longer show. */
export interface WatchMemory {
  /** Our deployment's rolloutStateReason once ECS marked it FAILED. */
  failureReason?: string;
}

/**
 * Judges our deployment from one DescribeServices observation. Only our deployment decides:
 * a rollback to the previous revision is never a success, and another deployment's completion
 * says nothing about ours.
 */
export function judgeDeployment(
  service: Service,
  tracked: TrackedDeployment,
  memory: WatchMemory,
): { verdict: Verdict; memory: WatchMemory } {
  const ours = service.deployments.find((d) => d.id === tracked.deploymentId);
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  if (ours?.rolloutState === "FAILED") {
    memory = { failureReason: ours.rolloutStateReason ?? "ECS marked the deployment FAILED" };
  } else if (!ours && memory.failureReason === undefined) {
    // ECS may fail, roll back and drop ours between two polls; its events still say why.
    const reason = failureFromEvents(service, tracked.deploymentId);
    if (reason) memory = { failureReason: reason };
  }
  const failed = memory.failureReason !== undefined;

  if (ours && !failed && ours.status === "PRIMARY") {
    return { verdict: primaryVerdict(ours, service), memory };
  }
  if (ours && failed && ours.status === "PRIMARY") {
    return { verdict: { done: true, outcome: "failed", reason: memory.failureReason! }, memory };
  }
  // Our deployment is no longer PRIMARY, or ECS has removed it.
  if (primary && isRollbackTo(primary, tracked)) {
    const drained = !ours || ours.runningCount + ours.pendingCount === 0;
    if (primary.rolloutState === "COMPLETED" && drained) {
      const why = (memory.failureReason ?? "ECS rolled the service back").replace(/\.$/, "");
      return {
        verdict: {
          done: true,
          outcome: "rolled_back",
          reason: `${why}; the service is back on ${tracked.previousTaskDefinitionArn}`,
        },
        memory,
      };
    }
    return { verdict: { done: false, phase: "rolling_back" }, memory };
  }
  if (failed) {
    return { verdict: { done: true, outcome: "failed", reason: memory.failureReason! }, memory };
  }
  const by = primary
    ? `deployment ${primary.id} (${primary.taskDefinition})`
    : "another deployment";
  return {
    verdict: { done: true, outcome: "superseded", reason: `replaced by ${by} before it finished` },
    memory,
  };
}

/** The reason of a `(deployment ID) deployment failed: REASON` service event of ours. */
function failureFromEvents(service: Service, deploymentId: string): string | undefined {
  const marker = `(deployment ${deploymentId}) deployment failed: `;
  const event = service.events.find((e) => e.message.includes(marker));
  return event?.message.slice(event.message.indexOf(marker) + marker.length);
}

/**
 * How ECS's own rollback of the last deployment shows in DescribeServices alone, once it has
 * finished: the PRIMARY is the deployment ECS rolled back to (it reuses that deployment's id and
 * says `rolling back to deployment ID` in the service events), and the failed deployment is gone.
 * Undefined when the events do not say so.
 */
export function rollbackFromEvents(service: Service): { reason: string } | undefined {
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  if (!primary) return undefined;
  const byAge = service.events.toSorted((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const rollback = byAge.findIndex((e) =>
    e.message.includes(`rolling back to deployment ${primary.id}`)
  );
  if (rollback < 0) return undefined;
  // The failure ECS reported just before it rolled back says why.
  const failure = byAge.slice(rollback).find((e) => e.message.includes(") deployment failed: "));
  const why = failure?.message.slice(failure.message.indexOf(") deployment failed: ") + 21);
  return { reason: `${(why ?? "ECS rolled the last deployment back").replace(/\.$/, "")}` };
}

function primaryVerdict(ours: Deployment, service: Service): Verdict {
  // DESIGN.md: our revision is PRIMARY, running == desired, old tasks gone.
  const steady = ours.runningCount === ours.desiredCount && service.deployments.length === 1;
  const rolledOut = ours.rolloutState === undefined || ours.rolloutState === "COMPLETED";
  if (steady && rolledOut) {
    return {
      done: true,
      outcome: "succeeded",
      reason: `${ours.runningCount} of ${ours.desiredCount} tasks running the new revision`,
    };
  }
  return { done: false, phase: "deploying" };
}

function isRollbackTo(primary: Deployment, tracked: TrackedDeployment): boolean {
  return primary.id !== tracked.deploymentId &&
    primary.taskDefinition === tracked.previousTaskDefinitionArn &&
    primary.taskDefinition !== tracked.taskDefinitionArn;
}

/**
 * Judges our deployment from its ServiceDeployment, where the service supports the deployment
 * APIs; undefined while it is still in progress.
 */
export function judgeServiceDeployment(
  deployment: Pick<ServiceDeployment, "status" | "statusReason">,
): { outcome: FinalOutcome; reason: string } | undefined {
  const reason = deployment.statusReason ?? deployment.status;
  switch (deployment.status) {
    case "SUCCESSFUL":
      return { outcome: "succeeded", reason };
    case "ROLLBACK_SUCCESSFUL":
      return { outcome: "rolled_back", reason };
    case "ROLLBACK_FAILED":
      // Said once, where ECS's own reason already says so.
      return {
        outcome: "failed",
        reason: /rollback failed/i.test(reason) ? reason : `the rollback failed: ${reason}`,
      };
    case "STOPPED":
      return /supersed|replaced|newer|new (service )?deployment/i.test(reason)
        ? { outcome: "superseded", reason }
        : { outcome: "failed", reason };
    default:
      return undefined;
  }
}
