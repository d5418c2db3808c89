import assert from "node:assert/strict";
import { DEMO_IMAGE } from "../support/simulated_world.ts";
import { aGroupWorld, serviceOf } from "../support/group_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

const IMAGE = `${DEMO_IMAGE}:1.28`;

Deno.test("deploy -n api -n worker -n cron deploys all three, not only the last", async () => {
  const world = await aGroupWorld([{ service: "worker" }, { service: "cron" }]);
  const run = await runCliForTest(
    ["-c", "prod", "-n", "api", "-n", "worker", "-n", "cron", "-i", IMAGE],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(run.exitCode, 0, run.stderr);
  for (const service of ["api", "worker", "cron"]) {
    const { taskDefinition } = await serviceOf(world, service);
    assert.match(taskDefinition, new RegExp(`task-definition/${service}:2$`), service);
  }
});
