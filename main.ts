/**
 * ecs-deploy: the composition root. The only module that reads Deno.args and Deno.env, builds
 * real adapters and exits.
 */
import { runCli } from "./src/cli/run_cli.ts";
import type { CliDeps, ConnectionOptions, ImageResolverSettings } from "./src/cli/cli_deps.ts";
import { InvalidRequestError } from "./src/errors.ts";
import type { ImageResolver } from "./src/registry/image_resolver.ts";
import { parseDockerConfig, type RegistryAuths } from "./src/registry/docker_config_auth.ts";
import { OciRegistryResolver } from "./src/registry/oci_registry_resolver.ts";
import { RoutingImageResolver } from "./src/registry/routing_image_resolver.ts";
import { systemClock } from "./src/clock.ts";
import { exitCodeFor } from "./src/deploy/outcome.ts";
import type { EcsClient } from "./src/ecs/ecs_client.ts";
import {
  type AwsEcsClientOptions,
  awsEcsClientOptionsFromEnv,
} from "./src/ecs/aws_ecs_client_options.ts";
import { checkProfile, type SharedConfigFile } from "./src/ecs/check_profile.ts";
import type { CodeDeployClient } from "./src/codedeploy/codedeploy_client.ts";
import { codeDeployEndpoint } from "./src/codedeploy/codedeploy_endpoint.ts";
import { lazyCodeDeployClient } from "./src/codedeploy/lazy_codedeploy_client.ts";
import type { LogsClient } from "./src/logs/logs_client.ts";

const encoder = new TextEncoder();

function writerTo(stream: { writeSync(bytes: Uint8Array): number }) {
  return (text: string) => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
  };
}

/**
 * The real ECS client: flags first, then the AWS environment, then the SDK's defaults. The SDK
 * is loaded here, on first use, so `--help` and friends do not pay for it at start-up.
 */
export async function createEcsClient(connection: ConnectionOptions): Promise<EcsClient> {
  const stderr = writerTo(Deno.stderr);
  const fromEnv = awsEcsClientOptionsFromEnv(Deno.env.toObject());
  const region = connection.region ?? fromEnv.region;
  const endpoint = connection.endpoint ?? fromEnv.endpoint;
  const profile = connection.profile ?? fromEnv.profile;
  // The SDK would report a mistyped profile as a missing region, at the first call.
  const files = profile ? await readSharedConfigFiles() : undefined;
  const unknownProfile = profile && files && checkProfile(profile, files);
  if (unknownProfile) throw unknownProfile;
  const { AwsEcsClient } = await import("./src/ecs/aws_ecs_client.ts");
  if (connection.verbose) {
    stderr(
      `AWS settings: region ${region ?? "(from profile)"}, endpoint ${endpoint ?? "(AWS)"}, ` +
        `profile ${profile ?? "(default)"}, credentials ${
          connection.accessKeyId ? "from flags" : "from the AWS credential chain"
        }\n`,
    );
  }
  return new AwsEcsClient(sdkOptions(connection, { region, endpoint, profile }));
}

/**
 * The options every AWS SDK client of a run shares: the region, endpoint and profile resolved
 * for it, static credentials from the flags (else the SDK's credential chain), and with `-v` a
 * line a call on stderr.
 */
function sdkOptions(
  connection: ConnectionOptions,
  resolved: {
    region?: string | undefined;
    endpoint?: string | undefined;
    profile?: string | undefined;
  },
): Pick<AwsEcsClientOptions, "region" | "endpoint" | "profile" | "credentials" | "logger"> {
  const stderr = writerTo(Deno.stderr);
  const { region, endpoint, profile } = resolved;
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(profile ? { profile } : {}),
    ...(connection.accessKeyId && connection.secretAccessKey
      ? {
        credentials: {
          accessKeyId: connection.accessKeyId,
          secretAccessKey: connection.secretAccessKey,
        },
      }
      : {}),
    ...(connection.verbose ? { logger: (line: string) => stderr(`${line}\n`) } : {}),
  };
}

/**
 * The CodeDeploy client for the same region, profile and credentials as ECS's, at the endpoint
 * `codeDeployEndpoint` chooses. Its SDK is loaded on the first call, which only deploys of
 * CODE_DEPLOY services make.
 */
export function createCodeDeployClient(connection: ConnectionOptions): CodeDeployClient {
  return lazyCodeDeployClient(async () => {
    const env = Deno.env.toObject();
    const fromEnv = awsEcsClientOptionsFromEnv(env, "CODEDEPLOY");
    const region = connection.region ?? fromEnv.region;
    const profile = connection.profile ?? fromEnv.profile;
    const endpoint = codeDeployEndpoint(connection, env);
    const stderr = writerTo(Deno.stderr);
    const { AwsCodeDeployClient } = await import("./src/codedeploy/aws_codedeploy_client.ts");
    if (connection.verbose) {
      stderr(`CodeDeploy endpoint ${endpoint ?? "(AWS)"}\n`);
    }
    return new AwsCodeDeployClient(sdkOptions(connection, { region, endpoint, profile }));
  });
}

/**
 * The real CloudWatch Logs client, reaching the account as ECS does (region, profile,
 * credentials); its endpoint is `--endpoint-url` (the emulator answers both on one port), else
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, else `AWS_ENDPOINT_URL`. Loaded on first use.
 */
