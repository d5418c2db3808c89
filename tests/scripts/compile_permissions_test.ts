/**
 * The permissions baked into the compiled binary, checked without compiling (which needs a
 * runtime download): `deno run` with exactly {@linkcode permissionFlags} behaves as the binary
 * does, so a deploy against the emulator under those flags shows they are enough, and that the
 * read scope is what stands between the SDK and the credentials file.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  awsReadPaths,
  type OsFamily,
  permissionFlags,
  type ReadScope,
} from "../../scripts/lib/compile_flags.ts";
import {
  deployArgs,
  isolatedEnv,
  runToEnd,
  seedService,
  startEmulator,
} from "../e2e/self_contained_support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OS: OsFamily = Deno.build.os === "windows"
  ? "windows"
  : Deno.build.os === "darwin"
  ? "darwin"
  : "linux";

/** A home folder whose only AWS setup is a credentials file and a config file. */
async function homeWithCredentials(dir: string): Promise<string> {
  const home = `${dir}/home`;
  await Deno.mkdir(`${home}/.aws`, { recursive: true });
  await Deno.writeTextFile(
    `${home}/.aws/credentials`,
    "[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = from-file\n",
  );
  await Deno.writeTextFile(`${home}/.aws/config`, "[default]\nregion = us-east-1\n");
  return home;
}

/** The environment of a user who relies on ~/.aws only: no AWS_* variables at all. */
function userEnv(home: string): Record<string, string> {
  const env = isolatedEnv({ HOME: home, USERPROFILE: home });
  for (const name of Object.keys(env)) if (name.startsWith("AWS_")) delete env[name];
  env.AWS_EC2_METADATA_DISABLED = "true";
  return env;
}

Deno.test("the compile permissions let a deploy read ~/.aws and nothing else", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-perms-" });
  const emulator = await startEmulator([Deno.execPath(), "run", "-A", "main.ts"], {
    cwd: ROOT,
    env: isolatedEnv(),
  });
  try {
    await seedService(emulator.url);
    const home = await homeWithCredentials(dir);
    const env = userEnv(home);
    const deployWith = (read: ReadScope, extraEnv: Record<string, string> = {}) =>
      runToEnd([
        Deno.execPath(),
        "run",
        "--no-check",
        ...permissionFlags(read),
        "main.ts",
        ...deployArgs(emulator.url),
      ], { cwd: ROOT, env: { ...env, ...extraEnv } });

    await t.step(
      "with this home's AWS files readable, credentials come from the file",
      async () => {
        const paths = awsReadPaths({ env: { HOME: home, USERPROFILE: home }, os: OS });
        const run = await deployWith({ kind: "paths", paths });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!).outcome, "succeeded");
      },
    );

    await t.step("with another home's files readable, no credentials are found", async () => {
      const paths = awsReadPaths({ env: { HOME: `${dir}/other` }, os: OS });
      // The region from the environment, so only the unreadable credentials file is missed.
      const run = await deployWith({ kind: "paths", paths }, { AWS_REGION: "us-east-1" });
      // Missing credentials are a set-up error: invalid, exit 2 (README, "Exit codes").
      assert.equal(run.code, 2, run.stderr);
      const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
      assert.equal(result.outcome, "invalid");
      assert.equal(result.taskDefinitionArn, null);
      assert.match(result.reason, /credential/i);
    });
  } finally {
    await emulator.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
