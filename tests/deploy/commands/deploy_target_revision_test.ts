import assert from "node:assert/strict";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { planDeploy } from "../../../src/deploy/plan/plan_deploy.ts";
import { readDeployState } from "../../../src/deploy/plan/read_deploy_state.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  deployIn,
  FAST_PROD,
  registerRevision,
  settle,
  startDeployment,
} from "../../support/simulated_world.ts";

const request = (overrides: Partial<DeployRequest>): DeployRequest =>
  aDeployRequest({ cluster: "prod", images: [], timeoutMs: 60_000, ...overrides });

/** The service moved on to revision 2; revision 1 is where a rollback goes. */
async function onSecondRevision() {
  const f = await aSimulatedWorld(FAST_PROD);
  const second = await registerRevision(f, "repo/api:2.0.0");
  await startDeployment(f, second);
  await settle(f);
  return { f, first: f.seeded.taskDefinitionArn, second };
}

Deno.test("planDeploy() with a target revision plans only the service update", async () => {
  const { f, first, second } = await onSecondRevision();
  const state = await readDeployState(f.ecs, request({}));

  const plan = planDeploy(state, request({ targetTaskDefinitionArn: first, desiredCount: 3 }));

  assert.equal(plan.targetTaskDefinitionArn, first);
  assert.equal(plan.current.taskDefinition.taskDefinitionArn, second);
  assert.equal(plan.nextTaskDefinition, undefined);
  assert.deepEqual(plan.imageChanges, []);
  assert.deepEqual(plan.serviceUpdate, { cluster: "prod", service: "api", desiredCount: 3 });
});

Deno.test("planDeploy() refuses image changes together with a target revision", async () => {
  const { f, first } = await onSecondRevision();
  const state = await readDeployState(f.ecs, request({}));
  assert.throws(
    () =>
      planDeploy(state, request({ targetTaskDefinitionArn: first, images: ["repo/api:3.0.0"] })),
    new InvalidRequestError(
      `Cannot deploy "api": images cannot change when deploying a given revision`,
    ),
  );
});

Deno.test("runDeploy() with a target revision points the service at it and registers nothing", async () => {
  const { f, first, second } = await onSecondRevision();

  const { result, events } = await deployIn(f, request({ targetTaskDefinitionArn: first }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.taskDefinitionArn, first);
  assert.equal(result.previousTaskDefinitionArn, second);
  assert.ok(!f.calls.includes("registerTaskDefinition"));
  assert.ok(!events.some((e) => e.type === "registered"));
  const service = await currentService(f);
  assert.equal(service.taskDefinition, first);
  assert.deepEqual((await f.ecs.listTaskDefinitions("api", "ACTIVE")).length, 2);
});
