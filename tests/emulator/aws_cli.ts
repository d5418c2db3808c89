/**
 * The AWS CLI (botocore, a client we did not write) against a running emulator, for the tests
 * that use it as an independent peer: whether it is here, and one call with parsed JSON out.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type RunningEmulator,
  serveEmulator,
  type ServeEmulatorOptions,
} from "../../src/emulator/serve_emulator.ts";
import { onPath } from "./on_path.ts";

/** Why the AWS CLI tests cannot run here, or undefined when they can. */
export const awsCliMissing: string | undefined = onPath("aws")
  ? undefined
  : "the AWS CLI (aws) is not on PATH";

/**
 * A test of the AWS CLI against an emulator served for it on a free port (`serve`) and shut
 * down after `body`, whatever happened; ignored, the reason in its name, where the CLI is missing.
 */
export function awsCliTest(
  name: string,
  serve: Omit<ServeEmulatorOptions, "port">,
  body: (emulator: RunningEmulator) => Promise<void>,
): void {
  Deno.test({
    name: `${name}${awsCliMissing ? ` (skipped: ${awsCliMissing})` : ""}`,
    ignore: awsCliMissing !== undefined,
    fn: async () => {
      const emulator = await serveEmulator({ port: 0, ...serve });
      try {
        await body(emulator);
      } finally {
        await emulator.shutdown();
      }
    },
  });
}

/** Environment for the CLI: dummy keys, no user config, nothing inherited from AWS_*. */
function cliEnv(): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: "AKIDCLITEST",
    AWS_SECRET_ACCESS_KEY: "cli-test-secret",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (name === "PATH" || name === "HOME" || name.startsWith("PYENV")) env[name] = value;
  }
  return env;
}

/** Runs `aws ecs <args>` against the emulator and returns its parsed JSON output. */
export function awsEcs<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  ...args: string[]
): Promise<T> {
  return awsCli<T>(emulator, "ecs", ...args);
}

/** Runs `aws <service> <args>` (`ecs`, `ecr`, `logs`) against the emulator; parsed JSON output. */
export async function awsCli<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  service: string,
  ...args: string[]
): Promise<T> {
  const { code, stdout, stderr } = await aws(emulator.url, service, ...args);
  assert.equal(code, 0, `aws ${service} ${args.join(" ")} exited ${code}: ${stderr}`);
  return JSON.parse(stdout.trim() === "" ? "{}" : stdout) as T;
}

/** Runs `aws <service> <args>` against the endpoint `url`, whatever its exit code. */
export async function aws(
  url: string,
  service: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command("aws", {
    args: [service, ...args, "--endpoint-url", url, "--region", "us-east-1", "--output", "json"],
    env: cliEnv(),
    clearEnv: true,
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/** Runs `fn` with a `file://` URL of a temporary JSON file holding `input`, for `--cli-input-json`. */
export async function withInputFile<T>(
  input: unknown,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(path, JSON.stringify(input));
    return await fn(`file://${path}`);
  } finally {
    await Deno.remove(path);
  }
}
