/**
 * The AWS CLI (botocore, a client we did not write) against a running emulator, for the tests
 * that use it as an independent peer: whether it is here, and one call with parsed JSON out.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../src/emulator/serve_emulator.ts";
import { onPath } from "./on_path.ts";

/** Why the AWS CLI tests cannot run here, or undefined when they can. */
export const awsCliMissing: string | undefined = onPath("aws")
  ? undefined
  : "the AWS CLI (aws) is not on PATH";

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

/** Runs `aws <service> <args>` against the emulator; its exit code and output, unchecked. */
export async function awsCliRun(
  emulator: RunningEmulator,
  service: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command("aws", {
    args: [
      service,
      ...args,
      "--endpoint-url",
      emulator.url,
      "--region",
      "us-east-1",
      "--output",
      "json",
    ],
    env: cliEnv(),
    clearEnv: true,
    stdin: "null",
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

/** Runs `aws <service> <args>` against the emulator and returns its parsed JSON output. */
export async function awsCli<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  service: string,
  ...args: string[]
): Promise<T> {
  const { code, stdout, stderr } = await new Deno.Command("aws", {
    args: [
      service,
      ...args,
      "--endpoint-url",
      emulator.url,
      "--region",
      "us-east-1",
      "--output",
      "json",
    ],
    env: cliEnv(),
    clearEnv: true,
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(
    code,
    0,
    `aws ${service} ${args.join(" ")} exited ${code}: ${new TextDecoder().decode(stderr)}`,
  );
  return JSON.parse(out.trim() === "" ? "{}" : out) as T;
}
