import assert from "node:assert/strict";
import { bundleArgs, externalImports } from "../../scripts/lib/bundle_check.ts";

Deno.test("bundleArgs() bundles npm packages for the deno platform into one file", () => {
  assert.deepEqual(bundleArgs("main.ts", "dist/ecs-deploy.js"), [
    "bundle",
    "--platform",
    "deno",
    "--packages",
    "bundle",
    "--output",
    "dist/ecs-deploy.js",
    "main.ts",
  ]);
});

Deno.test("externalImports() ignores node: built-ins", () => {
  const code = [
    'import { createRequire } from "node:module";',
    'import * as fs from "node:fs";',
    'const os = __require("node:os");',
    'const hooks = await import("node:async_hooks");',
  ].join("\n");
  assert.deepEqual(externalImports(code), []);
});

Deno.test("externalImports() finds npm, jsr, remote and bare imports left in a bundle", () => {
  const code = [
    'import { Command } from "npm:commander@14.0.3";',
    'import "jsr:@std/path";',
    'export { x } from "https://example.com/x.ts";',
    'const m = await import("./chunk.js");',
    'const c = __require("commander");',
  ].join("\n");
  assert.deepEqual(externalImports(code), [
    "./chunk.js",
    "commander",
    "https://example.com/x.ts",
    "jsr:@std/path",
    "npm:commander@14.0.3",
  ]);
});

Deno.test("externalImports() ignores import statements quoted inside strings", () => {
  const code = 'throw new Error(`register it: [import "@aws-sdk/signature-v4-crt";]`);';
  assert.deepEqual(externalImports(code), []);
});
