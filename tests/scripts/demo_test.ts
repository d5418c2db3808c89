import assert from "node:assert/strict";

Deno.test("deno task demo deploys, then shows a failing deploy and why, and exits 0", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "demo"],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.match(stderr, /Deployed "api": 2 of 2 tasks running the new revision \(exit 0\)/);
  assert.match(stderr, /Rolled back "api" to api:\d+: .*\(exit 1\)/);
  assert.match(stderr, /Why: \d+ tasks failed to start: CannotPullContainerError/);
  assert.match(stderr, /the good deploy exited 0, the unpullable one exited 1/);
});
