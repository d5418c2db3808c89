import type { DeployResult } from "./deploy_events.ts";
import type { DeployRequest } from "./deploy_request.ts";
import type { TrackedDeployment } from "./judge_deployment.ts";
import { type DeployDeps, runDeploy } from "./run_deploy.ts";

/**
 * Points the service back at the revision it ran before ours and waits for that, as a deploy
 * of exactly that revision (the same engine, never a second one), in what is left of the run's
 * deadline (`timeoutMs`) and stopped by `deps.signal`: the caller passes the signal that may
 * still come (the next one, when a signal started the rollback).
 */
export function rollBackDeploy(
  request: DeployRequest,
  tracked: TrackedDeployment,
  why: string,
  deps: DeployDeps,
  timeoutMs: number,
): Promise<DeployResult> {
  deps.emit({
    type: "rollback_started",
    reason: why,
    taskDefinitionArn: tracked.previousTaskDefinitionArn,
  });
  return runDeploy({
    cluster: request.cluster,
    ...(request.service !== undefined ? { service: request.service } : {}),
    images: [],
    containerImages: [],
    forceNewDeployment: false,
    timeoutMs: Math.max(0, timeoutMs),
    wait: true,
    dryRun: false,
    targetTaskDefinitionArn: tracked.previousTaskDefinitionArn,
    whenBusy: "force",
    diagnose: false,
  }, {
    ...deps,
    // The rollback's own result becomes part of ours; only one `finished` is emitted.
    emit: (event) => event.type === "finished" ? undefined : deps.emit(event),
  });
}
