/**
 * The one definition of how ecs-deploy is compiled: the permissions baked into the binary and
 * the `deno compile` argument list. Used by scripts/compile.ts, scripts/release.ts and (through
 * scripts/compile.ts) the Dockerfile, so the three can never drift apart.
 *
 * Why the read permission is a list of files: the AWS SDK credential chain is the only code in
 * ecs-deploy that reads the file system. A compiled binary cannot widen its permissions at run
 * time and Deno does not expand `~` or `$HOME` in permission flags (paths are taken literally,
 * relative ones against the working directory at run time), so every readable path must be an
 * absolute path known when compiling. That holds for a binary built for this machine (or for an
 * image whose user and home are fixed), not for a binary downloaded by unknown users; see
 * {@linkcode ReadScope}.
 *
 * @module
 */

/** The platforms ecs-deploy is released for (`deno compile --target` values). */
export const RELEASE_TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** One release target. */
export type Target = typeof RELEASE_TARGETS[number];

/** The operating system family that decides path syntax and well-known token paths. */
export type OsFamily = "linux" | "darwin" | "windows";

/**
 * What the binary may read.
 *
 * - `paths`: exactly these files and folders (the AWS config files for one known home).
 * - `any`: the whole file system, for binaries whose users, home folders and profile-named token
 *   files cannot be known when compiling. A narrower flag would not fail loudly: the SDK swallows
 *   read errors on the shared config files, so a denied `~/.aws/credentials` looks like "no
 *   credentials configured". Write, run and FFI stay denied either way.
 */
export type ReadScope = { kind: "paths"; paths: string[] } | { kind: "any" };

/** Token files mounted by Amazon EKS (IRSA and Pod Identity) at fixed paths. */
export const EKS_TOKEN_FILES = [
  "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
  "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
] as const;

/**
 * System information the SDK asks Deno for: `osRelease` for the User-Agent header of every
 * request (without it each call fails with NotCapable), `homedir` and `uid` for finding `~` when
 * HOME is unset and for the login-session cache.
 */
export const SYS_PERMISSIONS = ["osRelease", "homedir", "uid"] as const;

/** The environment variables that move the files the credential chain reads. */
export interface AwsPathEnv {
  HOME?: string | undefined;
  USERPROFILE?: string | undefined;
  HOMEDRIVE?: string | undefined;
  HOMEPATH?: string | undefined;
  AWS_CONFIG_FILE?: string | undefined;
  AWS_SHARED_CREDENTIALS_FILE?: string | undefined;
  AWS_WEB_IDENTITY_TOKEN_FILE?: string | undefined;
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE?: string | undefined;
  AWS_LOGIN_CACHE_DIRECTORY?: string | undefined;
}

/** Inputs of {@linkcode awsReadPaths}. */
export interface AwsReadPathsOptions {
  /** The variables as the binary will see them (for `deno task compile`: this shell's). */
  env: AwsPathEnv;
  os: OsFamily;
  /** Text of the shared config file, scanned for `web_identity_token_file` entries. */
  configText?: string | undefined;
}

/**
 * Lists the files and folders the AWS SDK credential chain reads for one environment: the shared
 * config and credentials files (or their AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * overrides), the SSO token cache, the login-session cache, web identity token files (from the
 * environment and from profiles), the container authorization token file, and on Linux the EKS
 * token mounts.
 *
 * @throws {Error} when no home folder can be found in `env`
 */
export function awsReadPaths(options: AwsReadPathsOptions): string[] {
  const { env, os } = options;
  const sep = os === "windows" ? "\\" : "/";
  const home = homeDir(env, sep);
  const join = (...parts: string[]) => parts.join(sep);
  const paths = [
    sharedConfigFile(env, os),
    sharedFile(env.AWS_SHARED_CREDENTIALS_FILE, home, sep, "credentials"),
    join(home, ".aws", "sso", "cache"),
    env.AWS_LOGIN_CACHE_DIRECTORY || join(home, ".aws", "login", "cache"),
  ];
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) paths.push(env.AWS_WEB_IDENTITY_TOKEN_FILE);
  if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) {
    paths.push(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE);
  }
  paths.push(...profileTokenFiles(options.configText ?? ""));
  if (os === "linux") paths.push(...EKS_TOKEN_FILES);
  return [...new Set(paths)];
}

