/**
 * Reads a one-off task's awslogs streams as it runs: each read fetches what is new since the
 * last one and emits it line by line; the last lines are kept for the result. A stream that does
 * not exist yet (the container has not started logging) is no error. Any other failure is
 * reported once and ends the reading; the task's verdict never depends on its logs.
 *
 * @module
 */
import { EcsApiError } from "../../ecs/ecs_client.ts";
import type { LogsClient } from "../../logs/logs_client.ts";
import type { EventSink } from "../deploy_events.ts";
import { describeError } from "../describe_error.ts";
import type { TaskLogStream } from "./task_log_streams.ts";

/** Lines kept for the result and the diagnosis. */
export const LOG_TAIL_LINES = 20;
/** A page of at least this many events may have more behind it. */
const BIG_PAGE = 1_000;

export class TaskLogFollower {
  readonly #logs: LogsClient;
  readonly #streams: TaskLogStream[];
  readonly #emit: EventSink;
  readonly #taskArn: string;
  readonly #tokens = new Map<TaskLogStream, string>();
  readonly #tail: string[] = [];
  #broken = false;

  constructor(logs: LogsClient, streams: TaskLogStream[], emit: EventSink, taskArn: string) {
    this.#logs = logs;
    this.#streams = streams;
    this.#emit = emit;
    this.#taskArn = taskArn;
  }

  /** The last lines read, oldest first, named by container when the task logs several. */
  get tail(): string[] {
    return [...this.#tail];
  }

  /** Reads what is new in every stream. Never throws. */
  async read(): Promise<void> {
    for (const stream of this.#streams) {
      if (this.#broken) return;
      try {
        await this.#readStream(stream);
      } catch (error) {
        if (error instanceof EcsApiError && error.type === "ResourceNotFoundException") continue;
        this.#broken = true;
        this.#emit({
          type: "logs_unavailable",
          taskArn: this.#taskArn,
          reason: `Cannot read the logs of container "${stream.container}" (${stream.group} ` +
            `${stream.stream}): ${describeError(error)}`,
        });
      }
    }
  }

  async #readStream(stream: TaskLogStream): Promise<void> {
    // Another page only after a big one: a small page is (almost surely) the end for now, and
    // the next read gets whatever came since.
    for (let page = 0; page < 100; page++) {
      const token = this.#tokens.get(stream);
      const read = await this.#logs.getLogEvents(stream.group, stream.stream, token);
      this.#tokens.set(stream, read.nextToken);
      for (const event of read.events) {
        this.#emit({
          type: "task_log",
          taskArn: this.#taskArn,
          container: stream.container,
          timestamp: event.timestamp,
          message: event.message,
        });
        const named = this.#streams.length > 1 ? `${stream.container} | ` : "";
        this.#tail.push(`${named}${event.message}`);
        if (this.#tail.length > LOG_TAIL_LINES) this.#tail.shift();
      }
      if (read.events.length < BIG_PAGE || read.nextToken === token) return;
    }
  }
}
