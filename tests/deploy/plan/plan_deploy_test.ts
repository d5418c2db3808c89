import assert from "node:assert/strict";
import { copyTaskDefinition } from "../../../src/deploy/plan/copy_task_definition.ts";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { planDeploy } from "../../../src/deploy/plan/plan_deploy.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import { aService, aTaskDefinition } from "../../support/builders.ts";
import { loadTaskDefinitionFixtures } from "../../fixtures/task_definitions/mod.ts";

const aRequest = (overrides: Partial<DeployRequest> = {}): DeployRequest => ({
  cluster: "prod",
  service: "api",
  images: [],
  containerImages: [],
  forceNewDeployment: false,
  timeoutMs: 600_000,
  wait: true,
  dryRun: false,
  ...overrides,
});

const current = { taskDefinition: aTaskDefinition(), tags: [{ key: "team", value: "core" }] };

Deno.test("planDeploy() keeps every field of real task definitions but the images it changes", async () => {
  for (const fixture of await loadTaskDefinitionFixtures()) {
    const first = fixture.taskDefinition.containerDefinitions[0]!;
    const plan = planDeploy(
      {
        service: aService(),
        current: { taskDefinition: fixture.taskDefinition, tags: fixture.tags },
      },
      aRequest({ containerImages: [{ container: first.name, image: "example.com/new:9" }] }),
    );
    const expected = copyTaskDefinition(fixture.taskDefinition, fixture.tags);
    expected.containerDefinitions = expected.containerDefinitions.map((c) =>
      c.name === first.name ? { ...c, image: "example.com/new:9" } : c
    );
    assert.deepEqual(plan.nextTaskDefinition, expected, fixture.name);
  }
});

Deno.test("planDeploy() sends UpdateService only what was asked", () => {
  const plain = planDeploy(
    { service: aService(), current },
    aRequest({ images: ["registry.example.com/api:2"] }),
  );
  assert.deepEqual(plain.serviceUpdate, { cluster: "prod", service: "api" });

  const scaled = planDeploy(
    { service: aService(), current },
    aRequest({
      images: ["registry.example.com/api:2"],
      desiredCount: 0,
      minimumHealthyPercent: 50,
    }),
  );
  assert.deepEqual(scaled.serviceUpdate, {
    cluster: "prod",
    service: "api",
    desiredCount: 0,
    deploymentConfiguration: { minimumHealthyPercent: 50 },
  });
});

Deno.test("planDeploy() keeps the service's circuit breaker when -m/-M change the percentages", () => {
  const service = aService({
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  });
  const plan = planDeploy(
    { service, current },
    aRequest({ forceNewDeployment: true, maximumPercent: 150 }),
  );
  assert.deepEqual(plan.serviceUpdate?.deploymentConfiguration, {
    minimumHealthyPercent: 100,
    maximumPercent: 150,
    deploymentCircuitBreaker: { enable: true, rollback: true },
  });
  assert.equal(plan.nextTaskDefinition, undefined);
});

Deno.test("planDeploy() redeploys the same revision with --force-new-deployment alone", () => {
  const plan = planDeploy({ service: aService(), current }, aRequest({ forceNewDeployment: true }));
  assert.equal(plan.nextTaskDefinition, undefined);
  assert.deepEqual(plan.serviceUpdate, {
    cluster: "prod",
    service: "api",
    forceNewDeployment: true,
  });
});

Deno.test("planDeploy() registers a revision without touching a service when -d is used", () => {
  const { service: _, ...withoutService } = aRequest({ taskDefinition: "api", tag: "v2" });
  const plan = planDeploy({ current }, withoutService);
  assert.equal(plan.serviceUpdate, undefined);
  assert.equal(
    plan.nextTaskDefinition?.containerDefinitions[0]?.image,
    "registry.example.com/api:v2",
  );
  assert.deepEqual(plan.nextTaskDefinition?.tags, [{ key: "team", value: "core" }]);
});

const refusals: [string, Parameters<typeof planDeploy>[0], Partial<DeployRequest>, RegExp][] = [
  ["a request that changes nothing", { service: aService(), current }, {}, /nothing to change/],
  [
    "an image matching no container",
    { service: aService(), current },
    { images: ["other/x:1"] },
    /matches no container/,
  ],
  ["an unknown container", { service: aService(), current }, {
    containerImages: [{ container: "web", image: "a:1" }],
  }, /container "web" not found/],
  [
    "an invalid image",
    { service: aService(), current },
    { images: ["UPPER/Case:1"] },
    /invalid image reference/i,
  ],
  ["an INACTIVE service", { service: aService({ status: "INACTIVE" }), current }, {
    forceNewDeployment: true,
  }, /INACTIVE/],
  [
    "an EXTERNAL service",
    { service: aService({ deploymentController: { type: "EXTERNAL" } }), current },
    { forceNewDeployment: true },
    /EXTERNAL/,
  ],
];

Deno.test("planDeploy() plans a CODE_DEPLOY service with the CodeDeploy strategy, without UpdateService", () => {
  const plan = planDeploy(
    { service: aService({ deploymentController: { type: "CODE_DEPLOY" } }), current },
    aRequest({ forceNewDeployment: true }),
  );
  assert.equal(plan.strategy?.name, "CODE_DEPLOY");
  assert.ok(plan.strategy?.launcher, "CodeDeploy starts the deployment");
  assert.equal(plan.serviceUpdate, undefined);
});

for (const [what, state, overrides, message] of refusals) {
  Deno.test(`planDeploy() refuses ${what}`, () => {
    assert.throws(() => planDeploy(state, aRequest(overrides)), (error) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.match(error.message, message);
      return true;
    });
  });
}
