import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { VERSION } from "../../src/version.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", GITHUB_REF_NAME: "", ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("release.ts exits 2 before building when the tag does not match the version", async () => {
  const { code, stderr, stdout } = await runScript("scripts/release.ts", ["--tag", "v0.0.0-x"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /tag "v0\.0\.0-x" does not match version/);
});

Deno.test("release.ts takes the tag from GITHUB_REF_NAME", async () => {
  const wrong = await runScript("scripts/release.ts", ["--dry-run"], { GITHUB_REF_NAME: "main" });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /tag "main" does not match/);
  const right = await runScript("scripts/release.ts", ["--dry-run"], {
    GITHUB_REF_NAME: `v${VERSION}`,
  });
  assert.equal(right.code, 0, right.stderr);
});

Deno.test("release.ts --dry-run prints the commands for the chosen targets only", async () => {
  const { code, stdout } = await runScript("scripts/release.ts", [
    "--tag",
    `v${VERSION}`,
    "--dry-run",
    "--target",
    "aarch64-apple-darwin",
  ]);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.match(lines[1]!, / compile .* --target aarch64-apple-darwin .*main\.ts$/);
  assert.equal(
    lines[2],
    `tar -C dist/build/aarch64-apple-darwin -czf dist/ecs-deploy-${VERSION}-aarch64-apple-darwin` +
      ".tar.gz ecs-deploy",
  );
  assert.match(lines[3]!, /sha256sum .* > SHA256SUMS\)$/);
});

Deno.test("release.ts exits 2 on an unknown target", async () => {
  const { code, stderr } = await runScript("scripts/release.ts", ["--target", "riscv64"]);
  assert.equal(code, 2);
  assert.match(stderr, /Unknown target/);
});

Deno.test("compile.ts --dry-run bakes in the AWS files of this environment", async () => {
  const home = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${home}/.aws`);
    await Deno.writeTextFile(
      `${home}/.aws/config`,
      "[profile ci]\nweb_identity_token_file = /srv/ci-token\n",
    );
    const { code, stdout, stderr } = await runScript("scripts/compile.ts", ["--dry-run"], {
      HOME: home,
      AWS_WEB_IDENTITY_TOKEN_FILE: "/run/token",
      AWS_CONFIG_FILE: "",
      AWS_SHARED_CREDENTIALS_FILE: "",
    });
    assert.equal(code, 0, stderr);
    const read = /--allow-read=(\S+)/.exec(stdout)?.[1]?.split(",");
    assert.deepEqual(read?.slice(0, 6), [
      `${home}/.aws/config`,
      `${home}/.aws/credentials`,
      `${home}/.aws/sso/cache`,
      `${home}/.aws/login/cache`,
      "/run/token",
      "/srv/ci-token",
    ]);
    assert.match(stdout, / --output dist\/ecs-deploy main\.ts\n$/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("compile.ts --home replaces this environment's home and AWS variables", async () => {
  const { code, stdout } = await runScript("scripts/compile.ts", [
    "--dry-run",
    "--home",
    "/home/nonroot",
    "--output",
    "/out/ecs-deploy",
  ], { AWS_CONFIG_FILE: "/elsewhere/config" });
  assert.equal(code, 0);
  assert.match(stdout, /--allow-read=\/home\/nonroot\/\.aws\/config,\/home\/nonroot\/\.aws\//);
  assert.doesNotMatch(stdout, /elsewhere/);
  assert.match(stdout, / --output \/out\/ecs-deploy main\.ts\n$/);
});