/**
 * The shared config file the SDK reads: AWS_CONFIG_FILE or `~/.aws/config`.
 *
 * @throws {Error} when no home folder can be found in `env`
 */
export function sharedConfigFile(env: AwsPathEnv, os: OsFamily): string {
  const sep = os === "windows" ? "\\" : "/";
  return sharedFile(env.AWS_CONFIG_FILE, homeDir(env, sep), sep, "config");
}

function sharedFile(fromEnv: string | undefined, home: string, sep: string, name: string) {
  // The SDK expands a leading "~/" in AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE only.
  if (fromEnv?.startsWith("~/")) return [home, fromEnv.slice(2)].join(sep);
  return fromEnv || [home, ".aws", name].join(sep);
}

/** Finds the home folder the way the SDK does: HOME, USERPROFILE, then HOMEDRIVE + HOMEPATH. */
function homeDir(env: AwsPathEnv, sep: string): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${sep}`}${env.HOMEPATH}`;
  throw new Error(
    "Cannot find the home folder: none of HOME, USERPROFILE or HOMEPATH is set; pass --home",
  );
}

/** Values of `web_identity_token_file = PATH` lines in an AWS shared config file. */
function profileTokenFiles(configText: string): string[] {
  const files: string[] = [];
  for (const line of configText.split(/\r?\n/)) {
    const match = /^\s*web_identity_token_file\s*=\s*(.+?)\s*$/.exec(line);
    if (match?.[1]) files.push(match[1]);
  }
  return files;
}

/**
 * The permission flags baked into the binary: network and environment access (endpoints and
 * AWS_* variables are user input), the read scope, the SDK's system information, and nothing
 * else (no write, run, FFI or import). `--no-prompt` because a deploy tool must fail, never
 * stop for an interactive question in a CI job. `deno run` with these flags behaves as the
 * compiled binary does, which is how the tests check them without compiling.
 *
 * @throws {Error} when a readable path contains a comma, which Deno's flag syntax would split
 */
export function permissionFlags(read: ReadScope): string[] {
  const flags = ["--no-prompt", "--allow-net", "--allow-env"];
  flags.push(`--allow-sys=${SYS_PERMISSIONS.join(",")}`);
  if (read.kind === "any") {
    flags.push("--allow-read");
  } else {
    const bad = read.paths.find((path) => path.includes(","));
    if (bad !== undefined) {
      throw new Error(`Cannot grant read access to "${bad}": the path contains a comma`);
    }
    flags.push(`--allow-read=${read.paths.join(",")}`);
  }
  return flags;
}

/** Inputs of {@linkcode compileArgs}. */
export interface CompileArgsOptions {
  /** Entry module, relative to the working directory. */
  entry: string;
  /** Output path of the binary. */
  output: string;
  read: ReadScope;
  /** `deno compile --target`; omitted builds for the running machine. */
  target?: Target | undefined;
}

/**
 * Builds the `deno` argument list that compiles ecs-deploy with {@linkcode permissionFlags}.
 * Type checking is left to `deno task check`, which CI runs before any release.
 *
 * @throws {Error} when a readable path contains a comma
 */
export function compileArgs(options: CompileArgsOptions): string[] {
  const args = ["compile", "--no-check", ...permissionFlags(options.read)];
  if (options.target !== undefined) args.push("--target", options.target);
  args.push("--output", options.output, options.entry);
  return args;
}

/** The OS family of a release target. */
export function targetOs(target: Target): OsFamily {
  if (target.includes("windows")) return "windows";
  if (target.includes("apple")) return "darwin";
  return "linux";
}

/** The file name of the binary on an OS family (`.exe` on Windows). */
export function binaryName(os: OsFamily): string {
  return os === "windows" ? "ecs-deploy.exe" : "ecs-deploy";
}
