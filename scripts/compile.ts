// deno-lint-ignore-file no-console
/**
 * Compiles ecs-deploy for this machine: `deno task compile [--home DIR] [--output PATH]
 * [--dry-run]`.
 *
 * The binary may use the network and the environment, and read only the files the AWS SDK
 * credential chain reads, resolved now from this environment (HOME, AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
 * AWS_LOGIN_CACHE_DIRECTORY, `web_identity_token_file` entries of the config file). Deno cannot
 * resolve `~` in a compiled binary, so the result is meant for this user on this machine, or for
 * an image whose home is fixed (`--home /home/nonroot` in the Dockerfile). Portable binaries come
 * from scripts/release.ts.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  type AwsPathEnv,
  awsReadPaths,
  binaryName,
  compileArgs,
  type OsFamily,
  sharedConfigFile,
} from "./lib/compile_flags.ts";
import { compileFailureMessage, runCommand } from "./lib/run_command.ts";
import { shellQuote } from "./lib/release_plan.ts";

const USAGE = "Usage: deno task compile [--home DIR] [--output PATH] [--dry-run]";

const ENV_NAMES = [
  "HOME",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_LOGIN_CACHE_DIRECTORY",
] as const;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        home: { type: "string" },
        output: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const os: OsFamily = Deno.build.os === "windows"
    ? "windows"
    : Deno.build.os === "darwin"
    ? "darwin"
    : "linux";
  const env: AwsPathEnv = {};
  for (const name of ENV_NAMES) env[name] = Deno.env.get(name);
  if (values.home !== undefined) {
    // An image's user: its home replaces ours, and our AWS_* settings do not apply to it.
    for (const name of ENV_NAMES) env[name] = undefined;
    env.HOME = values.home;
  }
  let paths;
  try {
    paths = awsReadPaths({ env, os, configText: await readIfPresent(sharedConfigFile(env, os)) });
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const output = values.output ?? `dist/${binaryName(os)}`;
  const args = compileArgs({ entry: "main.ts", output, read: { kind: "paths", paths } });
  const deno = Deno.execPath();
  if (values["dry-run"]) {
    console.log([deno, ...args].map(shellQuote).join(" "));
    return 0;
  }
  console.error(`The binary may read only:\n${paths.map((p) => `  ${p}`).join("\n")}`);
  const dir = output.includes("/") ? output.slice(0, output.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  const { code, stderr } = await runCommand([deno, ...args]);
  if (code !== 0) {
    console.error(compileFailureMessage(stderr, `${Deno.build.target} (this machine)`));
    return 1;
  }
  console.error(`Compiled ${output}`);
  return 0;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
