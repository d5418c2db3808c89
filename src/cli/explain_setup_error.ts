/**
 * What to do about a set-up error: the one place that turns "no region", "no credentials", "no
 * such profile" and an endpoint that cannot be reached (or answers as something other than ECS)
 * into one line that names the flags, variables and files to fix. Every command uses it.
 *
 * @module
 */
import { isGarbledAnswer } from "../deploy/mod.ts";
import { AwsSetupError, EcsEndpointError } from "../ecs/setup_errors.ts";
import type { ConnectionOptions } from "./cli_deps.ts";

/** How the run meant to reach ECS: the connection flags and the AWS environment. */
export interface ConnectionSettings {
  /** The connection flags, when they could be read. */
  connection?: ConnectionOptions | undefined;
  /** The AWS variables (`AWS_REGION`, `AWS_ENDPOINT_URL_ECS`, `AWS_CONFIG_FILE`, ...). */
  env: Readonly<Record<string, string | undefined>>;
}

/** The emulator accepts any credentials; these are the ones the README uses. */
const DUMMY_CREDENTIALS = "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test";

/**
 * The error as one line saying what failed and what to do, or undefined when it is not a set-up
 * error (then the caller's own message stands). Never includes SDK internals; `-v` prints the
 * cause chain for those.
 */
export function explainSetupError(
  error: unknown,
  settings: ConnectionSettings,
): string | undefined {
  if (error instanceof AwsSetupError) return `${error.message}: ${setupAdvice(error, settings)}`;
  if (error instanceof EcsEndpointError) {
    return `${error.message}; ${endpointAdvice(error.failure, settings)}`;
  }
  // An answer that is not ECS's, not yet retried into an EcsEndpointError (status does not
  // retry): the same advice, without the parser's words.
  if (error instanceof Error && isGarbledAnswer(error)) {
    const endpoint = endpointOf(settings) ?? "the AWS endpoint for ECS";
    return `The endpoint ${quoted(endpoint)} answered, but not as ECS; ` +
      endpointAdvice("not_ecs", settings);
  }
  return undefined;
}

function setupAdvice(error: AwsSetupError, settings: ConnectionSettings): string {
  const configFile = settings.env.AWS_CONFIG_FILE || "~/.aws/config";
  const profile = error.facts.profile;
  switch (error.problem) {
    case "no_region":
      return "give -r REGION (such as -r us-east-1), set AWS_REGION, or add `region = ...` to " +
        `${profile ? `profile "${profile}"` : "the default profile"} in ${configFile}`;
    case "no_credentials": {
      const emulator = endpointOf(settings) === undefined
        ? ""
        : `; the emulator takes any values: ${DUMMY_CREDENTIALS}`;
      if (profile) {
        return `for an SSO profile run "aws sso login --profile ${profile}"; otherwise give the ` +
          `profile credentials in ${
            settings.env.AWS_SHARED_CREDENTIALS_FILE || "~/.aws/credentials"
          }, ` +
          `or give -k ID -s KEY${emulator}`;
      }
      return "give -k ID -s KEY, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a " +
        `profile with -p or AWS_PROFILE (for an SSO profile, run "aws sso login" first)${emulator}`;
    }
    case "unknown_profile": {
      const profiles = error.facts.profiles ?? [];
      const fix = "point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at the files that " +
        `have it, or create it (aws configure --profile ${profile})`;
      return profiles.length === 0
        ? `they define no profile; ${fix}`
        : `they define ${profiles.map(quoted).join(", ")}; give -p (or AWS_PROFILE) one of ` +
          `those, or ${fix}`;
    }
  }
}

function endpointAdvice(failure: EcsEndpointError["failure"], settings: ConnectionSettings) {
  const given = endpointOf(settings) !== undefined;
  const where = settings.connection?.endpoint !== undefined
    ? "--endpoint-url"
    : settings.env.AWS_ENDPOINT_URL_ECS
    ? "AWS_ENDPOINT_URL_ECS"
    : settings.env.AWS_ENDPOINT_URL
    ? "AWS_ENDPOINT_URL"
    : "-r (the region picks the endpoint)";
  switch (failure) {
    case "refused":
      return given
        ? `nothing listens there: check ${where}, and that the server runs (the emulator: ` +
          "ecs-deploy emulator)"
        : "check the network and any proxy (HTTPS_PROXY)";
    case "host_not_found":
      return `check the host in ${where}, and the network's DNS`;
    case "tls":
      return "a plain HTTP server (the emulator is one) needs an http:// URL; a certificate " +
        "from a private CA or a TLS-inspecting proxy needs DENO_CERT=CA_FILE";
    case "timed_out":
      return `check ${where}, and any firewall or proxy (HTTPS_PROXY) on the way`;
    case "reset":
      return `an http:// URL for an HTTPS server? Check ${where}`;
    case "unreachable":
      return "check the network";
    case "not_ecs":
      return `a proxy, a login page or a wrong URL answered: check ${where}, and HTTPS_PROXY`;
  }
}

/** The endpoint the run uses: the flag, else the environment; undefined for AWS's own. */
function endpointOf(settings: ConnectionSettings): string | undefined {
  return settings.connection?.endpoint || settings.env.AWS_ENDPOINT_URL_ECS ||
    settings.env.AWS_ENDPOINT_URL || undefined;
}

function quoted(text: string): string {
  return `"${text}"`;
}
