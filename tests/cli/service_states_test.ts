/**
 * Services the commands cannot simply act on, through the CLI: one whose task definition was
 * deregistered and deleted, one with no deployments, and odd data from DescribeServices. Each
 * command names the service and what is wrong, says how to go on, changes nothing it should
 * not, and `status` never crashes. (Deleted, draining and EXTERNAL services are in
 * tests/adversarial/bad_input_test.ts.)
 */
import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import type { Service } from "../../src/ecs/types.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import {
  aSimulatedWorld,
  currentService,
  DEMO_IMAGE,
  registerRevisions,
  type SimulatedWorld,
} from "../support/simulated_world.ts";

const CHANGES = ["registerTaskDefinition", "updateService", "deregisterTaskDefinition"];

/**
 * The world with the service running revision 2, which is then deregistered and deleted: ECS no
 * longer describes it (revision 1 stays ACTIVE).
 */
async function withDeletedRevision(): Promise<
  { world: SimulatedWorld; revision: (n: number) => string }
> {
  const world = await aSimulatedWorld();
  const revision = await registerRevisions(world, 2);
  await world.sim.call("UpdateService", {
    cluster: "demo",
    service: "api",
    taskDefinition: revision(2),
  });
  await world.sim.call("DeregisterTaskDefinition", { taskDefinition: "api:2" });
  await world.sim.call("DeleteTaskDefinitions", { taskDefinitions: ["api:2"] });
  // ECS stops describing a revision once its deletion is done; the simulator keeps it.
  world.hooks.push((method, _count, args) => {
    if (method === "describeTaskDefinition" && String(args[0]).endsWith("api:2")) {
      throw new EcsApiError("ClientException", "Unable to describe task definition.");
    }
  });
  world.calls.length = 0;
  return { world, revision };
}

Deno.test("deploy on a service whose revision was deleted names it and how to deploy anyway, exit 2", async () => {
  const { world } = await withDeletedRevision();
  const run = await runCliForTest(["-c", "demo", "-n", "api", "-i", `${DEMO_IMAGE}:1.28`], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 2, run.stderr);
  assert.equal(
    run.stderr.trim(),
    'error: Cannot deploy "api": the revision it runs, "api:2", no longer exists ' +
      "(Unable to describe task definition.); deploy one that exists with: ecs-deploy rollback " +
      "-c demo -n api --to REVISION (exit 2)",
  );
  assert.doesNotMatch(run.stderr, /undefined/);
  assert.deepEqual(world.calls.filter((call) => CHANGES.includes(call)), []);
});

Deno.test("rollback, rollback --to and deploy --revision work on a service whose revision was deleted", async () => {
  // The deployment to the deleted revision is still in progress: rollback deploys over it,
  // deploy needs --force to.
  for (
    const to of [["rollback"], ["rollback", "--to", "1"], ["deploy", "--revision", "1", "--force"]]
  ) {
    const { world, revision } = await withDeletedRevision();
    const run = await runCliForTest([
      ...to,
      "-c",
      "demo",
      "-n",
      "api",
      "--output",
      "json",
    ], {
      ecs: world.ecs,
      clock: world.clock,
    });
    const what = `${to.join(" ")}\n${run.stderr}`;
    assert.equal(run.exitCode, 0, what);
    const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
    assert.equal(result.taskDefinitionArn, revision(1), what);
    assert.equal(result.previousTaskDefinitionArn, revision(2), "the deleted revision it ran");
    assert.equal((await currentService(world)).taskDefinition, revision(1));
    assert.ok(!world.calls.includes("registerTaskDefinition"), "nothing registered");
  }
});

Deno.test("wait and status on a service whose revision was deleted still report, exit 0", async () => {
  const { world } = await withDeletedRevision();
  const wait = await runCliForTest(["wait", "-c", "demo", "-n", "api"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(wait.exitCode, 0, wait.stderr);
  const status = await runCliForTest(["status", "-c", "demo", "-n", "api"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(status.exitCode, 0, status.stderr);
  assert.match(status.stdout, /^Service "api" in cluster "demo": ACTIVE, api:2, /);
});

/** The world with DescribeServices answering the service with `change` applied. */
async function withServiceAs(change: (service: Service) => unknown): Promise<SimulatedWorld> {
  const world = await aSimulatedWorld();
  const service = await currentService(world);
  const odd = change(structuredClone(service));
  world.hooks.push((method) => (method === "describeService" ? odd : undefined));
  world.calls.length = 0;
  return world;
}

Deno.test("wait on a service with no deployments names it, exit 2, reading nothing else", async () => {
  const world = await withServiceAs((service) => ({ ...service, deployments: [] }));
  const run = await runCliForTest(["wait", "-c", "demo", "-n", "api"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 2, run.stderr);
  assert.equal(
    run.stderr.trim(),
    'error: Cannot wait for "api": the service has no deployment to wait for (exit 2)',
  );
  assert.deepEqual(world.calls, ["describeService"]);
});

Deno.test("status on a service with no deployments says none, exit 0", async () => {
  const world = await withServiceAs((service) => ({ ...service, deployments: [] }));
  const run = await runCliForTest(["status", "-c", "demo", "-n", "api"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /\nDeployments:\n {2}none\n/);
});

const ODD: [string, (service: Service) => unknown][] = [
  ["no deployments member", ({ deployments: _, ...rest }) => rest],
  ["no events member", ({ events: _, ...rest }) => rest],
  ["no task definition", ({ taskDefinition: _, ...rest }) => rest],
  ["a deployment without dates or counts", (s) => ({ ...s, deployments: [{ id: "ecs-svc/1" }] })],
  ["an event without a date", (s) => ({ ...s, events: [{ id: "e1", message: "hello" }] })],
  ["no counts", ({ desiredCount: _, runningCount: _r, pendingCount: _p, ...rest }) => rest],
];

for (const [what, change] of ODD) {
  Deno.test(`status on a service with ${what} shows what there is, exit 0, no TypeError`, async () => {
    const world = await withServiceAs(change);
    for (const output of ["text", "json"]) {
      const run = await runCliForTest(["status", "-c", "demo", "-n", "api", "--output", output], {
        ecs: world.ecs,
        clock: world.clock,
      });
      const explain = `${output}\n${run.stdout}\n${run.stderr}`;
      assert.equal(run.exitCode, 0, explain);
      assert.doesNotMatch(
        run.stdout + run.stderr,
        /Cannot read properties|TypeError|undefined|NaN/,
        explain,
      );
      if (output === "text") {
        assert.match(run.stdout, /^Service "api" in cluster "demo": /, explain);
      } else assert.equal(JSON.parse(run.stdout).service, "api", explain);
    }
  });
}
