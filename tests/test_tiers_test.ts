/**
 * The test run has two tiers (README, "Tests"): `deno task test:fast` runs everything except the
 * slow paths, `deno task test:slow` runs exactly those. This checks that deno.json names the
 * same slow paths in both tasks, that every test file falls in exactly one tier, and that no
 * fast-tier file starts Deno, the AWS CLI or moto_server.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
// deno test's default: {*_,*.,}test.{ts,tsx,mts,js,mjs,jsx}
const TEST_FILE = /(^|[_.])test\.(ts|tsx|mts|js|mjs|jsx)$/;
// Signs of a test that starts another program through our support code or directly.
const SLOW_SIGNS = [
  "Deno.execPath()",
  "spawn_cli.ts",
  "self_contained_support.ts",
  "moto_server.ts",
  'Command("aws"',
];

interface DenoJson {
  tasks: Record<string, string>;
  exclude?: string[];
}

async function denoJson(): Promise<DenoJson> {
  return JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
}

/** The slow paths as each task names them. */
function tierPaths(tasks: Record<string, string>): { ignoredByFast: string[]; slow: string[] } {
  const fast = tasks["test:fast"] ?? "";
  const slowTask = tasks["test:slow"] ?? "";
  const ignore = /--ignore=(\S+)/.exec(fast)?.[1];
  assert.ok(ignore, `test:fast has no --ignore: ${fast}`);
  const args = slowTask.split(/\s+/);
  assert.equal(args.slice(0, 2).join(" "), "deno test", `test:slow: ${slowTask}`);
  return {
    ignoredByFast: ignore.split(","),
    slow: args.slice(2).filter((arg) => !arg.startsWith("-")),
  };
}

/** Every file `deno test` would pick up, relative to the root, in order. */
async function testFiles(exclude: string[]): Promise<string[]> {
  const skipped = new Set([
    ".git",
    "node_modules",
    ...exclude.map((dir) => dir.replace(/\/$/, "")),
  ]);
  const found: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(new URL(dir || ".", ROOT))) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory && !skipped.has(path)) await walk(path);
      else if (entry.isFile && TEST_FILE.test(entry.name)) found.push(path);
    }
  };
  await walk("");
  return found.sort();
}

const under = (file: string, path: string) => file === path || file.startsWith(`${path}/`);

Deno.test("test:fast ignores exactly the paths test:slow runs, and they exist", async () => {
  const { ignoredByFast, slow } = tierPaths((await denoJson()).tasks);
  assert.deepEqual([...ignoredByFast].sort(), [...slow].sort());
  for (const path of slow) await Deno.stat(new URL(path, ROOT));
});

Deno.test("every test file is in exactly one tier, and the fast one starts no other program", async () => {
  const config = await denoJson();
  const { ignoredByFast, slow } = tierPaths(config.tasks);
  const files = await testFiles(config.exclude ?? []);
  assert.ok(files.length > 40, `only ${files.length} test files found`);
  for (const file of files) {
    const inFast = !ignoredByFast.some((path) => under(file, path));
    const inSlow = slow.some((path) => under(file, path));
    assert.ok(inFast !== inSlow, `${file} is in ${inFast ? "both tiers" : "no tier"}`);
    // This file names the signs itself.
    if (!inFast || new URL(file, ROOT).href === import.meta.url) continue;
    const text = await Deno.readTextFile(new URL(file, ROOT));
    const sign = SLOW_SIGNS.find((s) => text.includes(s));
    assert.equal(sign, undefined, `${file} is in the fast tier but uses ${sign}`);
  }
});
