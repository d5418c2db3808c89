/**
 * End to end, several services in one run: `deploy -n A -n B ...` as a child process against
 * one emulator holding all of them, through the real AWS SDK. Each scenario checks the exit
 * code, the group result (the last JSON line), the per-service results and what the emulator
 * received: nothing registered or updated when a plan fails, one RegisterTaskDefinition for a
 * revision several services share.
 */
import assert from "node:assert/strict";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { explain, resultLine, spawnCli } from "../support/spawn_cli.ts";
import {
  ARN_PREFIX,
  countOf,
  type E2eWorld,
  inWorld,
  MUTATING,
  REPO,
  runScenariosConcurrently,
  waitUntilSteady,
  type WireService,
} from "./e2e_world.ts";

/** A service of the world's emulator as DescribeServices shows it. */
async function describe(world: E2eWorld, service: string, cluster = world.cluster) {
  const { services } = await world.emulator.sim.call("DescribeServices", {
    cluster,
    services: [service],
  });
  return (services as WireService[])[0]!;
}

/**
 * Adds a service to the world's emulator, of its own family (or running `taskDefinition`),
 * and waits until it is steady. `failing`: a deployment alarm of its own is set to ALARM once
 * it is steady, so that every later deployment of it fails (ECS rolls back with "rollback").
 */
async function addService(
  world: E2eWorld,
  service: string,
  options: { cluster?: string; taskDefinition?: string; failing?: "stop" | "rollback" } = {},
): Promise<void> {
  const cluster = options.cluster ?? world.cluster;
  const sim = world.emulator.sim;
  if (options.taskDefinition) {
    await sim.call("CreateService", {
      cluster,
      serviceName: service,
      taskDefinition: options.taskDefinition,
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60001"] } },
    });
  } else {
    await seedDemo(sim, {
      cluster,
      service,
      ...(options.failing
        ? {
          deploymentConfiguration: {
            alarms: {
              alarmNames: [`${service}-5xx`],
              enable: true,
              rollback: options.failing === "rollback",
            },
          },
        }
        : {}),
    });
  }
  await waitUntilSteady(() => describe(world, service, cluster));
  if (options.failing) sim.setAlarmState(`${service}-5xx`, "ALARM");
}

/** `deploy -c CLUSTER` of `services` to REPO:`tag` through the world's proxy, JSON output. */
function groupArgs(
  world: E2eWorld,
  services: string[],
  extra: string[] = [],
  tag = "1.28",
): string[] {
  return [
    "-c",
    world.cluster,
    ...services.flatMap((service) => ["-n", service]),
    "-i",
    `${REPO}:${tag}`,
    "-t",
    "30",
    "--endpoint-url",
    world.url,
    "-r",
    "us-east-1",
    "--output",
    "json",
    ...extra,
  ];
}

async function run(args: string[], code: number) {
  const exit = await spawnCli(args).exited;
  assert.equal(exit.code, code, explain(exit));
  const lines = exit.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  const group = resultLine(exit) as {
    group: boolean;
    outcome: string;
    exitCode: number;
    reason: string;
    services: { member: string; outcome: string; taskDefinitionArn: string | null }[];
    revisions: { taskDefinitionArn: string; members: string[] }[];
  };
  assert.equal(group.group, true);
  const outcomes = Object.fromEntries(group.services.map((s) => [s.member, s.outcome]));
  return { exit, group, outcomes, lines };
}

const ops = (world: E2eWorld) => countOf(world.operations());

