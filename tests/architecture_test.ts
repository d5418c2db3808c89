/**
 * The dependency rule of DESIGN.md, checked on the imports: the command tree and the reporters
 * reach the engine through `src/deploy/mod.ts` only; the engine never imports the AWS SDK, the
 * command tree or the reporters; the SDK is imported by its one adapter.
 */
import assert from "node:assert/strict";

const SRC = new URL("../src/", import.meta.url);

/** Every `.ts` file below src/, relative to it, with its import specifiers. */
async function sources(): Promise<{ file: string; imports: string[] }[]> {
  const found: { file: string; imports: string[] }[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(new URL(dir, SRC))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory) await walk(`${path}/`);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(new URL(path, SRC));
        const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
        found.push({ file: path, imports });
      }
    }
  };
  await walk("");
  return found;
}

Deno.test("src/cli and src/report reach the engine through src/deploy/mod.ts only", async () => {
  for (const { file, imports } of await sources()) {
    if (!file.startsWith("cli/") && !file.startsWith("report/")) continue;
    for (const spec of imports) {
      if (!spec.includes("/deploy/")) continue;
      assert.match(spec, /\/deploy\/mod\.ts$/, `${file} imports ${spec}`);
    }
  }
});

Deno.test("the engine imports neither the SDK, the command tree nor the reporters", async () => {
  for (const { file, imports } of await sources()) {
    if (!file.startsWith("deploy/")) continue;
    for (const spec of imports) {
      assert.doesNotMatch(spec, /^npm:|\/cli\/|\/report\//, `${file} imports ${spec}`);
    }
  }
});

Deno.test("@aws-sdk/client-ecs is imported by src/ecs/aws_ecs_client.ts alone", async () => {
  const importers = (await sources())
    .filter(({ imports }) => imports.some((spec) => spec.includes("@aws-sdk/client-ecs")))
    .map(({ file }) => file);
  assert.deepEqual(importers, ["ecs/aws_ecs_client.ts"]);
});

Deno.test("@aws-sdk/client-ecr is imported by src/registry/aws_ecr_resolver.ts alone", async () => {
  const importers = (await sources())
    .filter(({ imports }) => imports.some((spec) => spec.includes("@aws-sdk/client-ecr")))
    .map(({ file }) => file);
  assert.deepEqual(importers, ["registry/aws_ecr_resolver.ts"]);
});

Deno.test("@aws-sdk/client-cloudwatch-logs is imported by src/logs/aws_logs_client.ts alone, lazily", async () => {
  const importers = (await sources())
    .filter(({ imports }) =>
      imports.some((spec) => spec.includes("@aws-sdk/client-cloudwatch-logs"))
    )
    .map(({ file }) => file);
  assert.deepEqual(importers, ["logs/aws_logs_client.ts"]);
  const main = await Deno.readTextFile(new URL("../main.ts", import.meta.url));
  assert.doesNotMatch(main, /from\s+"[^"]*aws_logs_client\.ts"/, "main.ts imports it statically");
  assert.match(main, /await import\("\.\/src\/logs\/aws_logs_client\.ts"\)/);
});
