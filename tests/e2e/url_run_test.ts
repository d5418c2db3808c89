/**
 * Self-containment: ecs-deploy runs from a URL, as from a code host that serves source files as
 * `text/plain`, with no config file: `deno run -A --no-config <url>/main.ts`. It relies on every
 * dependency being a full, pinned `npm:` specifier (no import map) and on Deno taking the media
 * type of a `text/plain` module from its `.ts` extension.
 *
 * `deno install -g -A -n ecs-deploy <url>/main.ts` needs the same and `-n` (the name would be
 * inferred from the URL's folder, "main" being generic); it writes a shim running
 * `deno run --allow-all --config <root>/bin/.ecs-deploy/deno.json <url>` and caches the npm
 * packages under `<root>/bin/.ecs-deploy/node_modules`.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { VERSION } from "../../src/version.ts";
import { awsReadPaths, permissionFlags } from "../../scripts/lib/compile_flags.ts";
import {
  assertDeployed,
  deployArgs,
  isolatedEnv,
  runToEnd,
  seedService,
  startEmulator,
} from "./self_contained_support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Serves the checkout read-only on loopback, every file as text/plain like a code host. */
function serveCheckout(): { url: string; server: Deno.HttpServer<Deno.NetAddr> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.split("/").includes("..")) return new Response("forbidden", { status: 403 });
    try {
      const body = await Deno.readFile(`${ROOT}${path.slice(1)}`);
      return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, server };
}

/**
 * A DENO_DIR of our own, so the modules fetched from a random port do not pile up in the
 * shared cache, with the shared npm cache linked in so no npm package is downloaded again.
 * Falls back to the shared DENO_DIR where links cannot be made (Windows without privileges).
 */
async function denoDirFor(dir: string): Promise<Record<string, string>> {
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  const npmCache = JSON.parse(new TextDecoder().decode(info.stdout)).npmCache as string;
  try {
    await Deno.mkdir(`${dir}/deno_dir`);
    await Deno.symlink(npmCache, `${dir}/deno_dir/npm`, { type: "dir" });
    return { DENO_DIR: `${dir}/deno_dir` };
  } catch {
    return {};
  }
}

Deno.test("ecs-deploy runs from a URL served as text/plain, with no config", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-url-" });
  const { url, server } = serveCheckout();
  try {
    const env = isolatedEnv(await denoDirFor(dir));
    const main = `${url}/main.ts`;
    const fromUrl = [Deno.execPath(), "run", "-A", "--no-config", main];

    await t.step("--help", async () => {
      const { code, stdout, stderr } = await runToEnd([...fromUrl, "--help"], { cwd: dir, env });
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^Usage: ecs-deploy /);
    });

    await t.step("a deploy against the emulator, both run from the URL", async () => {
      const emulator = await startEmulator(fromUrl, { cwd: dir, env });
      try {
        const previous = await seedService(emulator.url);
        assertDeployed(
          await runToEnd([...fromUrl, ...deployArgs(emulator.url)], {
            cwd: dir,
            env,
          }),
          previous,
        );
      } finally {
        await emulator.stop();
      }
    });

    await t.step("a deploy from the URL with only the compiled binary's permissions", async () => {
      const emulator = await startEmulator(fromUrl, { cwd: dir, env });
      try {
        const previous = await seedService(emulator.url);
        const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? dir;
        const os = Deno.build.os === "windows"
          ? "windows"
          : Deno.build.os === "darwin"
          ? "darwin"
          : "linux";
        const read = { kind: "paths" as const, paths: awsReadPaths({ env: { HOME: home }, os }) };
        const minimal = [
          Deno.execPath(),
          "run",
          "--no-config",
          `--allow-import=${new URL(url).host}`,
          ...permissionFlags(read),
          main,
        ];
        assertDeployed(
          await runToEnd([...minimal, ...deployArgs(emulator.url)], { cwd: dir, env }),
          previous,
        );
      } finally {
        await emulator.stop();
      }
    });

    await t.step({
      name: "deno install -g -A -n ecs-deploy <url> gives a working command",
      ignore: Deno.build.os === "windows",
      fn: async () => {
        const root = `${dir}/install`;
        const install = await runToEnd(
          [Deno.execPath(), "install", "-g", "-A", "-n", "ecs-deploy", "--root", root, main],
          { cwd: dir, env },
        );
        assert.equal(install.code, 0, install.stderr);
        const shim = await runToEnd([`${root}/bin/ecs-deploy`, "--version"], { cwd: dir, env });
        assert.equal(shim.code, 0, shim.stderr);
        assert.equal(shim.stdout, `ecs-deploy ${VERSION}\n`);
      },
    });
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
