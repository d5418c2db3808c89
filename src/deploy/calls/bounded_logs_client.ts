/**
 * The logs port within one run's bounds: the same deadline, signal and retries as every ECS
 * call of the run (`boundedAwsCall`).
 *
 * @module
 */
import type { LogPage, LogsClient } from "../../logs/logs_client.ts";
import { boundedAwsCall, type CallBounds } from "./bounded_ecs_client.ts";

/** {@linkcode LogsClient} whose calls stay within {@linkcode CallBounds}. */
export class BoundedLogsClient implements LogsClient {
  readonly #logs: LogsClient;
  readonly #bounds: CallBounds;

  constructor(logs: LogsClient, bounds: CallBounds) {
    this.#logs = logs;
    this.#bounds = bounds;
  }

  getLogEvents(group: string, stream: string, nextToken?: string): Promise<LogPage> {
    return boundedAwsCall(
      this.#bounds,
      this.#logs,
      "GetLogEvents",
      (logs) => logs.getLogEvents(group, stream, nextToken),
    );
  }
}
