/**
 * When the answer to a change is lost (a server error after applying, a dropped connection, an
 * answer that cannot be read), the deploy reads back what ECS did instead of guessing: no second
 * revision, no deregistered revision under a running service, no false error.
 */
import assert from "node:assert/strict";
import { runDeploy } from "../../../src/deploy/commands/run_deploy.ts";
import { EcsApiError, type EcsClient } from "../../../src/ecs/ecs_client.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  type CallHook,
  currentService,
  deployIn,
  FAST_PROD,
} from "../../support/simulated_world.ts";

const serverError = () => new EcsApiError("ServerException", "Service encountered an error");
const connectionReset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const garbled = () =>
  Object.assign(new SyntaxError("Unexpected token '<'"), { $response: { statusCode: 200 } });

/** ECS carries the call out, then its answer is lost with `error`; the first `method` call only. */
function answerLost(method: keyof EcsClient, error: () => Error): CallHook {
  return async (called, count, _args, proceed) => {
    if (called !== method || count !== 1) return undefined;
    await proceed();
    throw error();
  };
}

/** The first `method` call fails with `error` before ECS does anything. */
function failsBefore(method: keyof EcsClient, error: () => Error): CallHook {
  return (called, count) => {
    if (called === method && count === 1) throw error();
  };
}

async function activeRevisions(f: Awaited<ReturnType<typeof aSimulatedWorld>>) {
  return (await f.ecs.listTaskDefinitions("api", "ACTIVE")).map((arn) => arn.split(":").pop());
}

for (
  const [name, error] of [["a server error", serverError], ["a reset", connectionReset]] as const
) {
  Deno.test(`UpdateService that took effect before ${name} lost its answer: the deploy follows it`, async () => {
    const f = await aSimulatedWorld(FAST_PROD);
    f.hooks.push(answerLost("updateService", error));

    const { result, events } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

    assert.equal(result.outcome, "succeeded", result.reason);
    assert.equal(f.countOf("deregisterTaskDefinition"), 0);
    assert.equal((await currentService(f)).taskDefinition, result.taskDefinitionArn);
    assert.deepEqual(await activeRevisions(f), ["1", "2"]);
    const updated = events.find((e) => e.type === "service_updated");
    assert.ok(updated?.type === "service_updated" && updated.foundAfterLostAnswer);
  });
}

Deno.test("UpdateService that failed before taking effect is read, then sent again", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(failsBefore("updateService", serverError));

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(f.countOf("updateService"), 2);
  assert.equal((await currentService(f)).taskDefinition, result.taskDefinitionArn);
  assert.deepEqual(await activeRevisions(f), ["1", "2"]);
});

Deno.test("UpdateService whose answers stay lost leaves the revision registered and names it", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push((method) => {
    if (method === "updateService") throw serverError();
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "error", result.reason);
  assert.equal(f.countOf("deregisterTaskDefinition"), 0);
  assert.match(result.reason, /api:2; it stays registered, since the update may still take effect/);
  assert.match(result.taskDefinitionArn ?? "", /:2$/);
  assert.deepEqual(await activeRevisions(f), ["1", "2"]);
});

Deno.test("UpdateService rejected by ECS: the revision nothing runs is deregistered", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(failsBefore(
    "updateService",
    () => new EcsApiError("InvalidParameterException", "bad network configuration"),
  ));

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "invalid", result.reason);
  assert.equal((await currentService(f)).taskDefinition, f.seeded.taskDefinitionArn);
  assert.deepEqual(await activeRevisions(f), ["1"]);
});

for (
  const [name, error] of [["a server error", serverError], ["a garbled answer", garbled]] as const
) {
  Deno.test(`RegisterTaskDefinition whose answer was lost to ${name} is not registered twice`, async () => {
    const f = await aSimulatedWorld(FAST_PROD);
    f.hooks.push(answerLost("registerTaskDefinition", error));

    const { result, events } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

    assert.equal(result.outcome, "succeeded", result.reason);
    assert.equal(f.countOf("registerTaskDefinition"), 1);
    assert.deepEqual(await activeRevisions(f), ["1", "2"]);
    assert.match(result.taskDefinitionArn ?? "", /:2$/);
    const registered = events.find((e) => e.type === "registered");
    assert.ok(registered?.type === "registered" && registered.foundAfterLostAnswer);
  });
}

Deno.test("RegisterTaskDefinition that failed before registering is sent again, once", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(failsBefore("registerTaskDefinition", connectionReset));

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(f.countOf("registerTaskDefinition"), 2);
  assert.deepEqual(await activeRevisions(f), ["1", "2"]);
});

Deno.test("A revision someone else registered is not taken for ours after a lost answer", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(async (method, count, _args, proceed) => {
    if (method !== "registerTaskDefinition" || count !== 1) return undefined;
    // Someone else registers another image of the family; ours never arrives.
    await f.sim.call("RegisterTaskDefinition", {
      family: "api",
      containerDefinitions: [{ name: "web", image: "repo/other:9", memory: 128 }],
    });
    void proceed;
    throw connectionReset();
  });

  const { result } = await deployIn(f, aDeployRequest({ cluster: "prod" }));

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.taskDefinitionArn ?? "", /:3$/);
  const { taskDefinition } = await f.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  assert.match(taskDefinition.containerDefinitions[0]!.image, /nginx:1\.28$/);
});

Deno.test("a deadline while looking for a revision whose answer was lost says it may have been registered", async () => {
  const f = await aSimulatedWorld(FAST_PROD);
  f.hooks.push(answerLost("registerTaskDefinition", serverError));
  f.hooks.push((method) => method === "listTaskDefinitions" ? new Promise(() => {}) : undefined);

  const result = await advanceUntilSettled(
    f.clock,
    runDeploy(aDeployRequest({ cluster: "prod", timeoutMs: 30_000 }), {
      ecs: f.ecs,
      clock: f.clock,
      emit: () => {},
    }),
    { limitMs: 120_000 },
  );

  assert.equal(result.outcome, "timed_out", result.reason);
  assert.match(
    result.reason,
    /RegisterTaskDefinition lost its answer .*a new revision may have been registered/,
  );
});
