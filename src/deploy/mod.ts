/**
 * The engine's public surface: what the command tree (`src/cli`) and the reporters
 * (`src/report`) use. Everything else in `src/deploy` is internal to the engine.
 *
 * @module
 */
export { isGarbledAnswer } from "./calls/call_errors.ts";
export { parseContainerImage } from "./plan/change_images.ts";
export { copyTaskDefinition } from "./plan/copy_task_definition.ts";
export { parseRevision } from "./plan/task_definition_name.ts";
export type { DeployDeps } from "./deploy_deps.ts";
export type {
  DeployEvent,
  DeploymentSnapshot,
  DeployResult,
  OneOffTaskResult,
} from "./deploy_events.ts";
export type { CodeDeployRequest, DeployRequest } from "./deploy_request.ts";
export { deployResult } from "./deploy_result.ts";
export { describeError } from "./describe_error.ts";
export type { Diagnosis, StoppedTask } from "./diagnose/diagnose_deployment.ts";
export type { StageProgress } from "./watch/judge_deployment.ts";
export type { NextStep, NextSteps } from "./commands/next_steps.ts";
export { exitCodeFor, OUTCOMES_WORST_FIRST, worstOutcome } from "./outcome.ts";
export { runGroup } from "./group/run_group.ts";
export type { GroupDeps } from "./group/run_group.ts";
export type { GroupMember, GroupRequest } from "./group/group_request.ts";
export { memberLabel } from "./group/group_request.ts";
export type {
  GroupEvent,
  GroupEventSink,
  GroupResult,
  GroupRevision,
  MemberOutcome,
  MemberResult,
} from "./group/group_events.ts";
export type { Outcome } from "./outcome.ts";
export type { DeployPlan } from "./plan/plan_deploy.ts";
export type { EditChange, EditRequest } from "./plan/edits/edit_request.ts";
export { noEdits } from "./plan/edits/edit_request.ts";
export { runContinue } from "./commands/run_continue.ts";
export { runDeploy } from "./commands/run_deploy.ts";
export { runRollback } from "./commands/run_rollback.ts";
export { runStatus } from "./commands/run_status.ts";
export type { ServiceStatus, TaskGroup } from "./commands/run_status.ts";
export { runWait } from "./commands/run_wait.ts";
export { runTask } from "./commands/run_task.ts";
export type { RunTaskRequest } from "./run_task/run_task_request.ts";
export { LIFECYCLE_STAGES } from "./strategy/lifecycle_stages.ts";
