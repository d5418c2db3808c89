/**
 * Consistency of the distribution files no build here can exercise: the Docker build context,
 * the pinned Deno versions, and the wiring of action.yml to its scripts.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT_URL = new URL("../../", import.meta.url).href;
const ROOT = fileURLToPath(ROOT_URL);
const read = (path: string) => Deno.readTextFileSync(`${ROOT}${path}`);

/** Local files in the module graph of `entry`, relative to the checkout. */
async function localModules(entry: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  return (info.modules as { specifier: string }[])
    .map((m) => m.specifier)
    .filter((s) => s.startsWith(ROOT_URL))
    .map((s) => decodeURIComponent(s.slice(ROOT_URL.length)));
}

Deno.test("the Docker build context holds every module main.ts and scripts/compile.ts load", async () => {
  const kept = read(".dockerignore").split("\n").filter((l) => l.startsWith("!"))
    .map((l) => l.slice(1));
  const allowed = (path: string) =>
    kept.some((k) => k.endsWith("/") ? path.startsWith(k) : path === k);
  const modules = [...await localModules("main.ts"), ...await localModules("scripts/compile.ts")];
  assert.ok(modules.includes("src/cli/run_cli.ts"), "the graph was read");
  assert.deepEqual(modules.filter((path) => !allowed(path)), []);
  for (const file of ["deno.json", "deno.lock"]) assert.ok(allowed(file), file);
  const dockerfile = read("Dockerfile");
  for (const copied of kept) {
    assert.match(
      dockerfile,
      new RegExp(`COPY [^\\n]*\\b${copied.replace(/\/$/, "").replaceAll(".", "\\.")}\\b`),
    );
  }
});

Deno.test("the Dockerfile compiles with scripts/compile.ts for the runtime stage's user", () => {
  const dockerfile = read("Dockerfile");
  assert.match(dockerfile, /RUN deno run -A scripts\/compile\.ts --home \/home\/nonroot /);
  assert.match(dockerfile, /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m);
  assert.match(dockerfile, /^USER nonroot$/m);
  assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/ecs-deploy"\]$/m);
  for (const label of ["version", "source"]) {
    assert.match(dockerfile, new RegExp(`org\\.opencontainers\\.image\\.${label}=`));
  }
});

Deno.test("the Dockerfile and the workflows pin the same Deno version", () => {
  const docker = /^FROM denoland\/deno:(\S+) AS build$/m.exec(read("Dockerfile"))?.[1];
  assert.ok(docker);
  for (const workflow of [".github/workflows/ci.yml", ".github/workflows/release.yml"]) {
    const pinned = [...read(workflow).matchAll(/deno-version: v(\S+)/g)].map((m) => m[1]);
    assert.ok(pinned.length > 0, workflow);
    assert.deepEqual(new Set(pinned), new Set([docker]), workflow);
  }
});

Deno.test("action.yml passes every input its deploy script reads, and only declared ones", () => {
  const action = read("action.yml");
  const section = (name: string) => {
    const start = action.indexOf(`\n${name}:\n`);
    const rest = action.slice(start + name.length + 3);
    return rest.slice(0, rest.search(/\n\S/));
  };
  const declared = [...section("inputs").matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  const used = [...action.matchAll(/\$\{\{ inputs\.([a-z-]+) \}\}/g)].map((m) => m[1]);
  assert.deepEqual(new Set(used), new Set(declared));
  const passed = [...action.matchAll(/^ +(INPUT_[A-Z_]+): /gm)].map((m) => m[1]);
  const script = read(".github/action/deploy.sh") + read(".github/action/install.sh");
  const read_ = [...script.matchAll(/\$\{(INPUT_[A-Z_]+)/g)].map((m) => m[1]);
  assert.deepEqual(new Set(read_), new Set(passed));
  // Outputs come from the deploy step, which writes each of them to GITHUB_OUTPUT.
  const outputs = [...section("outputs").matchAll(/steps\.deploy\.outputs\.([a-z-]+)/g)]
    .map((m) => m[1]!);
  assert.ok(outputs.includes("task-definition-arn") && outputs.includes("deployment-id"));
  for (const output of outputs) {
    assert.match(read(".github/action/deploy.sh"), new RegExp(`echo "${output}=`));
  }
});