export async function createLogsClient(connection: ConnectionOptions): Promise<LogsClient> {
  const fromEnv = awsEcsClientOptionsFromEnv(Deno.env.toObject(), "CLOUDWATCH_LOGS");
  const region = connection.region ?? fromEnv.region;
  const endpoint = connection.endpoint ?? fromEnv.endpoint;
  const profile = connection.profile ?? fromEnv.profile;
  const { AwsLogsClient } = await import("./src/logs/aws_logs_client.ts");
  return new AwsLogsClient(sdkOptions(connection, { region, endpoint, profile }));
}

/**
 * The image resolver of `--pin-digests` and `--verify-digests`: ECR repositories through the
 * ECR SDK (loaded on the first ECR image) with the profile and credentials of ECS, and its
 * endpoint: `AWS_ENDPOINT_URL_ECR`, which names ECR alone, else `--endpoint-url`, else
 * `AWS_ENDPOINT_URL`; every other registry through the distribution API with the credentials
 * of `--registry-auth`.
 */
export async function createImageResolver(
  { connection, registryAuthFile }: ImageResolverSettings,
): Promise<ImageResolver> {
  const stderr = writerTo(Deno.stderr);
  const logger = connection.verbose ? (line: string) => stderr(`${line}\n`) : undefined;
  let auths: RegistryAuths | undefined;
  if (registryAuthFile !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(registryAuthFile);
    } catch (error) {
      throw new InvalidRequestError(
        `Invalid option --registry-auth "${registryAuthFile}": cannot read it: ${
          (error as Error).message
        }`,
        { cause: error },
      );
    }
    auths = parseDockerConfig(text, registryAuthFile);
  }
  const env = Deno.env.toObject();
  const fromEnv = awsEcsClientOptionsFromEnv(env, "ECR");
  const endpoint = env.AWS_ENDPOINT_URL_ECR || connection.endpoint || fromEnv.endpoint;
  const profile = connection.profile ?? fromEnv.profile;
  return new RoutingImageResolver({
    ecr: async () => {
      const { AwsEcrResolver } = await import("./src/registry/aws_ecr_resolver.ts");
      // No region: an ECR image's host names its region.
      return new AwsEcrResolver(sdkOptions(connection, { endpoint, profile }));
    },
    registry: new OciRegistryResolver({
      ...(auths ? { auths } : {}),
      ...(logger ? { logger } : {}),
    }),
  });
}

/**
 * The shared config and credentials files the SDK reads: `AWS_CONFIG_FILE` and
 * `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`. A file that does
 * not exist has no text. Undefined when one may not be read (the compiled binary's permissions,
 * a file's mode): then nothing can be said about the profile, and the SDK has the last word.
 */
async function readSharedConfigFiles(): Promise<SharedConfigFile[] | undefined> {
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? "";
  const read = async (kind: "config" | "credentials", variable: string) => {
    const given = Deno.env.get(variable);
    const path = given || `${home}/.aws/${kind}`;
    const shown = given || `~/.aws/${kind}`;
    try {
      return { path: shown, kind, text: await Deno.readTextFile(path) };
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return { path: shown, kind, text: undefined };
      return undefined;
    }
  };
  const files = [
    await read("config", "AWS_CONFIG_FILE"),
    await read("credentials", "AWS_SHARED_CREDENTIALS_FILE"),
  ];
  return files.every((file) => file !== undefined) ? files : undefined;
}

/** The AWS settings the CLI names in its advice when reaching ECS fails; never secrets. */
const AWS_SETTINGS = [
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_ENDPOINT_URL_ECS",
  "AWS_ENDPOINT_URL_CODEDEPLOY",
  "AWS_ENDPOINT_URL_ECR",
  "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
  "AWS_ENDPOINT_URL",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
];

/**
 * Signals as abort signals with the signal's name as reason, so the engine can report what
 * interrupted it: the first SIGINT/SIGTERM stops the run (or starts `--on-cancel rollback`), the
 * second stops that rollback, and a third ends the process at once.
 */
function abortOnSignals(): { signal: AbortSignal; secondSignal: AbortSignal } {
  const first = new AbortController();
  const second = new AbortController();
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(name, () => {
        if (second.signal.aborted) Deno.exit(exitCodeFor("cancelled", name));
        (first.signal.aborted ? second : first).abort(name);
      });
    } catch {
      // SIGTERM cannot be listened to on Windows; Ctrl+C still arrives as SIGINT.
    }
  }
  return { signal: first.signal, secondSignal: second.signal };
}

/** The terminal's width now, or undefined where no stream is a terminal. */
function terminalColumns(): number | undefined {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}

/** The real dependencies of the command tree. */
export function realCliDeps(): CliDeps {
  return {
    createEcsClient,
    createCodeDeployClient,
    createImageResolver,
    createLogsClient,
    clock: systemClock,
    stdout: writerTo(Deno.stdout),
    stderr: writerTo(Deno.stderr),
    env: Object.fromEntries(
      ["GITHUB_ACTIONS", "CI", "TERM", "NO_COLOR", "FORCE_COLOR", ...AWS_SETTINGS].map((name) => [
        name,
        Deno.env.get(name),
      ]),
    ),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    terminalColumns,
    ...abortOnSignals(),
    runtimeVersions: {
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
    },
  };
}

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, realCliDeps()));
}
