import type { Clock } from "../clock.ts";
import type { CodeDeployClient } from "../codedeploy/codedeploy_client.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import type { LogsClient } from "../logs/logs_client.ts";
import type { ImageResolver } from "../registry/image_resolver.ts";
import type { Write } from "../report/reporter.ts";

/** How to reach ECS, from the connection flags; the AWS environment fills in the rest. */
export interface ConnectionOptions {
  region?: string;
  profile?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  endpoint?: string;
  /** `--codedeploy-endpoint-url`. */
  codeDeployEndpoint?: string;
  verbose: boolean;
}

/** What the image resolver is made from. */
export interface ImageResolverSettings {
  /** The connection of ECS, which ECR shares (endpoint, profile, credentials). */
  connection: ConnectionOptions;
  /** `--registry-auth FILE`: a Docker config.json with registry credentials. */
  registryAuthFile?: string;
}

/** Everything the command tree needs from the outside world; main.ts builds the real ones. */
export interface CliDeps {
  /** May load the client lazily, so commands that never call ECS start fast. */
  createEcsClient(connection: ConnectionOptions): EcsClient | Promise<EcsClient>;
  /**
   * The CodeDeploy client for the same connection, for CODE_DEPLOY services; it should load
   * the SDK on its first call only. Without it such services cannot be deployed.
   */
  createCodeDeployClient?(connection: ConnectionOptions): CodeDeployClient;
  /** CloudWatch Logs on the same connection, for one-off tasks' lines; none unless given. */
  createLogsClient?(connection: ConnectionOptions): LogsClient | Promise<LogsClient>;
  /**
   * Makes the image resolver of `--pin-digests` and `--verify-digests`, reading the Docker
   * config.json of `--registry-auth`; throws InvalidRequestError when that cannot be read.
   */
  createImageResolver?(settings: ImageResolverSettings): Promise<ImageResolver>;
  clock: Clock;
  stdout: Write;
  stderr: Write;
  /**
   * Environment variables the CLI reads itself: `GITHUB_ACTIONS`, and for the text output `CI`,
   * `TERM`, `NO_COLOR` and `FORCE_COLOR`.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal: the text output is then a live view. False unless given. */
  stderrIsTerminal?: boolean;
  /** The terminal's width in columns now, where there is one. */
  terminalColumns?: () => number | undefined;
  /** Aborted on SIGINT/SIGTERM, with the signal's name as reason. */
  signal?: AbortSignal;
  /** Aborted on the next SIGINT/SIGTERM after that: stops a rollback the first one started. */
  secondSignal?: AbortSignal;
  /**
   * Reads a file the user named (`--env-file`, `--services-file`); `Deno.readTextFileSync` unless
   * given.
   */
  readTextFile?: (path: string) => string;
  /** Deno, V8 and TypeScript versions, for `--version --verbose`. */
  runtimeVersions?: Readonly<Record<string, string>>;
}
