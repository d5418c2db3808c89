import assert from "node:assert/strict";
import { invocationOf, type RuntimeFacts, shellQuote } from "../../src/emulator/invocation.ts";

const facts = (overrides: Partial<RuntimeFacts>): RuntimeFacts => ({
  execPath: "/opt/deno/bin/deno",
  mainModule: "file:///home/me/ecs-deploy/main.ts",
  cwd: "/home/me/ecs-deploy",
  onPath: () => undefined,
  realPath: (path) => path,
  ...overrides,
});

Deno.test("invocationOf() a checkout's main.ts is deno run -A main.ts, typed in the checkout", () => {
  assert.deepEqual(invocationOf(facts({})), {
    words: ["deno", "run", "-A", "main.ts"],
    cwd: "/home/me/ecs-deploy",
  });
  assert.deepEqual(invocationOf(facts({ cwd: "/home/me" })), {
    words: ["deno", "run", "-A", "ecs-deploy/main.ts"],
    cwd: "/home/me",
  });
});

Deno.test("invocationOf() a script outside the working folder is named by its full path", () => {
  assert.deepEqual(invocationOf(facts({ cwd: "/tmp" })), {
    words: ["deno", "run", "-A", "/home/me/ecs-deploy/main.ts"],
  });
});

Deno.test("invocationOf() a script run from a URL is run from that URL again", () => {
  const url = "https://raw.githubusercontent.com/ecs-deploy/ecs-deploy/v0.1.0/main.ts";
  assert.deepEqual(invocationOf(facts({ mainModule: url, execPath: "C:\\deno\\deno.exe" })), {
    words: ["deno", "run", "-A", url],
  });
});

Deno.test("invocationOf() a compiled binary is its name when PATH finds it, else its path", () => {
  const binary = {
    execPath: "/usr/local/bin/ecs-deploy",
    mainModule: "file:///tmp/deno-compile-x/main.ts",
  };
  assert.deepEqual(
    invocationOf(facts({ ...binary, onPath: (name) => `/usr/local/bin/${name}` })),
    { words: ["ecs-deploy"] },
  );
  // Another ecs-deploy earlier on PATH, or none: the full path runs this one.
  assert.deepEqual(
    invocationOf(facts({ ...binary, onPath: () => "/home/me/bin/ecs-deploy" })),
    { words: ["/usr/local/bin/ecs-deploy"] },
  );
  assert.deepEqual(invocationOf(facts(binary)), { words: ["/usr/local/bin/ecs-deploy"] });
});

Deno.test("shellQuote() leaves plain words alone and single-quotes the rest for sh", () => {
  assert.equal(shellQuote("http://127.0.0.1:4599"), "http://127.0.0.1:4599");
  assert.equal(shellQuote("public.ecr.aws/nginx/nginx:1.28"), "public.ecr.aws/nginx/nginx:1.28");
  assert.equal(shellQuote("/home/my projects/main.ts"), "'/home/my projects/main.ts'");
  assert.equal(shellQuote("it's"), `'it'"'"'s'`);
  assert.equal(shellQuote("$HOME"), "'$HOME'");
});
