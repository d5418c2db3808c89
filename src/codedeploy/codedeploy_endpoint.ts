/**
 * Where CodeDeploy is reached: `--codedeploy-endpoint-url`, else `AWS_ENDPOINT_URL_CODEDEPLOY`,
 * else the ECS endpoint given by `--endpoint-url`, else `AWS_ENDPOINT_URL`, else AWS's regional
 * endpoint. The ECS flag counts because one endpoint for every service is what emulators and
 * LocalStack offer; `AWS_ENDPOINT_URL_ECS` does not, being ECS's alone (as for the SDK). A VPC
 * endpoint of ECS given by `--endpoint-url` then needs `--codedeploy-endpoint-url` beside it.
 *
 * @module
 */

export function codeDeployEndpoint(
  flags: { codeDeployEndpoint?: string; endpoint?: string },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return flags.codeDeployEndpoint || env.AWS_ENDPOINT_URL_CODEDEPLOY || flags.endpoint ||
    env.AWS_ENDPOINT_URL || undefined;
}
