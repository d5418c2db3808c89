/**
 * The logs port within one run's bounds: the same deadline, signal and retries as every ECS
 * call of the run (`boundedCall`).
 *
 * @module
 */
import { type LogPage, type LogsClient, withLogsSignal } from "../../logs/logs_client.ts";
import { EcsApiError } from "../../ecs/ecs_client.ts";
import { boundedCall, type CallBounds } from "./bounded_ecs_client.ts";
import { isTransientError } from "./call_errors.ts";

/** {@linkcode LogsClient} whose calls stay within {@linkcode CallBounds}. */
export class BoundedLogsClient implements LogsClient {
  readonly #logs: LogsClient;
  readonly #bounds: CallBounds;

  constructor(logs: LogsClient, bounds: CallBounds) {
    this.#logs = logs;
    this.#bounds = bounds;
  }

  getLogEvents(group: string, stream: string, nextToken?: string): Promise<LogPage> {
    return boundedCall(this.#bounds, {
      operation: "GetLogEvents",
      mutating: false,
      invoke: (signal) => withLogsSignal(this.#logs, signal).getLogEvents(group, stream, nextToken),
      retryable: isTransientError,
      isAnswer: (error) => error instanceof EcsApiError,
    });
  }
}
