/** The `LogsClient` port on top of the simulated CloudWatch Logs, through its wire calls. */
import type { LogPage, LogsClient } from "../logs/logs_client.ts";
import type { SimulatedLogs } from "./simulated_logs.ts";

export class SimulatedLogsClient implements LogsClient {
  readonly #logs: SimulatedLogs;

  constructor(logs: SimulatedLogs) {
    this.#logs = logs;
  }

  async getLogEvents(group: string, stream: string, nextToken?: string): Promise<LogPage> {
    const out = await this.#logs.call("GetLogEvents", {
      logGroupName: group,
      logStreamName: stream,
      startFromHead: true,
      ...(nextToken ? { nextToken } : {}),
    });
    return {
      events: (out.events as { timestamp: number; message: string }[]).map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
      })),
      nextToken: out.nextForwardToken as string,
    };
  }
}
