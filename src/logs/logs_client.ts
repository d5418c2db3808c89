/**
 * The port through which ecs-deploy reads CloudWatch Logs: the lines a one-off task's
 * containers wrote with the `awslogs` driver. Adapters are the AWS SDK (`aws_logs_client.ts`)
 * and the simulated CloudWatch Logs.
 *
 * Methods throw {@linkcode EcsApiError} (the AWS error type, such as
 * `ResourceNotFoundException`, whichever service answered) for errors the service reports, and
 * anything else for transport failures.
 *
 * @module
 */
export { EcsApiError } from "../ecs/ecs_client.ts";

/** One log event: when (epoch milliseconds) and what. */
export interface LogEvent {
  timestamp: number;
  message: string;
}

/** Events read from a stream, oldest first, and where to read on from. */
export interface LogPage {
  events: LogEvent[];
  /** The token for the next read forward (the same one again at the end of the stream). */
  nextToken: string;
}

export interface LogsClient {
  /**
   * The events of `group`/`stream` from its start, or after `nextToken` of an earlier read;
   * ResourceNotFoundException while the group or stream does not exist yet.
   */
  getLogEvents(group: string, stream: string, nextToken?: string): Promise<LogPage>;
}
