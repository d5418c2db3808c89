/**
 * ECS is eventually consistent: right after UpdateService, DescribeServices may still answer
 * with the service as it was. Such an answer is no evidence that our deployment failed.
 */
import assert from "node:assert/strict";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { Service } from "../../../src/ecs/types.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  deployIn,
  failing,
  FAST_PROD,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";

/** Answers the first `count` DescribeServices after UpdateService with the service before it. */
function staleAfterUpdate(f: SimulatedWorld, count: number) {
  let before: Service | undefined;
  let staleLeft = count;
  f.hooks.push(async (method, _n, _args, proceed) => {
    if (method === "updateService") {
      before = await currentService(f);
      return await proceed();
    }
    if (method === "describeService" && before && staleLeft > 0) {
      staleLeft--;
      return structuredClone(before);
    }
  });
}

const deploymentApisDenied = failing({
  listServiceDeployments: new EcsApiError("AccessDeniedException", "not authorized"),
  describeServiceDeployments: new EcsApiError("AccessDeniedException", "not authorized"),
});

Deno.test("a stale read right after UpdateService is not a rollback: the ServiceDeployment says in progress", async () => {
  // Default timings: the rollout is still in progress when the stale answer arrives.
  const f = await aSimulatedWorld({ cluster: "prod" });
  staleAfterUpdate(f, 1);

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal((await currentService(f)).taskDefinition, result.taskDefinitionArn);
});

Deno.test("a stale read is not a rollback where the deployment APIs are denied", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(deploymentApisDenied);
  staleAfterUpdate(f, 3);

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.exitCode, 0);
});

Deno.test("a real rollback is still reported where the deployment APIs are denied", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(deploymentApisDenied);

  const { result } = await deployIn(
    f,
    aDeployRequest({ cluster: "prod", images: ["public.ecr.aws/nginx/nginx:fail-pull"] }),
  );

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.match(result.reason, /back on .*api:1/);
});
