import assert from "node:assert/strict";
import { InvalidRequestError } from "../../src/errors.ts";
import {
  archiveName,
  formatChecksums,
  formatStep,
  planRelease,
  shellQuote,
} from "../../scripts/lib/release_plan.ts";
import { RELEASE_TARGETS } from "../../scripts/lib/compile_flags.ts";

const base = { version: "1.2.3", tag: "v1.2.3", deno: "/opt/deno" };

Deno.test("planRelease() compiles, archives and checksums all five targets", () => {
  const plan = planRelease(base);
  const lines = plan.steps.map(formatStep);
  assert.equal(plan.steps.length, 1 + 2 * RELEASE_TARGETS.length + 1);
  assert.equal(
    lines[1],
    "/opt/deno compile --no-check --no-prompt --allow-net --allow-env " +
      "--allow-sys=osRelease,homedir,uid --allow-read --target x86_64-unknown-linux-gnu " +
      "--output dist/build/x86_64-unknown-linux-gnu/ecs-deploy main.ts",
  );
  assert.equal(
    lines[2],
    "tar -C dist/build/x86_64-unknown-linux-gnu -czf " +
      "dist/ecs-deploy-1.2.3-x86_64-unknown-linux-gnu.tar.gz ecs-deploy",
  );
  assert.equal(
    lines[10],
    "zip -j -q dist/ecs-deploy-1.2.3-x86_64-pc-windows-msvc.zip " +
      "dist/build/x86_64-pc-windows-msvc/ecs-deploy.exe",
  );
  assert.equal(
    lines.at(-1),
    "(cd dist && sha256sum ecs-deploy-1.2.3-x86_64-unknown-linux-gnu.tar.gz " +
      "ecs-deploy-1.2.3-aarch64-unknown-linux-gnu.tar.gz " +
      "ecs-deploy-1.2.3-x86_64-apple-darwin.tar.gz " +
      "ecs-deploy-1.2.3-aarch64-apple-darwin.tar.gz " +
      "ecs-deploy-1.2.3-x86_64-pc-windows-msvc.zip > SHA256SUMS)",
  );
});

Deno.test("planRelease() first removes stale outputs, zip would otherwise update them", () => {
  const plan = planRelease({ ...base, targets: ["x86_64-pc-windows-msvc"], distDir: "out" });
  assert.deepEqual(plan.steps[0], {
    kind: "remove",
    paths: ["out/build", "out/SHA256SUMS", "out/ecs-deploy-1.2.3-x86_64-pc-windows-msvc.zip"],
  });
});

Deno.test("planRelease() lists the archives and SHA256SUMS as artifacts", () => {
  const plan = planRelease({ ...base, targets: ["aarch64-apple-darwin"] });
  assert.deepEqual(plan.artifacts, [
    "dist/ecs-deploy-1.2.3-aarch64-apple-darwin.tar.gz",
    "dist/SHA256SUMS",
  ]);
  assert.equal(plan.steps.filter((s) => s.kind === "exec").length, 2);
});

Deno.test("planRelease() rejects a tag that does not match the version", () => {
  assert.throws(
    () => planRelease({ ...base, tag: "v1.2.4" }),
    (error: unknown) =>
      error instanceof InvalidRequestError &&
      error.message ===
        'Cannot release: tag "v1.2.4" does not match version "1.2.3" in src/version.ts ' +
          '(expected tag "v1.2.3")',
  );
  assert.throws(() => planRelease({ ...base, tag: "1.2.3" }), InvalidRequestError);
  assert.throws(() => planRelease({ ...base, tag: "main" }), InvalidRequestError);
});

Deno.test("planRelease() rejects a missing tag and says how to give one", () => {
  for (const tag of [undefined, ""]) {
    assert.throws(
      () => planRelease({ ...base, tag }),
      /no git tag given; pass --tag v1\.2\.3 or set GITHUB_REF_NAME/,
    );
  }
});

Deno.test("archiveName() uses .zip for Windows and .tar.gz elsewhere", () => {
  assert.equal(
    archiveName("0.1.0", "aarch64-unknown-linux-gnu"),
    "ecs-deploy-0.1.0-aarch64-unknown-linux-gnu.tar.gz",
  );
  assert.equal(
    archiveName("0.1.0", "x86_64-pc-windows-msvc"),
    "ecs-deploy-0.1.0-x86_64-pc-windows-msvc.zip",
  );
});

Deno.test("formatChecksums() writes sha256sum's two-space format", () => {
  assert.equal(
    formatChecksums([{ file: "a.zip", sha256: "ab" }, { file: "b.tar.gz", sha256: "cd" }]),
    "ab  a.zip\ncd  b.tar.gz\n",
  );
});

Deno.test("shellQuote() quotes only words a shell would split or expand", () => {
  assert.equal(shellQuote("--allow-read=/a,/b"), "--allow-read=/a,/b");
  assert.equal(shellQuote("/Program Files/deno"), "'/Program Files/deno'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote("$HOME"), "'$HOME'");
});
