/**
 * How to reach ECS, as options of `AwsEcsClient`, and the part of them the SDK does not read from
 * the environment by itself. Free of SDK imports; `aws_ecs_client.ts` re-exports both, so callers
 * import them from there.
 *
 * @module
 */

/** How to reach ECS. Everything is optional; the SDK's defaults fill the rest. */
export interface AwsEcsClientOptions {
  region?: string;
  /** A named profile of the shared config and credentials files. */
  profile?: string;
  /** An endpoint URL overriding the regional one, such as the emulator's. */
  endpoint?: string;
  /** Static credentials; when absent the SDK's default credential chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call including the first; 8 unless given, since ECS throttles readily. */
  maxAttempts?: number;
  /** The longest one attempt may take, request sent to answer read; 10 s unless given. */
  requestTimeoutMs?: number;
  /** The longest opening a connection may take; 5 s unless given. */
  connectionTimeoutMs?: number;
  /** Receives one line per API call (operation, status, attempts, time); never secrets. */
  logger?: (line: string) => void;
}

/**
 * The options the SDK does not derive from the environment by itself: the region from
 * `AWS_REGION` or else `AWS_DEFAULT_REGION`, the endpoint from `AWS_ENDPOINT_URL_ECS` or else
 * `AWS_ENDPOINT_URL`, and the profile from `AWS_PROFILE`. Empty values count as absent.
 */
export function awsEcsClientOptionsFromEnv(
  env: Record<string, string | undefined>,
  /** The service's id in `AWS_ENDPOINT_URL_<ID>`: `ECS`, or `ECR` for the ECR client. */
  serviceId = "ECS",
): Pick<AwsEcsClientOptions, "region" | "endpoint" | "profile"> {
  const pick = (...names: string[]) => names.map((name) => env[name]).find((value) => value);
  const options: Pick<AwsEcsClientOptions, "region" | "endpoint" | "profile"> = {};
  const region = pick("AWS_REGION", "AWS_DEFAULT_REGION");
  const endpoint = pick(`AWS_ENDPOINT_URL_${serviceId}`, "AWS_ENDPOINT_URL");
  const profile = pick("AWS_PROFILE");
  if (region) options.region = region;
  if (endpoint) options.endpoint = endpoint;
  if (profile) options.profile = profile;
  return options;
}
