import assert from "node:assert/strict";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { type EditRequest, noEdits } from "../../../src/deploy/plan/edits/edit_request.ts";
import { planDeploy } from "../../../src/deploy/plan/plan_deploy.ts";
import { readDeployState } from "../../../src/deploy/plan/read_deploy_state.ts";
import { aDeployRequest, aSimulatedWorld, DEMO_IMAGE } from "../../support/simulated_world.ts";

const withEdits = (edits: Partial<EditRequest>, more: Partial<DeployRequest> = {}) =>
  aDeployRequest({ images: [], edits: { ...noEdits(), ...edits }, ...more });
const setEnv = (value: string) => ({
  environment: [{ container: "web", key: "APP_ENV", value, flag: "-e, --env" }],
});

async function plan(request: DeployRequest) {
  const world = await aSimulatedWorld();
  return planDeploy(await readDeployState(world.ecs, request), request);
}

Deno.test("planDeploy() with an edit registers the edited copy and updates the service", async () => {
  const p = await plan(withEdits(setEnv("prod")));
  assert.deepStrictEqual(p.nextTaskDefinition!.containerDefinitions[0]!.environment, [
    { name: "APP_ENV", value: "prod" },
  ]);
  assert.equal(p.edits?.length, 1);
  assert.ok(p.serviceUpdate);
  assert.equal(p.nothingToDeploy, undefined);
});

Deno.test("planDeploy() with only edits already in place plans nothing to deploy", async () => {
  const p = await plan(withEdits(setEnv("demo")));
  assert.equal(p.nextTaskDefinition, undefined);
  assert.equal(p.serviceUpdate, undefined);
  assert.equal(p.nothingToDeploy, "nothing to deploy: every edit is already in place in api:1");
  assert.equal(p.edits?.[0]?.unchanged, true);
});

Deno.test("planDeploy() with a no-op edit and -D or --force-new-deployment registers nothing but updates", async () => {
  for (const more of [{ desiredCount: 3 }, { forceNewDeployment: true }]) {
    const p = await plan(withEdits(setEnv("demo"), more));
    assert.equal(p.nextTaskDefinition, undefined);
    assert.ok(p.serviceUpdate);
    assert.equal(p.nothingToDeploy, undefined);
  }
});

Deno.test("planDeploy() applies images first, then edits, into one revision", async () => {
  const p = await plan(withEdits(setEnv("prod"), { images: [`${DEMO_IMAGE}:1.28`] }));
  const web = p.nextTaskDefinition!.containerDefinitions[0]!;
  assert.equal(web.image, `${DEMO_IMAGE}:1.28`);
  assert.deepStrictEqual(web.environment, [{ name: "APP_ENV", value: "prod" }]);
});

Deno.test("planDeploy() with -d and an edit revises the family without a service", async () => {
  const request = withEdits(setEnv("prod"), { taskDefinition: "api" });
  delete request.service;
  const p = await plan(request);
  assert.ok(p.nextTaskDefinition);
  assert.equal(p.serviceUpdate, undefined);
});
