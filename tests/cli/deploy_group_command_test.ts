import assert from "node:assert/strict";
import { DEMO_IMAGE } from "../support/simulated_world.ts";
import { aGroupWorld, type ExtraService, serviceOf } from "../support/group_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";

const IMAGE = `${DEMO_IMAGE}:1.28`;

Deno.test("deploy -n api -n worker -n cron deploys all three, not only the last", async () => {
  const world = await aGroupWorld([{ service: "worker" }, { service: "cron" }]);
  const run = await runCliForTest(
    ["-c", "prod", "-n", "api", "-n", "worker", "-n", "cron", "-i", IMAGE],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(run.exitCode, 0, run.stderr);
  for (const service of ["api", "worker", "cron"]) {
    const { taskDefinition } = await serviceOf(world, service);
    assert.match(taskDefinition, new RegExp(`task-definition/${service}:2$`), service);
  }
});

const lines = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line));

async function inGroupWorld(args: string[], extra: ExtraService[] = [{ service: "worker" }]) {
  const world = await aGroupWorld(extra);
  const run = await runCliForTest(["-c", "prod", ...args], { ecs: world.ecs, clock: world.clock });
  return { world, run };
}

Deno.test("deploy with several services ends JSON with one result per service, then the group's", async () => {
  const { run } = await inGroupWorld([
    "-n",
    "api",
    "-n",
    "worker",
    "-i",
    IMAGE,
    "--output",
    "json",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  const all = lines(run.stdout);
  const group = all.at(-1);
  assert.equal(group.group, true);
  assert.equal(group.outcome, "succeeded");
  assert.equal(group.exitCode, 0);
  assert.deepEqual(group.services.map((s: { member: string }) => s.member), ["api", "worker"]);
  const results = all.filter((line) => line.event === "service_result");
  assert.deepEqual(results.map((r) => r.service).sort(), ["api", "worker"]);
  assert.ok(results.every((r) => r.outcome === "succeeded" && r.imageChanges.length === 1));
  assert.ok(all.slice(0, -1).every((line) => line.event !== undefined), "events before the result");
});

Deno.test("deploy with several services prints each one's lines prefixed and a table", async () => {
  const { run } = await inGroupWorld(["-n", "api", "-n", "worker", "-i", IMAGE]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /^\[api\] Deploying service "api"/m);
  assert.match(run.stderr, /^\[worker\] .*Deployed "worker"/m);
  assert.match(run.stderr, /^SERVICE +OUTCOME +REVISION +REASON$/m);
  assert.match(run.stderr, /^api +succeeded +api:1 -> api:2$/m);
  assert.match(run.stderr, /Deployed 2 services: 2 services: 2 succeeded \(exit 0\)/);
  assert.deepEqual(run.stdout.trim().split("\n").map((arn) => arn.split("/").pop()), [
    "api:2",
    "worker:2",
  ]);
});

Deno.test("deploy reads --services-file, one per line, comments and blank lines ignored", async () => {
  const file = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(file, "# the release\napi\n\n  worker   # the queue\n");
    const { run, world } = await inGroupWorld(["--services-file", file, "-i", IMAGE]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match((await serviceOf(world, "worker")).taskDefinition, /\/worker:2$/);
    assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:2$/);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("deploy refuses a missing or empty --services-file, a duplicate service and bad group flags with exit 2, before any AWS call", async () => {
  const empty = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(empty, "# nothing yet\n\n");
    const cases: [string[], RegExp][] = [
      [["--services-file", "/nonexistent/services.txt"], /Cannot read --services-file/],
      [["--services-file", empty], /it lists no service/],
      [["-n", "api", "-n", "api"], /Service "api" in cluster "prod" is given twice/],
      [["-n", "api", "-n", "api@prod"], /is given twice/],
      [["-n", "api", "-n", "@prod"], /expected SERVICE or SERVICE@CLUSTER/],
      [["-n", "api", "-n", "worker", "--parallel", "0"], /--parallel "0"/],
      [["-n", "api", "-n", "worker", "--group-rollback", "--no-wait"], /--group-rollback/],
      [["-n", "api", "-n", "worker", "-d", "api"], /cannot be used together/],
      [["-n", "api", "-n", "worker", "--pin-digests"], /--pin-digests and --verify-digests/],
      [
        ["-n", "api", "-n", "worker", "--run-before", "migrate"],
        /--run-before deploys one service/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCliForTest(["-c", "prod", ...args, "-i", IMAGE, "--output", "json"]);
      assert.equal(run.exitCode, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.connections.length, 0, "no ECS client");
      assert.equal(lines(run.stdout).at(-1).outcome, "invalid");
    }
  } finally {
    await Deno.remove(empty);
  }
});

Deno.test("deploy changes nothing when one of several services is invalid, and names it", async () => {
  const { run, world } = await inGroupWorld(
    ["-n", "api", "-n", "worker", "-n", "ghost", "-i", IMAGE],
    [{ service: "worker" }],
  );
  assert.equal(run.exitCode, 2, run.stderr);
  assert.match(run.stderr, /1 of 3 services cannot be deployed; nothing was changed: .*"ghost"/);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("deploy -n SERVICE@CLUSTER deploys in that cluster, alone or in a group", async () => {
  const world = await aGroupWorld([{ service: "api", cluster: "staging" }]);
  // Both are of family "api": prod runs api:1, staging api:2.
  const alone = await runCliForTest(["-n", "api@staging", "-i", IMAGE], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(alone.exitCode, 0, alone.stderr);
  assert.match((await serviceOf(world, "api", "staging")).taskDefinition, /\/api:3$/);
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:1$/, "prod untouched");

  const both = await runCliForTest(["-c", "prod", "-n", "api", "-n", "api@staging", "-i", IMAGE], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(both.exitCode, 0, both.stderr);
  assert.match(both.stderr, /^api@staging +succeeded/m);
});

Deno.test("deploy --group-rollback reports rolled_back for the group, exit 1", async () => {
  const { run, world } = await inGroupWorld(
    ["-n", "api", "-n", "worker", "-i", IMAGE, "--group-rollback", "--output", "json"],
    [{ service: "worker", failing: "rollback" }],
  );
  assert.equal(run.exitCode, 1, run.stderr);
  const group = lines(run.stdout).at(-1);
  assert.equal(group.outcome, "rolled_back");
  assert.match((await serviceOf(world, "api")).taskDefinition, /\/api:1$/);
  assert.match(run.stderr, /Rolling back the group \("worker" ended rolled_back\): api/);
});

for (const command of ["wait", "status", "rollback", "continue"]) {
  Deno.test(`${command} refuses several -n with exit 2: it acts on one service`, async () => {
    const run = await runCliForTest([command, "-c", "prod", "-n", "api", "-n", "worker"]);
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `-n, --service-name is given 2 times \\("api", "worker"\\): ${command} acts on one`,
      ),
    );
    assert.equal(run.connections.length, 0);
  });
}

Deno.test("status -n SERVICE@CLUSTER reads the service in that cluster", async () => {
  const world = await aGroupWorld([{ service: "api", cluster: "staging" }]);
  const run = await runCliForTest(["status", "-n", "api@staging", "--output", "json"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
  const status = JSON.parse(run.stdout);
  assert.equal(status.serviceArn, "arn:aws:ecs:us-east-1:123456789012:service/staging/api");
  // prod's api runs api:1; staging's runs api:2 (the family's second registration).
  assert.match(status.taskDefinitionArn, /\/api:2$/);
});

Deno.test("deploy --dry-run of several services plans each, registers and updates nothing", async () => {
  const { run, world } = await inGroupWorld([
    "-n",
    "api",
    "-n",
    "worker",
    "-i",
    IMAGE,
    "--dry-run",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /^\[worker\] RegisterTaskDefinition request:$/m);
  assert.match(
    run.stderr,
    /Dry run: would deploy 2 services: dry run: nothing was changed; the deploy would register a revision of "api" \(for api\), a revision of "worker" \(for worker\) and update 2 services \(exit 0\)/,
  );
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
  assert.equal(run.stdout, "");
});

Deno.test("deploy of several services applies an edit such as -e to each one's new revision", async () => {
  const { run, world } = await inGroupWorld(["-n", "api", "-n", "worker", "-e", "LOG_LEVEL=debug"]);
  assert.equal(run.exitCode, 0, run.stderr);
  for (const service of ["api", "worker"]) {
    const { taskDefinition } = await world.ecs.describeTaskDefinition(
      (await serviceOf(world, service)).taskDefinition,
    );
    assert.match(taskDefinition.taskDefinitionArn, new RegExp(`/${service}:2$`));
    const web = taskDefinition.containerDefinitions.find((c) => c.name === "web")!;
    assert.ok(web.environment?.some((e) => e.name === "LOG_LEVEL" && e.value === "debug"));
  }
});

Deno.test("deploy of several services masks environment values unless --dry-run --show-values", async () => {
  const args = ["-n", "api", "-n", "worker", "-e", "TOKEN=s3cr3t-token", "--dry-run"];
  const masked = await inGroupWorld(args);
  assert.equal(masked.run.exitCode, 0, masked.run.stderr);
  assert.ok(!masked.run.stderr.includes("s3cr3t-token"), masked.run.stderr);
  const shown = await inGroupWorld([...args, "--show-values"]);
  assert.equal(shown.run.exitCode, 0, shown.run.stderr);
  assert.match(shown.run.stderr, /^\[worker\] .*s3cr3t-token/m);
});
