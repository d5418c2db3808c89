/**
 * Verdicts where a witness is missing, end to end: the CLI as a child process through the fault
 * proxy, with the deployment APIs (ListServiceDeployments, DescribeServiceDeployments) denied as
 * an IAM policy without them would. The verdict then comes from DescribeServices, and a rollback
 * is never read as a success.
 */
import assert from "node:assert/strict";
import { explain, resultLine, runCliProcess } from "../../support/spawn_cli.ts";
import type { FaultRule } from "../../support/fault_proxy.ts";
import { cliTarget, inWorld, REPO, untilService } from "../../e2e/e2e_world.ts";

const denied = (operation: string): FaultRule => ({
  operation,
  fault: { kind: "error", type: "AccessDeniedException", status: 400, message: "not authorized" },
  times: Infinity,
});

Deno.test("deploy --no-wait, ECS rolls back, then wait: rolled_back (exit 1) with the deployment APIs denied", async () => {
  await inWorld("nowaitdenied", {}, async (world) => {
    world.proxy.script(denied("ListServiceDeployments"), denied("DescribeServiceDeployments"));

    const started = await runCliProcess(cliTarget(world, "-i", `${REPO}:fail-pull`, "--no-wait"));
    assert.equal(started.code, 0, explain(started));
    await untilService(
      world,
      "rolled back by ECS",
      (s) => s.deployments.length === 1 && s.taskDefinition === world.taskDefinitionArn,
    );

    const waited = await runCliProcess(["wait", ...cliTarget(world, "-t", "30")]);
    const result = resultLine(waited);
    assert.equal(waited.code, 1, explain(waited));
    assert.equal(result.outcome, "rolled_back");
    assert.match(String(result.reason), /tasks failed to start/);
    const deniedCalls = world.proxy.requests.filter((r) => r.fault === "error").length;
    assert.ok(deniedCalls > 0, "wait never asked the deployment APIs");
  });
});
