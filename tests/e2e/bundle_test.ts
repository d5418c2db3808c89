/**
 * Self-containment: the bundle `deno task bundle` writes runs alone in an empty folder, with an
 * empty DENO_DIR, no deno.json and no node_modules, including a deploy against the emulator
 * started from that same file.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { VERSION } from "../../src/version.ts";
import {
  assertDeployed,
  deployArgs,
  isolatedEnv,
  runToEnd,
  seedService,
  startEmulator,
} from "./self_contained_support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("the bundle runs --version, --help and a deploy from an empty folder", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-bundle-" });
  try {
    const bundle = `${dir}/build/ecs-deploy.js`;
    const built = await runToEnd(
      [Deno.execPath(), "run", "-A", "scripts/bundle.ts", "--output", bundle],
      { cwd: ROOT, env: isolatedEnv() },
    );
    assert.equal(built.code, 0, built.stderr);

    const empty = `${dir}/empty`;
    await Deno.mkdir(empty);
    await Deno.copyFile(bundle, `${empty}/ecs-deploy.js`);
    // A fresh DENO_DIR proves nothing is fetched or taken from a cache.
    const env = isolatedEnv({ DENO_DIR: `${dir}/deno_dir` });
    const run = (args: string[]) =>
      runToEnd([Deno.execPath(), "run", "-A", "ecs-deploy.js", ...args], { cwd: empty, env });

    await t.step("--version", async () => {
      const { code, stdout } = await run(["--version"]);
      assert.equal(code, 0);
      assert.equal(stdout, `ecs-deploy ${VERSION}\n`);
    });

    await t.step("--help", async () => {
      const { code, stdout } = await run(["--help"]);
      assert.equal(code, 0);
      assert.match(stdout, /^Usage: ecs-deploy /);
      assert.match(stdout, /\bdeploy\b/);
    });

    await t.step("a deploy against the emulator started from the bundle", async () => {
      const emulator = await startEmulator([Deno.execPath(), "run", "-A", "ecs-deploy.js"], {
        cwd: empty,
        env,
      });
      try {
        const previous = await seedService(emulator.url);
        assertDeployed(await run(deployArgs(emulator.url)), previous);
      } finally {
        await emulator.stop();
      }
    });

    const entries = [];
    for await (const entry of Deno.readDir(empty)) entries.push(entry.name);
    assert.deepEqual(entries, ["ecs-deploy.js"], "the run left files next to the bundle");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
