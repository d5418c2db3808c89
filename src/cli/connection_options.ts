import { InvalidRequestError } from "../errors.ts";
import type { ConnectionOptions } from "./cli_deps.ts";
import type { Command } from "./commander.ts";

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
    .option("-v, --verbose", "print details: resolved settings, error causes");
}

/** Reads the connection flags of {@linkcode withConnectionOptions}. */
export function connectionFrom(flags: {
  region?: string;
  profile?: string;
  awsAccessKey?: string;
  awsSecretKey?: string;
  endpointUrl?: string;
  verbose?: true;
}): ConnectionOptions {
  if ((flags.awsAccessKey === undefined) !== (flags.awsSecretKey === undefined)) {
    throw new InvalidRequestError(
      "Options -k, --aws-access-key and -s, --aws-secret-key go together: give both or neither",
    );
  }
  return {
    verbose: flags.verbose === true,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.awsAccessKey ? { accessKeyId: flags.awsAccessKey } : {}),
    ...(flags.awsSecretKey ? { secretAccessKey: flags.awsSecretKey } : {}),
    ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
  };
}
