// deno-lint-ignore-file no-console
/**
 * The compiled binary end to end, when one is given in ECS_DEPLOY_BINARY (CI compiles it with
 * `deno task compile`; compiling needs a runtime download from dl.deno.land, so this test cannot
 * build the binary itself): --version, --help, and a deploy against the emulator started from
 * the same binary, under the permissions baked into it.
 */
import assert from "node:assert/strict";
import { VERSION } from "../../src/version.ts";
import {
  assertDeployed,
  deployArgs,
  isolatedEnv,
  runToEnd,
  seedService,
  startEmulator,
} from "../e2e/self_contained_support.ts";

const binary = Deno.env.get("ECS_DEPLOY_BINARY");
if (!binary) {
  console.error(
    "Skipping the compiled binary test: set ECS_DEPLOY_BINARY to a binary from deno task compile",
  );
}

Deno.test({
  name: "the compiled binary runs --version, --help and a deploy against its own emulator",
  ignore: !binary,
  fn: async () => {
    const cwd = await Deno.makeTempDir({ prefix: "ecs-deploy-binary-" });
    try {
      const env = isolatedEnv();
      const version = await runToEnd([binary!, "--version"], { cwd, env });
      assert.equal(version.code, 0, version.stderr);
      assert.equal(version.stdout, `ecs-deploy ${VERSION}\n`);
      const help = await runToEnd([binary!, "--help"], { cwd, env });
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /^Usage: ecs-deploy /);
      const emulator = await startEmulator([binary!], { cwd, env });
      try {
        const previous = await seedService(emulator.url);
        assertDeployed(
          await runToEnd([binary!, ...deployArgs(emulator.url)], { cwd, env }),
          previous,
        );
      } finally {
        await emulator.stop();
      }
    } finally {
      await Deno.remove(cwd, { recursive: true });
    }
  },
});
