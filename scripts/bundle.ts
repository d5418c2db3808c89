// deno-lint-ignore-file no-console
/**
 * Bundles ecs-deploy into one JavaScript file: `deno task bundle [--output PATH]`, by default
 * `dist/ecs-deploy.js`, runnable with `deno run -A ecs-deploy.js` from any folder (no deno.json,
 * no node_modules). Fails when the bundle still imports anything but `node:` built-ins.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { bundleArgs, externalImports } from "./lib/bundle_check.ts";
import { runCommand } from "./lib/run_command.ts";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { output: { type: "string", default: "dist/ecs-deploy.js" } },
  });
  const output = values.output;
  const dir = output.includes("/") ? output.slice(0, output.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  const started = performance.now();
  const { code } = await runCommand([Deno.execPath(), ...bundleArgs("main.ts", output)]);
  if (code !== 0) {
    console.error(
      "Cannot bundle ecs-deploy: deno bundle failed (see its output above). It needs the " +
        "esbuild npm package, fetched from the npm registry on first use",
    );
    return 1;
  }
  const text = await Deno.readTextFile(output);
  const external = externalImports(text);
  if (external.length > 0) {
    console.error(
      `Bundle ${output} is not self-contained: it imports ${
        external.map((s) => `"${s}"`).join(", ")
      }`,
    );
    return 1;
  }
  const kib = (new TextEncoder().encode(text).length / 1024).toFixed(0);
  const ms = (performance.now() - started).toFixed(0);
  console.error(`Bundled ${output} (${kib} KiB, ${ms} ms); run it with: deno run -A ${output}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
