/**
 * The simulator's scheduled transitions as data rather than closures, so that a snapshot of the
 * state can hold the step queue and a restored simulator carries on exactly where it stopped:
 * each step names what happens and to which record.
 *
 * @module
 */
import type { ServiceDeploymentRecord, ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { startRequestedRollback } from "./deployment_lifecycle.ts";
import { forgetService } from "./service_scheduler.ts";
import { taskTransitions } from "./task_lifecycle.ts";

/** A transition of one task (see `task_lifecycle.ts`). */
export type TaskStepKind = keyof typeof taskTransitions;

/** One scheduled transition. */
export type SimStep =
  /** Re-runs the scheduler of a service at `at` (see `SimState.wakeAt`). */
  | { kind: "wake"; service: ServiceRecord; at: number }
  /** Forgets an INACTIVE service once its retention has passed. */
  | { kind: "forget-service"; service: ServiceRecord }
  /** Starts the rollback a StopServiceDeployment requested (traffic-shifting strategies). */
  | { kind: "start-rollback"; serviceDeployment: ServiceDeploymentRecord }
  | { kind: TaskStepKind; task: TaskRecord };

/** Runs one step at `state.now`. */
export function runStep(state: SimState, step: SimStep): void {
  switch (step.kind) {
    case "wake":
      step.service.wakeups.delete(step.at);
      state.markDirty(step.service);
      return;
    case "forget-service":
      return forgetService(step.service);
    case "start-rollback":
      return startRequestedRollback(state, step.serviceDeployment);
    default:
      return taskTransitions[step.kind](state, step.task);
  }
}
