/**
 * What every AWS SDK client of ecs-deploy is built and read with, whatever its service: the
 * client configuration from {@linkcode AwsEcsClientOptions} (so ECS, CloudWatch Logs and ECR
 * reach the same account the same way), the `--verbose` line of a call, and a service exception
 * as {@linkcode EcsApiError}. Imports no SDK client, so each stays imported by its one adapter.
 *
 * @module
 */
import { ConfiguredRetryStrategy } from "npm:@smithy/core@3.41.1/retry";
import type { AwsEcsClientOptions } from "./aws_ecs_client_options.ts";
import type { SdkMetadata, SdkServiceException } from "./aws_sdk_mapping.ts";
import { EcsApiError } from "./ecs_client.ts";

/**
 * The default longest time of one attempt, request sent to answer read: AWS answers in well
 * under a second, and an endpoint that accepts and never answers must not hold a call forever.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** The default longest time to open a connection. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
/** The longest pause between two attempts of one call. */
const MAX_RETRY_DELAY_MS = 2_000;

/** Where and as whom a client calls: the members of the options every SDK client config takes. */
export interface SdkReach {
  region?: string;
  profile?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The per-attempt timeouts of the SDK's request handler. */
export interface SdkRequestHandler {
  requestTimeout: number;
  connectionTimeout: number;
  throwOnRequestTimeout: true;
}

/** A client config any of the SDK clients accepts. */
export interface SdkClientConfig extends SdkReach {
  retryStrategy: ConfiguredRetryStrategy;
  requestHandler: SdkRequestHandler;
}

/**
 * The config of a client on `options`: their reach, timeouts and retries, with
 * `defaultMaxAttempts` attempts per call unless the options give a number.
 */
export function sdkClientConfig(
  options: AwsEcsClientOptions,
  defaultMaxAttempts: number,
): SdkClientConfig {
  return {
    // Capped exponential backoff with full jitter. The SDK's adaptive mode slows every later
    // call after a throttle (measured: a 3 s rollout took 32 s to confirm at 30% throttling),
    // and its uncapped backoff outlasts the watch's one-second polls.
    retryStrategy: new ConfiguredRetryStrategy(
      options.maxAttempts ?? defaultMaxAttempts,
      (attempt) => Math.round(Math.random() * Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** attempt)),
    ),
    requestHandler: sdkRequestHandler(options),
    ...sdkReach(options),
  };
}

/** The request timeouts `options` give, or the defaults. */
export function sdkRequestHandler(
  options: Pick<AwsEcsClientOptions, "requestTimeoutMs" | "connectionTimeoutMs">,
): SdkRequestHandler {
  return {
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    // Without throwOnRequestTimeout this handler version only warns when the timeout passes.
    throwOnRequestTimeout: true,
  };
}

/** The region, profile, endpoint and credentials `options` give; absent ones stay absent. */
export function sdkReach(options: SdkReach): SdkReach {
  const reach: SdkReach = {};
  if (options.region !== undefined) reach.region = options.region;
  if (options.profile !== undefined) reach.profile = options.profile;
  if (options.endpoint !== undefined) reach.endpoint = options.endpoint;
  if (options.credentials !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
    reach.credentials = sessionToken === undefined
      ? { accessKeyId, secretAccessKey }
      : { accessKeyId, secretAccessKey, sessionToken };
  }
  return reach;
}

/**
 * The `--verbose` line of one call: `ECS DescribeServices ok status=200 attempts=1 12ms`.
 * `attempts` is left out where the adapter's line has never had it.
 */
export function sdkCallLine(
  service: string,
  operation: string,
  result: string,
  metadata: SdkMetadata | undefined,
  started: number,
  { attempts = true }: { attempts?: boolean } = {},
): string {
  const ms = Math.round(performance.now() - started);
  const status = metadata?.httpStatusCode ?? "-";
  const tries = attempts ? ` attempts=${metadata?.attempts ?? 1}` : "";
  return `${service} ${operation} ${result} status=${status}${tries} ${ms}ms`;
}

/** A service exception as the port's {@linkcode EcsApiError}: its type, message and status. */
export function apiErrorOf(error: SdkServiceException): EcsApiError {
  const options: { status?: number; cause: unknown } = { cause: error };
  if (error.$metadata?.httpStatusCode !== undefined) {
    options.status = error.$metadata.httpStatusCode;
  }
  return new EcsApiError(error.name, error.message, options);
}
