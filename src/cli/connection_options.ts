import { InvalidRequestError } from "../errors.ts";
import type { ConnectionOptions } from "./cli_deps.ts";
import type { Command } from "./commander.ts";
import { nonEmpty } from "./flag_values.ts";

/** Adds the flags that say how to reach ECS, shared by every command that talks to it. */
// deno-lint-ignore ban-types
export function withConnectionOptions<Args extends unknown[], Opts extends {}>(
  command: Command<Args, Opts>,
) {
  return command
    .option(
      "-r, --region <region>",
      "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)",
    )
    .option("-p, --profile <name>", "AWS profile from the shared config files")
    .option("-k, --aws-access-key <id>", "AWS access key id (prefer the environment)")
    .option("-s, --aws-secret-key <key>", "AWS secret access key (never printed)")
    .option(
      "--endpoint-url <url>",
      "ECS endpoint, e.g. the emulator (default: AWS_ENDPOINT_URL_ECS)",
    )
    .option(
      "--codedeploy-endpoint-url <url>",
      "CodeDeploy endpoint (default: AWS_ENDPOINT_URL_CODEDEPLOY, else --endpoint-url)",
    )
    .option("-v, --verbose", "print details: resolved settings, error causes");
}

/**
 * The shape of every AWS region name: the partitions' patterns (`us-east-1`, `us-gov-west-1`,
 * `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`, ...) are all lowercase words joined by "-"
 * and ending in a number.
 */
const REGION_RE = /^[a-z]{2,4}(?:-[a-z]+){1,2}-[0-9]{1,2}$/;

/**
 * Reads the connection flags of {@linkcode withConnectionOptions}. A flag that is given must
 * mean something: an empty one is an error, never "not given", because falling back to the
 * environment would send a deploy meant for an emulator (`--endpoint-url "$UNSET"`) to AWS.
 *
 * @throws {InvalidRequestError} naming the flag
 */
export function connectionFrom(flags: {
  region?: string;
  profile?: string;
  awsAccessKey?: string;
  awsSecretKey?: string;
  endpointUrl?: string;
  codedeployEndpointUrl?: string;
  verbose?: true;
}): ConnectionOptions {
  const region = nonEmpty(flags.region, "-r, --region");
  const profile = nonEmpty(flags.profile, "-p, --profile");
  const accessKeyId = nonEmpty(flags.awsAccessKey, "-k, --aws-access-key");
  const secretAccessKey = secretFlag(flags.awsSecretKey);
  const endpoint = nonEmpty(flags.endpointUrl, "--endpoint-url");
  if (region !== undefined && !REGION_RE.test(region)) {
    throw new InvalidRequestError(
      `Invalid option -r, --region ${JSON.stringify(region)}: expected an AWS region name, ` +
        `such as "us-east-1" or "eu-central-2"`,
    );
  }
  if (endpoint !== undefined) checkEndpoint(endpoint);
  const codeDeployEndpoint = nonEmpty(flags.codedeployEndpointUrl, "--codedeploy-endpoint-url");
  if (codeDeployEndpoint !== undefined) {
    checkEndpoint(codeDeployEndpoint, "--codedeploy-endpoint-url");
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new InvalidRequestError(
      "Options -k, --aws-access-key and -s, --aws-secret-key go together: give both or neither",
    );
  }
  return {
    verbose: flags.verbose === true,
    ...(region !== undefined ? { region } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(secretAccessKey !== undefined ? { secretAccessKey } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(codeDeployEndpoint !== undefined ? { codeDeployEndpoint } : {}),
  };
}

/** The secret key as given (never trimmed, never quoted in a message), or an empty-value error. */
function secretFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") {
    throw new InvalidRequestError("Invalid option -s, --aws-secret-key: empty value");
  }
  return value;
}

/** Only an http(s) URL with a host reaches the SDK, which would otherwise fail late or oddly. */
function checkEndpoint(endpoint: string, flag = "--endpoint-url"): void {
  const fail = (why: string): never => {
    throw new InvalidRequestError(
      `Invalid option ${flag} ${JSON.stringify(endpoint)}: ${why}; expected an ` +
        `http:// or https:// URL, such as "http://127.0.0.1:4599"`,
    );
  };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return fail("not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    fail(`scheme "${url.protocol.slice(0, -1)}" is not supported`);
  }
  if (url.hostname === "") fail("no host");
}
