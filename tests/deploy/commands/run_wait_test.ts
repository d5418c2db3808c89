import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { currentDeployment, runWait } from "../../../src/deploy/commands/run_wait.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import {
  advanceUntil,
  aSimulatedWorld,
  currentService,
  failing,
  FAST_PROD,
  registerRevision,
  type SimulatedWorld,
  startDeployment,
} from "../../support/simulated_world.ts";

async function wait(
  f: SimulatedWorld,
  options: { timeoutMs?: number; signal?: AbortSignal; service?: string } = {},
) {
  const events: DeployEvent[] = [];
  const result = await runWait(
    { cluster: "prod", service: options.service ?? "api", timeoutMs: options.timeoutMs ?? 60_000 },
    {
      ecs: f.ecs,
      clock: f.clock,
      emit: (e) => events.push(e),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return { result, events };
}

/** A deployment of an image that cannot be pulled, which ECS fails and rolls back to the end. */
async function rolledBackByEcs(f: SimulatedWorld): Promise<void> {
  await startDeployment(f, await registerRevision(f, "repo/api:fail-pull"));
  await advanceUntil(
    f,
    (s) => s.deployments.length === 1 && s.taskDefinition === f.seeded.taskDefinitionArn,
  );
}

Deno.test("runWait() follows a deployment started elsewhere until it succeeds", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const next = await registerRevision(f, "repo/api:1.1.0");
  const theirs = await startDeployment(f, next);

  const { result, events } = await wait(f);

  assert.equal(result.outcome, "succeeded");
  assert.equal(result.exitCode, 0);
  assert.equal(result.taskDefinitionArn, next);
  assert.equal(result.previousTaskDefinitionArn, f.seeded.taskDefinitionArn);
  assert.equal(result.deploymentId, theirs.id);
  assert.match(result.serviceDeploymentArn ?? "", /:service-deployment\/prod\/api\//);
  assert.deepEqual(result.imageChanges, []);
  assert.deepEqual(events.at(-1), { type: "finished", result });
  assert.ok(events.some((e) => e.type === "progress" && e.deployments.some((d) => d.ours)));
  assert.equal((await currentService(f)).taskDefinition, next);
});

Deno.test("runWait() reports rolled_back when ECS rolls the deployment back", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const failing = await registerRevision(f, "repo/api:fail-pull");
  const theirs = await startDeployment(f, failing);

  const { result } = await wait(f);

  assert.equal(result.outcome, "rolled_back");
  assert.equal(result.exitCode, 1);
  assert.equal(result.deploymentId, theirs.id);
  assert.equal(result.taskDefinitionArn, failing);
  assert.match(result.reason, new RegExp(`the service is back on ${f.seeded.taskDefinitionArn}$`));
});

Deno.test("runWait() after ECS already rolled the last deployment back reports rolled_back", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await rolledBackByEcs(f);

  const { result } = await wait(f);

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /^the last deployment ended rolled_back: /);
  assert.match(result.reason, new RegExp(`the service runs ${f.seeded.taskDefinitionArn}$`));
  assert.match(result.serviceDeploymentArn ?? "", /:service-deployment\/prod\/api\//);
});

Deno.test("runWait() attached during a rollback follows the failed deployment", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const failing = await registerRevision(f, "repo/api:fail-pull");
  const theirs = await startDeployment(f, failing);
  const rollingBack = await advanceUntil(
    f,
    (s) =>
      s.deployments.some((d) => d.id === theirs.id && d.rolloutState === "FAILED") &&
      s.deployments.some((d) => d.status === "PRIMARY" && d.rolloutState === "IN_PROGRESS"),
  );
  assert.equal(currentDeployment(rollingBack)?.deploymentId, theirs.id);

  const { result } = await wait(f);

  assert.equal(result.outcome, "rolled_back");
  assert.equal(result.deploymentId, theirs.id);
  assert.equal(result.previousTaskDefinitionArn, f.seeded.taskDefinitionArn);
});

