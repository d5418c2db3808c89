/**
 * The native strategies end to end: the CLI as a child process through the real SDK against the
 * emulator, on a service set to BLUE_GREEN (no bake, so the test takes seconds of wall time).
 */
import assert from "node:assert/strict";
import { explain, resultLine, runCliProcess } from "../support/spawn_cli.ts";
import { cliTarget, inWorld, REPO, runScenariosConcurrently } from "./e2e_world.ts";
import type { E2eWorld } from "./e2e_world.ts";

async function blueGreen(world: E2eWorld, extra: Record<string, unknown> = {}) {
  await world.emulator.sim.call("UpdateService", {
    cluster: world.cluster,
    service: world.service,
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 0, ...extra },
  });
}

const pause = { lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"] }] };

Deno.test("native strategies: the CLI as a child process against the emulator", async (t) => {
  await runScenariosConcurrently(t, {
    "a blue/green deploy succeeds when ECS says SUCCESSFUL, exit 0": () =>
      inWorld("bgok", {}, async (world) => {
        await blueGreen(world);
        const exit = await runCliProcess(cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60"));
        assert.equal(exit.code, 0, explain(exit));
        assert.equal(resultLine(exit).outcome, "succeeded");
        assert.ok(world.operations().includes("DescribeServiceDeployments"));
      }),

    "a PAUSE hook with --on-pause exit is exit 5; continue then ends it with exit 0": () =>
      inWorld("bgpause", {}, async (world) => {
        await blueGreen(world, pause);
        const paused = await runCliProcess(
          cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60", "--on-pause", "exit"),
        );
        assert.equal(paused.code, 5, explain(paused));
        const result = resultLine(paused);
        assert.equal(result.outcome, "paused");
        assert.match(String(result.reason), /ecs-deploy continue -c bgpause -n bgpause --hook-id /);

        const status = await runCliProcess(["status", ...cliTarget(world).slice(0, 8)]);
        assert.match(status.stdout, /Strategy: BLUE_GREEN \(IN_PROGRESS, POST_SCALE_UP/);

        const continued = await runCliProcess(["continue", ...cliTarget(world, "-t", "60")]);
        assert.equal(continued.code, 0, explain(continued));
        assert.equal(resultLine(continued).outcome, "succeeded");
        assert.ok(world.operations().includes("ContinueServiceDeployment"));
      }),

    "continue --reject rolls the deployment back: exit 1, rolled_back": () =>
      inWorld("bgreject", {}, async (world) => {
        await blueGreen(world, pause);
        const paused = await runCliProcess(
          cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60", "--on-pause", "exit"),
        );
        assert.equal(paused.code, 5, explain(paused));
        const rejected = await runCliProcess([
          "continue",
          ...cliTarget(world, "-t", "60", "--reject"),
        ]);
        assert.equal(rejected.code, 1, explain(rejected));
        assert.equal(resultLine(rejected).outcome, "rolled_back");
        assert.equal((await world.describeService()).taskDefinition, world.taskDefinitionArn);
      }),
  });
});
