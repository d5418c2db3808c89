/**
 * `deploy --revision`: a registered revision deployed as it is, on the simulated ECS with a fake
 * clock. It goes through the deploy's one path: the same busy guard, watch and outcomes.
 */
import assert from "node:assert/strict";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { noEdits } from "../../../src/deploy/plan/edits/edit_request.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  deployIn,
  MUTATING_METHODS,
  registerRevision,
  type SimulatedWorld,
} from "../../support/simulated_world.ts";

const byRevision = (revision: string, more: Partial<DeployRequest> = {}) =>
  aDeployRequest({ images: [], revision, ...more });

const changes = (world: SimulatedWorld) =>
  MUTATING_METHODS.reduce((sum, method) => sum + world.countOf(method), 0);

Deno.test("deploy --revision N, FAMILY:N and ARN deploy that revision and register none", async () => {
  for (const spell of [(_arn: string) => "2", () => "api:2", (arn: string) => arn]) {
    const world = await aSimulatedWorld();
    const second = await registerRevision(world, `${DEMO_IMAGE}:1.28`);
    const { result, events } = await deployIn(world, byRevision(spell(second)));
    assert.equal(result.outcome, "succeeded", result.reason);
    assert.equal(result.taskDefinitionArn, second);
    assert.equal(result.previousTaskDefinitionArn, world.seeded.taskDefinitionArn);
    assert.equal(world.countOf("registerTaskDefinition"), 0);
    assert.ok(!events.some((event) => event.type === "registered"));
    const service = await currentService(world);
    assert.equal(service.taskDefinition, second);
    assert.equal(service.deployments.length, 1, "the old tasks are gone");
  }
});

Deno.test("deploy --revision of a revision that is not ACTIVE or not there is invalid, nothing changed", async () => {
  const world = await aSimulatedWorld();
  const second = await registerRevision(world, `${DEMO_IMAGE}:1.28`);
  await world.sim.call("DeregisterTaskDefinition", { taskDefinition: second });
  const inactive = await deployIn(world, byRevision("2"));
  assert.equal(inactive.result.outcome, "invalid");
  assert.equal(
    inactive.result.reason,
    `Cannot deploy --revision "api:2" to "api": it is INACTIVE, not ACTIVE`,
  );
  const missing = await deployIn(world, byRevision("api:9"));
  assert.equal(missing.result.outcome, "invalid");
  assert.match(missing.result.reason, /^Cannot deploy --revision "api:9" to "api": /);
  const malformed = await deployIn(world, byRevision("latest"));
  assert.match(
    malformed.result.reason,
    /expected a revision number, FAMILY:REVISION or a task definition ARN/,
  );
  assert.equal(changes(world), 0);
});

Deno.test("deploy --revision of the revision the service runs is nothing to deploy, unless forced", async () => {
  const world = await aSimulatedWorld();
  const { result } = await deployIn(world, byRevision("1"));
  assert.equal(result.outcome, "succeeded");
  assert.match(result.reason, /^nothing to deploy: the service already runs api:1/);
  assert.equal(changes(world), 0);

  const forced = await deployIn(world, byRevision("1", { forceNewDeployment: true }));
  assert.equal(forced.result.outcome, "succeeded", forced.result.reason);
  assert.equal(world.countOf("updateService"), 1);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("deploy --revision refuses to deploy over someone else's deployment in progress", async () => {
  const world = await aSimulatedWorld();
  await registerRevision(world, `${DEMO_IMAGE}:1.28`);
  await world.sim.call("UpdateService", {
    cluster: "demo",
    service: "api",
    forceNewDeployment: true,
  });
  const { result } = await deployIn(world, byRevision("2"));
  assert.equal(result.outcome, "invalid");
  assert.match(result.reason, /is still in progress/);
  assert.equal(changes(world), 0);

  const forced = await deployIn(world, byRevision("2", { whenBusy: "force" }));
  assert.equal(forced.result.outcome, "succeeded", forced.result.reason);
});

Deno.test("deploy --revision of a revision whose tasks crash ends as ECS ends it", async () => {
  const world = await aSimulatedWorld();
  await registerRevision(world, `${DEMO_IMAGE}:crash`);
  const { result } = await deployIn(world, byRevision("2"));
  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.ok(result.diagnosis, "the failure is explained");
  assert.equal((await currentService(world)).taskDefinition, world.seeded.taskDefinitionArn);
});

Deno.test("deploy --revision cannot go with edits", async () => {
  const world = await aSimulatedWorld();
  await registerRevision(world, `${DEMO_IMAGE}:1.28`);
  const edits = { ...noEdits(), taskRoleArn: "arn:aws:iam::123456789012:role/x" };
  const { result } = await deployIn(world, byRevision("2", { edits }));
  assert.equal(result.outcome, "invalid");
  assert.match(
    result.reason,
    /a given revision is deployed as it is; edits such as -e cannot go with it/,
  );
  assert.equal(changes(world), 0);
});

Deno.test("deploy --revision with --dry-run plans the service update only", async () => {
  const world = await aSimulatedWorld();
  const second = await registerRevision(world, `${DEMO_IMAGE}:1.28`);
  const { result, events } = await deployIn(world, byRevision("2", { dryRun: true }));
  assert.equal(result.outcome, "succeeded");
  const planned = events.find((event) => event.type === "planned");
  assert.ok(planned?.type === "planned");
  assert.equal(planned.plan.targetTaskDefinitionArn, second);
  assert.equal(planned.plan.nextTaskDefinition, undefined);
  assert.equal(changes(world), 0);
});
