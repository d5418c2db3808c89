/**
 * `deploy --run-before`: the commands run as one-off tasks of the revision about to be deployed,
 * one after the other, on the network of the service being deployed, before the service is
 * touched. The first that does not succeed ends the deploy with its outcome.
 *
 * @module
 */
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { Service } from "../../ecs/types.ts";
import type { Clock } from "../../clock.ts";
import type { LogsClient } from "../../logs/logs_client.ts";
import type { EventSink, OneOffTaskResult } from "../deploy_events.ts";
import type { Diagnosis } from "../diagnose/diagnose_deployment.ts";
import { runOneOffTask } from "./one_off_task.ts";
import { prepareOneOffTask } from "./prepare_task.ts";

/** What the tasks ran, and the first one that did not succeed. */
export interface RunBefore {
  results: OneOffTaskResult[];
  failed?: { result: OneOffTaskResult; diagnosis?: Diagnosis | undefined };
}

/** Runs `commands` as tasks of `taskDefinitionArn`, stopping at the first that fails. */
export async function runBeforeDeploy(
  commands: string[][],
  target: { cluster: string; taskDefinitionArn: string; service: Service; watchUntil: number },
  deps: {
    ecs: EcsClient;
    logs?: LogsClient | undefined;
    clock: Clock;
    emit: EventSink;
    signal?: AbortSignal | undefined;
  },
): Promise<RunBefore> {
  const prepared = await prepareOneOffTask(deps.ecs, {
    cluster: target.cluster,
    taskDefinition: target.taskDefinitionArn,
    networkFrom: target.service,
  });
  const results: OneOffTaskResult[] = [];
  for (const command of commands) {
    const run = await runOneOffTask({
      cluster: target.cluster,
      ...prepared,
      command,
      environment: [],
      watchUntil: target.watchUntil,
      keepRunning: false,
      clientToken: crypto.randomUUID(),
    }, deps);
    results.push(run.result);
    if (run.result.outcome !== "succeeded") {
      return { results, failed: { result: run.result, diagnosis: run.diagnosis } };
    }
  }
  return { results };
}