Deno.test("runWait() reports a deployment the circuit breaker failed without rollback", async () => {
  const f = await aSimulatedWorld({
    ...FAST_PROD,
    circuitBreaker: { enable: true, rollback: false },
  });
  await startDeployment(f, await registerRevision(f, "repo/api:crash"));

  const { result } = await wait(f);

  assert.equal(result.outcome, "failed");
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /circuit breaker/);
});

Deno.test("runWait() on a steady service succeeds at once", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const sleeps = f.clock.sleeps.length;

  const { result, events } = await wait(f);

  assert.equal(result.outcome, "succeeded");
  assert.equal(result.taskDefinitionArn, f.seeded.taskDefinitionArn);
  assert.equal(result.previousTaskDefinitionArn, null);
  assert.equal(result.durationMs, 0);
  assert.equal(f.clock.sleeps.length, sleeps);
  assert.deepEqual(events.map((e) => e.type), ["progress", "finished"]);
  assert.equal(events[0]?.type === "progress" && events[0].phase, "settled");
});

Deno.test("runWait() times out with exit 3 when the deployment outlasts --timeout", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await startDeployment(f, await registerRevision(f, "repo/api:slow"));

  const { result } = await wait(f, { timeoutMs: 500 });

  assert.equal(result.outcome, "timed_out");
  assert.equal(result.exitCode, 3);
  assert.equal(result.durationMs, 500);
});

Deno.test("runWait() ends with 143 when SIGTERM aborts the wait", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await startDeployment(f, await registerRevision(f, "repo/api:slow"));
  const controller = new AbortController();
  f.hooks.push((method, count) => {
    if (method === "describeService" && count === 2) controller.abort("SIGTERM");
  });

  const { result } = await wait(f, { signal: controller.signal });

  assert.equal(result.outcome, "cancelled");
  assert.equal(result.exitCode, 143);
});

Deno.test("runWait() is invalid for a missing service and an error for AWS failures", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const missing = await wait(f, { service: "nope" });
  assert.equal(missing.result.outcome, "invalid");
  assert.equal(missing.result.exitCode, 2);
  assert.equal(
    missing.result.reason,
    `Cannot wait for "nope": service not found in cluster "prod"`,
  );

  f.hooks.push(failing({
    describeService: new EcsApiError("AccessDeniedException", "not authorized"),
  }));
  const { result } = await wait(f);
  assert.equal(result.outcome, "error");
  assert.equal(result.exitCode, 4);
  assert.equal(result.reason, "AccessDeniedException: not authorized");
});

for (const type of ["AccessDeniedException", "UnknownOperationException"]) {
  Deno.test(`runWait() after ECS rolled back reports rolled_back, not success, with the deployment APIs answering ${type}`, async () => {
    const f = await aSimulatedWorld(FAST_PROD);
    const denied = new EcsApiError(type, "not available");
    f.hooks.push(failing({ listServiceDeployments: denied, describeServiceDeployments: denied }));
    await rolledBackByEcs(f);

    const { result } = await wait(f);

    assert.equal(result.outcome, "rolled_back", result.reason);
    assert.equal(result.exitCode, 1);
    assert.match(result.reason, /tasks failed to start/);
    assert.match(result.reason, new RegExp(`the service runs ${f.seeded.taskDefinitionArn}$`));
  });
}

Deno.test("runWait() reports an unexpected deployment API error instead of reading it as a missing API", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  await rolledBackByEcs(f);
  f.hooks.push(failing({
    listServiceDeployments: new EcsApiError("ValidationException", "something unexpected"),
  }));

  const { result } = await wait(f);

  assert.notEqual(result.outcome, "succeeded", result.reason);
  assert.equal(result.outcome, "error");
});

Deno.test("runWait() on a service whose PRIMARY is a later deployment, not a rollback, succeeds", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  const denied = new EcsApiError("AccessDeniedException", "not available");
  f.hooks.push(failing({ listServiceDeployments: denied, describeServiceDeployments: denied }));
  await rolledBackByEcs(f);
  const good = await registerRevision(f, "repo/api:2");
  await startDeployment(f, good);
  await advanceUntil(f, (s) => s.deployments.length === 1 && s.taskDefinition === good);

  const { result } = await wait(f);

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.taskDefinitionArn, good);
});
