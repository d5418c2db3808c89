import type { ImageChange } from "./plan/change_images.ts";
import type { DeployResult, EventSink } from "./deploy_events.ts";
import type { Diagnosis } from "./diagnose/diagnose_deployment.ts";
import type { NextSteps } from "./commands/next_steps.ts";
import { exitCodeFor, type Outcome } from "./outcome.ts";

/** What is known about a deploy when it ends; unknown members become null. */
export interface Ending {
  outcome: Outcome;
  reason: string;
  cluster: string;
  service?: string | undefined;
  taskDefinitionArn?: string | undefined;
  previousTaskDefinitionArn?: string | undefined;
  deploymentId?: string | undefined;
  serviceDeploymentArn?: string | undefined;
  imageChanges?: ImageChange[] | undefined;
  durationMs?: number;
  diagnosis?: Diagnosis | undefined;
  rollback?: DeployResult["rollback"];
  prunedRevisions?: string[] | undefined;
  task?: DeployResult["task"];
  runBefore?: DeployResult["runBefore"];
  digests?: DeployResult["digests"] | undefined;
  digestVerification?: DeployResult["digestVerification"] | undefined;
  /** The signal that interrupted the deploy, which decides a cancelled exit code. */
  signal?: AbortSignal | undefined;
  /** The error that ended it, with its causes, for `-v`; never part of the JSON result. */
  error?: unknown;
  /** The commands to go on with, for the text output; never part of the JSON result. */
  next?: NextSteps | undefined;
}

/** The one way a result object is made, so every command reports the same shape. */
export function deployResult(ending: Ending): DeployResult {
  return {
    outcome: ending.outcome,
    exitCode: exitCodeFor(ending.outcome, ending.signal),
    cluster: ending.cluster,
    service: ending.service ?? null,
    taskDefinitionArn: ending.taskDefinitionArn ?? null,
    previousTaskDefinitionArn: ending.previousTaskDefinitionArn ?? null,
    deploymentId: ending.deploymentId ?? null,
    serviceDeploymentArn: ending.serviceDeploymentArn ?? null,
    reason: ending.reason,
    imageChanges: ending.imageChanges ?? [],
    durationMs: ending.durationMs ?? 0,
    ...(ending.diagnosis ? { diagnosis: ending.diagnosis } : {}),
    ...(ending.rollback ? { rollback: ending.rollback } : {}),
    ...(ending.prunedRevisions ? { prunedRevisions: ending.prunedRevisions } : {}),
    ...(ending.task ? { task: ending.task } : {}),
    ...(ending.runBefore ? { runBefore: ending.runBefore } : {}),
    ...(ending.digests ? { digests: ending.digests } : {}),
    ...(ending.digestVerification ? { digestVerification: ending.digestVerification } : {}),
  };
}

/** Builds the result, emits it as `finished` and returns it. */
export function finishWith(emit: EventSink, ending: Ending): DeployResult {
  const result = deployResult(ending);
  emit({
    type: "finished",
    result,
    ...(ending.error !== undefined ? { error: ending.error } : {}),
    ...(ending.next ? { next: ending.next } : {}),
  });
  return result;
}
