/**
 * The LogsClient port on the AWS SDK for JavaScript v3: the only module that imports
 * `@aws-sdk/client-cloudwatch-logs`. It takes the ECS client's options (region, profile,
 * endpoint, credentials, attempts and timeouts), so both reach the same account the same way.
 *
 * @module
 */
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
} from "npm:@aws-sdk/client-cloudwatch-logs@3.1164.0";
import type { AwsEcsClientOptions } from "../ecs/aws_ecs_client_options.ts";
import { apiErrorOf, sdkCallLine, sdkClientConfig } from "../ecs/aws_sdk_client_config.ts";
import { compact, isServiceException, type SdkMetadata } from "../ecs/aws_sdk_mapping.ts";
import type { LogPage, LogsClient } from "./logs_client.ts";

/** The default attempts per read, the first included. */
const DEFAULT_MAX_ATTEMPTS = 4;

/** {@linkcode LogsClient} backed by the AWS SDK; `withSignal` aborts calls and their retries. */
export class AwsLogsClient implements LogsClient {
  readonly #sdk: CloudWatchLogsClient;
  readonly #signal: AbortSignal | undefined;
  readonly #logger: ((line: string) => void) | undefined;

  constructor(
    options: AwsEcsClientOptions = {},
    shared?: CloudWatchLogsClient,
    signal?: AbortSignal,
  ) {
    this.#logger = options.logger;
    this.#signal = signal;
    this.#sdk = shared ?? new CloudWatchLogsClient(sdkClientConfig(options, DEFAULT_MAX_ATTEMPTS));
  }

  async getLogEvents(group: string, stream: string, nextToken?: string): Promise<LogPage> {
    const started = performance.now();
    try {
      const output = await this.#sdk.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          startFromHead: true,
          ...(nextToken ? { nextToken } : {}),
        }),
        this.#signal ? { abortSignal: this.#signal } : {},
      );
      this.#log("ok", output.$metadata, started);
      return {
        events: (output.events ?? []).map((e) =>
          compact({
            timestamp: e.timestamp ?? 0,
            message: e.message ?? "",
          })
        ),
        nextToken: output.nextForwardToken ?? nextToken ?? "",
      };
    } catch (error) {
      if (!isServiceException(error)) {
        this.#log(error instanceof Error ? error.name : "error", undefined, started);
        throw error;
      }
      this.#log(error.name, error.$metadata, started);
      throw apiErrorOf(error);
    }
  }

  /** This client with every call aborted when `signal` aborts; shares the connections. */
  withSignal(signal: AbortSignal): LogsClient {
    return new AwsLogsClient(
      { ...(this.#logger ? { logger: this.#logger } : {}) },
      this.#sdk,
      signal,
    );
  }

  /** Releases the SDK's connection pool. */
  destroy(): void {
    this.#sdk.destroy();
  }

  #log(result: string, metadata: SdkMetadata | undefined, started: number): void {
    this.#logger?.(
      sdkCallLine("CloudWatch Logs", "GetLogEvents", result, metadata, started, {
        attempts: false,
      }),
    );
  }
}
