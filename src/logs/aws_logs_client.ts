/**
 * The LogsClient port on the AWS SDK for JavaScript v3: the only module that imports
 * `@aws-sdk/client-cloudwatch-logs`. It takes the ECS client's options (region, profile,
 * endpoint, credentials, attempts and timeouts), so both reach the same account the same way.
 *
 * @module
 */
import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  GetLogEventsCommand,
} from "npm:@aws-sdk/client-cloudwatch-logs@3.1164.0";
import { ConfiguredRetryStrategy } from "npm:@smithy/core@3.41.1/retry";
import type { AwsEcsClientOptions } from "../ecs/aws_ecs_client_options.ts";
import { compact, isServiceException } from "../ecs/aws_sdk_mapping.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { LogPage, LogsClient } from "./logs_client.ts";

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
const MAX_RETRY_DELAY_MS = 2_000;

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
    this.#sdk = shared ?? new CloudWatchLogsClient(sdkConfig(options));
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
      this.#log("GetLogEvents ok", output.$metadata?.httpStatusCode, started);
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
        this.#log(
          `GetLogEvents ${error instanceof Error ? error.name : "error"}`,
          undefined,
          started,
        );
        throw error;
      }
      this.#log(`GetLogEvents ${error.name}`, error.$metadata?.httpStatusCode, started);
      const status = error.$metadata?.httpStatusCode;
      throw new EcsApiError(error.name, error.message, {
        cause: error,
        ...(status !== undefined ? { status } : {}),
      });
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

  #log(result: string, status: number | undefined, started: number): void {
    this.#logger?.(
      `CloudWatch Logs ${result} status=${status ?? "-"} ${
        Math.round(performance.now() - started)
      }ms`,
    );
  }
}

function sdkConfig(options: AwsEcsClientOptions): CloudWatchLogsClientConfig {
  const config: CloudWatchLogsClientConfig = {
    retryStrategy: new ConfiguredRetryStrategy(
      options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      (attempt) => Math.round(Math.random() * Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** attempt)),
    ),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
    config.credentials = sessionToken === undefined
      ? { accessKeyId, secretAccessKey }
      : { accessKeyId, secretAccessKey, sessionToken };
  }
  return config;
}
