/**
 * The fault proxy with the CLI as a child process: `world.url` is the proxy, so a scripted fault
 * reaches the CLI through `--endpoint-url` and the real SDK, and `world.requests` shows what the
 * proxy did. The scenarios of issue 8 script their faults the same way.
 */
import assert from "node:assert/strict";
import { explain, resultLine, spawnCli } from "../support/spawn_cli.ts";
import { countOf, inWorld, MUTATING, REPO } from "./e2e_world.ts";

Deno.test("a fault scripted on world.proxy reaches the CLI through --endpoint-url", async () => {
  await inWorld("proxied", {}, async (world) => {
    world.proxy.script({
      operation: "DescribeServices",
      fault: { kind: "error", type: "AccessDeniedException", status: 400, message: "Denied here" },
      times: Infinity,
    });
    const exit = await spawnCli([
      ...["-c", world.cluster, "-n", world.service, "-i", `${REPO}:1.28`],
      ...["--endpoint-url", world.url, "-r", "us-east-1", "--output", "json", "-t", "30"],
    ]).exited;
    assert.equal(exit.code, 4, explain(exit));
    assert.equal(resultLine(exit).outcome, "error");
    assert.match(exit.stderr, /Denied here/);
    assert.ok(world.requests.length > 0);
    for (const request of world.requests) {
      assert.deepEqual(
        [request.operation, request.status, request.fault],
        ["DescribeServices", 400, "error"],
      );
      assert.equal(request.input.cluster, world.cluster);
    }
    // Denied before the plan: nothing reached the emulator, least of all a change.
    const reached = countOf(world.operations());
    assert.deepEqual(MUTATING.filter((op) => reached[op]), []);
    assert.equal(reached.DescribeServices, undefined);
  });
});
