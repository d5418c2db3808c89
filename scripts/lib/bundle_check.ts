/**
 * How ecs-deploy is bundled into one JavaScript file, and the check that the file is
 * self-contained.
 *
 * @module
 */

/**
 * The `deno` arguments that bundle `entry` into `output`. `--platform deno` keeps `node:`
 * built-ins as imports (Deno provides them) instead of browser shims; npm packages are inlined
 * (`--packages bundle` is the default, stated for the reader). `deno bundle` runs esbuild, which
 * it fetches once from the npm registry into DENO_DIR; after that it works offline.
 */
export function bundleArgs(entry: string, output: string): string[] {
  return ["bundle", "--platform", "deno", "--packages", "bundle", "--output", output, entry];
}

/**
 * Lists the module specifiers a bundle still imports that are not `node:` built-ins: anything
 * listed would need a config file, a node_modules folder or a download at run time.
 */
export function externalImports(code: string): string[] {
  const specifiers = new Set<string>();
  const patterns = [
    // Statements start a line in esbuild's output; error messages quoting `import "x"` do not.
    /^import\s+(?:[\w*${}\s,]+\s+from\s+)?["']([^"']+)["']/gm,
    /^export\s+[\w*${}\s,]+\s+from\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\b__require\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1]!;
      if (!specifier.startsWith("node:")) specifiers.add(specifier);
    }
  }
  return [...specifiers].sort();
}