const scenarios: Record<string, () => Promise<void>> = {
  "three services succeed; two that run one revision share one registered revision": () =>
    inWorld("grpok", {}, async (world) => {
      await addService(world, "worker", { taskDefinition: world.taskDefinitionArn });
      await addService(world, "cron");
      const { group, outcomes, lines } = await run(
        groupArgs(world, ["grpok", "worker", "cron"]),
        0,
      );
      assert.equal(group.outcome, "succeeded");
      assert.deepEqual(outcomes, { grpok: "succeeded", worker: "succeeded", cron: "succeeded" });
      assert.equal(ops(world).RegisterTaskDefinition, 2, "grpok:2 once for two services");
      assert.equal(ops(world).UpdateService, 3);
      assert.equal((await describe(world, "worker")).taskDefinition, `${ARN_PREFIX}grpok:2`);
      assert.equal((await describe(world, "cron")).taskDefinition, `${ARN_PREFIX}cron:2`);
      assert.equal(lines.filter((line) => line.event === "service_result").length, 3);
    }),

  "one service that cannot be deployed: exit 2, nothing registered or updated anywhere": () =>
    inWorld("grpbad", {}, async (world) => {
      await addService(world, "worker");
      const { group, outcomes } = await run(groupArgs(world, ["grpbad", "worker", "ghost"]), 2);
      assert.equal(group.outcome, "invalid");
      assert.match(group.reason, /1 of 3 services cannot be deployed; nothing was changed/);
      assert.equal(outcomes.ghost, "invalid");
      const operations = world.operations();
      for (const operation of MUTATING) assert.ok(!operations.includes(operation), operation);
      assert.ok(operations.includes("DescribeServices"), "it read them all first");
    }),

  "one service fails: the group fails, the others stay deployed": () =>
    inWorld("grpfail", {}, async (world) => {
      await addService(world, "worker", { failing: "stop" });
      const { group, outcomes } = await run(groupArgs(world, ["grpfail", "worker"]), 1);
      assert.equal(group.outcome, "failed");
      assert.deepEqual(outcomes, { grpfail: "succeeded", worker: "failed" });
      assert.equal((await describe(world, "grpfail")).taskDefinition, `${ARN_PREFIX}grpfail:2`);
    }),

  "one service fails with --group-rollback: every one goes back, the group is rolled_back": () =>
    inWorld("grprb", {}, async (world) => {
      await addService(world, "worker", { failing: "rollback" });
      await addService(world, "cron");
      const { group, outcomes } = await run(
        groupArgs(world, ["grprb", "worker", "cron"], ["--group-rollback"]),
        1,
      );
      assert.equal(group.outcome, "rolled_back", group.reason);
      assert.deepEqual(outcomes, {
        grprb: "rolled_back",
        worker: "rolled_back",
        cron: "rolled_back",
      });
      assert.equal((await describe(world, "grprb")).taskDefinition, world.taskDefinitionArn);
      assert.equal((await describe(world, "cron")).taskDefinition, `${ARN_PREFIX}cron:1`);
      assert.equal((await describe(world, "worker")).taskDefinition, `${ARN_PREFIX}worker:1`);
    }),

  "--fail-fast --parallel 1: after the first failure no other service is started": () =>
    inWorld("grpff", {}, async (world) => {
      await addService(world, "worker", { failing: "stop" });
      await addService(world, "cron");
      const { group, outcomes } = await run(
        groupArgs(world, ["worker", "grpff", "cron"], ["--fail-fast", "--parallel", "1"]),
        1,
      );
      assert.equal(group.outcome, "failed");
      assert.deepEqual(outcomes, { worker: "failed", grpff: "not_started", cron: "not_started" });
      assert.equal(ops(world).UpdateService, 1);
      assert.equal((await describe(world, "cron")).taskDefinition, `${ARN_PREFIX}cron:1`);
    }),

  "another deployment replaces one service's: that one is superseded, the group too": () =>
    // The first service has no tasks to wait for; the second's slow tasks keep it in progress.
    inWorld("grpsup", { desiredCount: 0 }, async (world) => {
      await addService(world, "worker");
      const child = spawnCli(groupArgs(world, ["grpsup", "worker"], [], "slow"));
      const started = Date.now();
      while (Date.now() - started < 20_000) {
        const worker = await describe(world, "worker");
        if (worker.taskDefinition.endsWith("/worker:2")) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await world.emulator.sim.call("UpdateService", {
        cluster: world.cluster,
        service: "worker",
        taskDefinition: `${ARN_PREFIX}worker:1`,
      });
      const exit = await child.exited;
      assert.equal(exit.code, 1, explain(exit));
      const group = resultLine(exit) as { outcome: string; services: { outcome: string }[] };
      assert.equal(group.outcome, "superseded");
      assert.deepEqual(group.services.map((s) => s.outcome), ["succeeded", "superseded"]);
    }),

  "SERVICE@CLUSTER deploys a service of another cluster in the same run": () =>
    inWorld("grpat", {}, async (world) => {
      await addService(world, "api", { cluster: "elsewhere" });
      const { group, outcomes } = await run(groupArgs(world, ["grpat", "api@elsewhere"]), 0);
      assert.equal(group.outcome, "succeeded");
      assert.deepEqual(outcomes, { grpat: "succeeded", "api@elsewhere": "succeeded" });
      assert.equal(
        (await describe(world, "api", "elsewhere")).taskDefinition,
        `${ARN_PREFIX}api:2`,
      );
    }),

  "--services-file lists the services": () =>
    inWorld("grpfile", {}, async (world) => {
      await addService(world, "worker");
      const file = await Deno.makeTempFile();
      try {
        await Deno.writeTextFile(file, "# release\ngrpfile\nworker\n");
        const { outcomes } = await run(
          groupArgs(world, [], ["--services-file", file]),
          0,
        );
        assert.deepEqual(outcomes, { grpfile: "succeeded", worker: "succeeded" });
      } finally {
        await Deno.remove(file);
      }
    }),
};

Deno.test("deploy of several services end to end", async (t) => {
  await runScenariosConcurrently(t, scenarios);
});
