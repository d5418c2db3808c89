import assert from "node:assert/strict";

Deno.test("deno task demo deploys rolling and blue/green, then shows a failing deploy and why, and exits 0", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "demo"],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.match(stderr, /Deployed "api": 2 of 2 tasks running the new revision \(exit 0\)/);
  // The blue/green deploy shows its stages and the production traffic moving to green.
  const blueGreen = stderr.slice(stderr.indexOf("-n api-bg"), stderr.indexOf("fail-pull"));
  assert.match(blueGreen, /stage SCALE_UP, production 0% new/);
  assert.match(blueGreen, /stage BAKE_TIME, production 100% new/);
  assert.match(blueGreen, /Deployed "api-bg": .*\(exit 0\)/);
  assert.match(stderr, /Rolled back "api" to api:\d+: .*\(exit 1\)/);
  assert.match(stderr, /Why: \d+ tasks failed to start: CannotPullContainerError/);
  assert.match(
    stderr,
    /the rolling deploy exited 0, the blue\/green one exited 0, the unpullable one exited 1/,
  );
});
