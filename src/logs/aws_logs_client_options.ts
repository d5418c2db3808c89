/**
 * The CloudWatch Logs endpoint override from the environment, as the AWS SDKs and CLI name it:
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, else `AWS_ENDPOINT_URL`. Free of SDK imports.
 *
 * @module
 */

/** The Logs endpoint the environment names, if any (empty values count as absent). */
export function awsLogsEndpointFromEnv(
  env: Record<string, string | undefined>,
): string | undefined {
  return [env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, env.AWS_ENDPOINT_URL].find((value) => value) ??
    undefined;
}
