import assert from "node:assert/strict";
import {
  aSettledService,
  aSimulator,
  deployments,
  registerImage,
  tasksOf,
  type Wire,
} from "./sim_fixtures.ts";
import { serviceDeployment, watch } from "./strategy_fixtures.ts";

type Fixture = ReturnType<typeof aSimulator>;

const early = (cleanup: string, extra: Wire = {}) => ({
  minimumHealthyPercent: 50,
  earlySuccessCriteria: { enable: true, healthyPercent: 50, sourceServiceRevisionCleanup: cleanup },
  ...extra,
});

async function deploy(f: Fixture): Promise<{ arn: string; td: string }> {
  const td = await registerImage(f, "nginx:1.26", { healthCheck: true });
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td,
  });
  return { arn: (out.service as Wire).currentServiceDeployment as string, td };
}

Deno.test("DEFERRED cleanup: SUCCESSFUL once healthyPercent is healthy, the old tasks still draining", async () => {
  const f = aSimulator();
  const old = await aSettledService(f, {
    desiredCount: 4,
    healthCheck: true,
    deploymentConfiguration: early("DEFERRED"),
  });
  const { arn, td } = await deploy(f);
  const { last } = await watch(f, arn);
  assert.equal(last.status, "SUCCESSFUL");
  const notStopped = [...await tasksOf(f), ...await tasksOf(f, "STOPPED")]
    .filter((t) => t.lastStatus !== "STOPPED");
  assert.ok(notStopped.some((t) => t.taskDefinitionArn === old), "old revision still draining");
  assert.ok(
    notStopped.filter((t) => t.taskDefinitionArn === td && t.healthStatus === "HEALTHY")
      .length >= 2,
  );
  assert.equal(f.finished.at(-1)?.outcome, "COMPLETED");
  const finishedAt = last.finishedAt;
  // The old revision drains in the background; the service deployment stays as it finished.
  for (let i = 0; i < 400 && (await deployments(f)).length > 1; i++) f.clock.advance(5);
  const [only] = await deployments(f);
  assert.equal(only!.rolloutState, "COMPLETED");
  assert.ok((await tasksOf(f)).every((t) => t.taskDefinitionArn === td));
  const after = await serviceDeployment(f, arn);
  assert.equal(after.status, "SUCCESSFUL");
  assert.deepEqual(after.finishedAt, finishedAt);
  assert.equal(f.finished.filter((e) => e.serviceDeploymentArn === arn).length, 1);
});

Deno.test("BLOCKING cleanup: SUCCESSFUL after the old tasks are gone, before all new ones are healthy", async () => {
  const f = aSimulator();
  const old = await aSettledService(f, {
    desiredCount: 4,
    healthCheck: true,
    deploymentConfiguration: early("BLOCKING", { maximumPercent: 100 }),
  });
  const { arn, td } = await deploy(f);
  const { last } = await watch(f, arn);
  assert.equal(last.status, "SUCCESSFUL");
  const tasks = [...await tasksOf(f), ...await tasksOf(f, "STOPPED")]
    .filter((t) => t.lastStatus !== "STOPPED");
  assert.ok(tasks.every((t) => t.taskDefinitionArn !== old), "old tasks removed first");
  const healthy = tasks.filter((t) => t.taskDefinitionArn === td && t.healthStatus === "HEALTHY");
  assert.ok(healthy.length >= 2 && healthy.length < 4, `${healthy.length} healthy`);
});

Deno.test("earlySuccessCriteria out of range or incomplete is InvalidParameterException", async () => {
  const f = aSimulator();
  await aSettledService(f);
  for (
    const deploymentConfiguration of [
      early("DEFERRED", {
        earlySuccessCriteria: {
          enable: true,
          healthyPercent: 101,
          sourceServiceRevisionCleanup: "DEFERRED",
        },
      }),
      { ...early("BLOCKING"), minimumHealthyPercent: 80 },
      { earlySuccessCriteria: { enable: true, healthyPercent: 100 } },
      { earlySuccessCriteria: { healthyPercent: 100, sourceServiceRevisionCleanup: "BLOCKING" } },
      early("LATER"),
      { ...early("BLOCKING"), strategy: "BLUE_GREEN" },
    ]
  ) {
    await assert.rejects(
      f.call("UpdateService", { cluster: "prod", service: "api", deploymentConfiguration }),
      { name: "EcsApiError", type: "InvalidParameterException" } as object,
      JSON.stringify(deploymentConfiguration),
    );
  }
});
