import assert from "node:assert/strict";
import type { RunTaskInput } from "../../../src/ecs/types.ts";
import { SimulatedLogsClient } from "../../../src/simulator/simulated_logs_client.ts";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  deployWith,
  FAST_PROD,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";

function deployWithLogs(world: SimulatedWorld, request: DeployRequest) {
  return deployWith(world, request, { logs: new SimulatedLogsClient(world.sim.logs) });
}

Deno.test("--run-before that fails leaves the service untouched and the new revision registered", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  const inputs: RunTaskInput[] = [];
  world.hooks.push((method, _count, args) => {
    if (method === "runTask") inputs.push(args[0] as RunTaskInput);
  });
  const { result, events } = await deployWithLogs(
    world,
    aDeployRequest({ cluster: "prod", runBefore: [["migrate", "exit-3"], ["never", "runs"]] }),
  );
  assert.equal(result.outcome, "failed");
  assert.equal(result.exitCode, 1);
  assert.equal(world.countOf("updateService"), 0);
  assert.equal(world.countOf("registerTaskDefinition"), 1);
  assert.equal(world.countOf("runTask"), 1, "the second command does not run");
  const registered = events.find((e) => e.type === "registered");
  assert.ok(registered?.type === "registered");
  assert.equal(inputs[0]!.taskDefinition, registered.taskDefinitionArn);
  assert.equal(result.taskDefinitionArn, registered.taskDefinitionArn);
  assert.match(
    result.reason,
    /^--run-before "migrate exit-3": task \w+: container "web" exited with code 3.*; the service was not changed; the new revision \S+:2 stays registered$/,
  );
  assert.equal(result.runBefore?.length, 1);
  assert.equal(result.runBefore?.[0]?.exitCode, 3);
  assert.ok(result.diagnosis?.logLines?.includes("container web exited with code 3"));
  const service = await currentService(world);
  assert.equal(service.taskDefinition, world.seeded.taskDefinitionArn);
  assert.equal(service.deployments.length, 1);
});

Deno.test("--run-before that succeeds runs every command on the new revision, then deploys", async () => {
  const world = await aSimulatedWorld(FAST_PROD);
  const { result, events } = await deployWithLogs(
    world,
    aDeployRequest({ cluster: "prod", runBefore: [["migrate"], ["seed", "exit-0"]] }),
  );
  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(world.countOf("runTask"), 2);
  assert.equal(world.countOf("updateService"), 1);
  assert.deepEqual(result.runBefore?.map((r) => [r.command, r.outcome]), [
    [["migrate"], "succeeded"],
    [["seed", "exit-0"], "succeeded"],
  ]);
  const order = events.map((e) => e.type).filter((t) =>
    ["registered", "task_started", "service_updated"].includes(t)
  );
  assert.deepEqual(order, ["registered", "task_started", "task_started", "service_updated"]);
  const service = await currentService(world);
  assert.equal(service.taskDefinition, result.taskDefinitionArn);
});
