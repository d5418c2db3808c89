/**
 * CodeDeploy end to end: the CLI as a child process, through the real ECS and CodeDeploy SDKs,
 * against the emulator serving both on one port (`--endpoint-url` reaches CodeDeploy too).
 */
import assert from "node:assert/strict";
import { explain, resultLine, runCliProcess } from "../support/spawn_cli.ts";
import {
  CODE_DEPLOY_SERVICE,
  seedCodeDeployGroup,
  type SeedCodeDeployOptions,
} from "../../src/emulator/seed_codedeploy.ts";
import { CODEDEPLOY_TARGET_PREFIX } from "../../src/simulator/codedeploy/simulated_codedeploy.ts";
import { cliTarget, type E2eWorld, inWorld, REPO, runScenariosConcurrently } from "./e2e_world.ts";

/** A CODE_DEPLOY world with its application and group, unless `group` is false. */
function inCodeDeployWorld(
  cluster: string,
  options: SeedCodeDeployOptions & { group?: boolean },
  body: (world: E2eWorld) => Promise<void>,
) {
  return inWorld(cluster, { ...CODE_DEPLOY_SERVICE }, async (world) => {
    if (options.group !== false) {
      const backend = world.emulator.services.find((s) =>
        s.targetPrefix === CODEDEPLOY_TARGET_PREFIX
      )!.backend;
      await seedCodeDeployGroup(backend, world, options);
    }
    await body(world);
  });
}

Deno.test("CodeDeploy: the CLI as a child process against the emulator", async (t) => {
  await runScenariosConcurrently(t, {
    "a CODE_DEPLOY service deploys through CodeDeploy, exit 0": () =>
      inCodeDeployWorld("cdok", {}, async (world) => {
        const exit = await runCliProcess(cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60"));
        assert.equal(exit.code, 0, explain(exit));
        const result = resultLine(exit);
        assert.equal(result.outcome, "succeeded");
        assert.match(String(result.deploymentId), /^d-/);
        const ops = world.operations();
        assert.ok(ops.includes("CreateDeployment") && ops.includes("GetDeployment"), ops.join());
        assert.ok(!ops.includes("UpdateService"), "UpdateService was called");
        assert.equal((await world.describeService()).taskDefinition, result.taskDefinitionArn);
      }),

    "a failing image: CodeDeploy rolls back, exit 1 rolled_back": () =>
      inCodeDeployWorld("cdfail", {}, async (world) => {
        const exit = await runCliProcess(cliTarget(world, "-i", `${REPO}:fail-pull`, "-t", "60"));
        assert.equal(exit.code, 1, explain(exit));
        const result = resultLine(exit);
        assert.equal(result.outcome, "rolled_back");
        assert.match(String(result.reason), /CannotPullContainerError/);
      }),

    "without auto-rollback it is failed, exit 1": () =>
      inCodeDeployWorld("cdnorb", { autoRollback: false }, async (world) => {
        const exit = await runCliProcess(cliTarget(world, "-i", `${REPO}:crash`, "-t", "60"));
        assert.equal(exit.code, 1, explain(exit));
        assert.equal(resultLine(exit).outcome, "failed");
      }),

    "Ready with --on-pause exit is exit 5; continue approves it, exit 0": () =>
      inCodeDeployWorld("cdready", { readyWaitMinutes: 30 }, async (world) => {
        const paused = await runCliProcess(
          cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60", "--on-pause", "exit"),
        );
        assert.equal(paused.code, 5, explain(paused));
        assert.equal(resultLine(paused).outcome, "paused");
        const done = await runCliProcess(["continue", ...cliTarget(world, "-t", "60")]);
        assert.equal(done.code, 0, explain(done));
        assert.equal(resultLine(done).outcome, "succeeded");
        assert.ok(world.operations().includes("ContinueDeployment"));
      }),

    "rollback in flight stops the CodeDeploy deployment, exit 0": () =>
      inCodeDeployWorld("cdstop", { readyWaitMinutes: 30 }, async (world) => {
        const paused = await runCliProcess(
          cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60", "--on-pause", "exit"),
        );
        assert.equal(paused.code, 5, explain(paused));
        const back = await runCliProcess(["rollback", ...cliTarget(world, "-t", "60")]);
        assert.equal(back.code, 0, explain(back));
        assert.ok(world.operations().includes("StopDeployment"));
        assert.equal(
          (await world.describeService()).taskDefinition,
          resultLine(paused).previousTaskDefinitionArn,
        );
      }),

    "no deployment group deploys the service: exit 2, nothing registered": () =>
      inCodeDeployWorld("cdnogroup", { group: false }, async (world) => {
        const exit = await runCliProcess(cliTarget(world, "-i", `${REPO}:1.28`, "-t", "60"));
        assert.equal(exit.code, 2, explain(exit));
        assert.match(exit.stderr, /no CodeDeploy deployment group deploys service "cdnogroup"/);
        assert.ok(!world.operations().includes("RegisterTaskDefinition"));
      }),
  });
});
