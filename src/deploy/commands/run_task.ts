import { InvalidRequestError } from "../../errors.ts";
import { boundedCalls, CallStoppedError } from "../calls/bounded_ecs_client.ts";
import { BoundedLogsClient } from "../calls/bounded_logs_client.ts";
import { diagnosisShare } from "../calls/run_deadline.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import type { DeployResult } from "../deploy_events.ts";
import { type Ending, finishWith } from "../deploy_result.ts";
import { describeError } from "../describe_error.ts";
import type { Outcome } from "../outcome.ts";
import { runOneOffTask } from "../run_task/one_off_task.ts";
import { prepareOneOffTask } from "../run_task/prepare_task.ts";
import type { RunTaskRequest } from "../run_task/run_task_request.ts";

/**
 * `ecs-deploy run`: one one-off task, as a straight line: read the revision (and the service
 * whose network it borrows), start the task, follow it (and its logs) until it stops, judge it.
 * The wait ends early enough that stopping a task still running fits in the deadline. Never
 * throws: every ending is a {@linkcode DeployResult}, also emitted as `finished`.
 */
export async function runTask(request: RunTaskRequest, raw: DeployDeps): Promise<DeployResult> {
  const startedAt = raw.clock.now();
  const deadline = startedAt + request.timeoutMs;
  const ecs = boundedCalls(raw, deadline);
  const logs = request.followLogs && raw.logs
    ? new BoundedLogsClient(raw.logs, {
      clock: raw.clock,
      deadline,
      signal: raw.signal,
      emit: raw.emit,
    })
    : undefined;
  let taskDefinitionArn: string | undefined;
  const finish = (outcome: Outcome, reason: string, more: Partial<Ending> = {}) =>
    finishWith(raw.emit, {
      outcome,
      reason,
      cluster: request.cluster,
      taskDefinitionArn,
      durationMs: raw.clock.now() - startedAt,
      signal: raw.signal,
      ...more,
    });
  try {
    const prepared = await prepareOneOffTask(ecs, {
      cluster: request.cluster,
      taskDefinition: request.taskDefinition,
      container: request.container,
      networkFrom: request.networkFromService,
      launchType: request.launchType,
      capacityProviderStrategy: request.capacityProviderStrategy,
    });
    taskDefinitionArn = prepared.taskDefinition.taskDefinitionArn;
    if (raw.signal?.aborted) return finish("cancelled", "interrupted before starting the task");
    const run = await runOneOffTask({
      cluster: request.cluster,
      ...prepared,
      ...(request.command ? { command: request.command } : {}),
      environment: request.environment,
      watchUntil: deadline - Math.round(diagnosisShare(request.timeoutMs)),
      keepRunning: request.keepRunning,
      clientToken: crypto.randomUUID(),
    }, { ecs, logs, clock: raw.clock, emit: raw.emit, signal: raw.signal });
    return finish(run.result.outcome, run.result.reason, {
      task: run.result,
      ...(run.diagnosis ? { diagnosis: run.diagnosis } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidRequestError) return finish("invalid", error.message, { error });
    if (error instanceof CallStoppedError) {
      const started = error.operation === "RunTask" && error.inFlight
        ? "; a task may have been started"
        : "";
      return finish(error.outcome, `${error.message}${started}`, { error });
    }
    return finish("error", describeError(error), { error });
  }
}
