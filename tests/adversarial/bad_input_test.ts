/**
 * The "bad input" category of the adversarial run, kept as a suite: every row is an argv that
 * must end with exit 2 and a message naming what is wrong, in text and in JSON, before any call
 * reaches ECS (the world's client records every call) and before a client is even built.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  advanceUntil,
  aSimulatedWorld,
  DEMO_IMAGE,
  registerRevision,
  startDeployment,
} from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { SimulatedCodeDeploy } from "../../src/simulator/codedeploy/simulated_codedeploy.ts";
import { SimulatedCodeDeployClient } from "../../src/simulator/codedeploy/simulated_codedeploy_client.ts";

/** Every command that talks to ECS, with flags that would otherwise be enough. */
const COMMANDS: Record<string, string[]> = {
  deploy: ["-c", "demo", "-n", "api", "-i", `${DEMO_IMAGE}:1.28`],
  rollback: ["rollback", "-c", "demo", "-n", "api"],
  wait: ["wait", "-c", "demo", "-n", "api"],
  status: ["status", "-c", "demo", "-n", "api"],
  run: ["run", "-c", "demo", "-d", "api:1", "--network-from-service", "api"],
};

/** [flags, message fragment]; each row is tried with every command. */
const CONNECTION_ROWS: [string[], string][] = [
  [["--endpoint-url", ""], "Invalid option --endpoint-url: empty value"],
  [["--endpoint-url", "  "], "Invalid option --endpoint-url: empty value"],
  [["--endpoint-url", "not a url"], `Invalid option --endpoint-url "not a url": not a URL`],
  [["--endpoint-url", "::::"], `Invalid option --endpoint-url "::::": not a URL`],
  [["--endpoint-url", "ftp://127.0.0.1:21"], `scheme "ftp" is not supported`],
  [["--endpoint-url", "file:///etc/passwd"], `scheme "file" is not supported`],
  [["--endpoint-url", "127.0.0.1:4599"], "Invalid option --endpoint-url"],
  [["--endpoint-url", "http://"], `Invalid option --endpoint-url "http://": not a URL`],
  [["-r", ""], "Invalid option -r, --region: empty value"],
  [["--region", " "], "Invalid option -r, --region: empty value"],
  [["-r", "US-EAST-1"], `Invalid option -r, --region "US-EAST-1": expected an AWS region`],
  [["-r", "useast1"], `Invalid option -r, --region "useast1"`],
  [["-r", "eu-west"], `Invalid option -r, --region "eu-west"`],
  [["-r", "us-east-1/x"], `Invalid option -r, --region "us-east-1/x"`],
  [["-r", "http://127.0.0.1"], `Invalid option -r, --region "http://127.0.0.1"`],
  [["-p", ""], "Invalid option -p, --profile: empty value"],
  [["-k", "", "-s", "x"], "Invalid option -k, --aws-access-key: empty value"],
  [["-k", "AKIA1", "-s", ""], "Invalid option -s, --aws-secret-key: empty value"],
  [["-k", "AKIA1"], "go together"],
];

/** Rows for the commands with a deadline (every one but status). */
const DEADLINE_ROWS: [string[], string][] = [
  [["-t", "0.0001"], `Invalid option -t, --timeout "0.0001": expected seconds, at least 1`],
  [["-t", "0.5"], `Invalid option -t, --timeout "0.5": expected seconds, at least 1`],
  [["-t", "0"], `Invalid option -t, --timeout "0"`],
  [["-t", ""], `Invalid option -t, --timeout ""`],
  [["-t", "NaN"], `Invalid option -t, --timeout "NaN"`],
  [["-t", "Infinity"], `Invalid option -t, --timeout "Infinity"`],
];

/** Rows of deploy alone: images, tags and other deploy flags. */
const DEPLOY_ROWS: [string[], string][] = [
  [["-i", "Repo/API:1"], "Invalid option -i, --image: invalid image reference"],
  [["-i", "nginx:bad tag"], "Invalid option -i, --image: invalid image reference"],
  [["-i", "nginx@sha256:abc"], "Invalid option -i, --image: invalid image reference"],
  [["-i", "nginx:"], "Invalid option -i, --image: invalid image reference"],
  [["-i", ""], "Invalid option -i, --image: empty image"],
  [["-l", "web=UPPER/x:1"], "Invalid option -l, --container-image: invalid image reference"],
  [["-l", "web="], "Invalid option -l, --container-image: invalid container image"],
  [["-l", "web"], "Invalid option -l, --container-image: invalid container image"],
  [["--tag", "bad tag"], `Invalid option --tag: invalid image tag "bad tag"`],
  [["--tag", "-x"], `Invalid option --tag: invalid image tag "-x"`],
  [["--tag", ""], "Invalid option --tag: empty value"],
  [["--stall-timeout", "0.01"], `Invalid option --stall-timeout "0.01": expected seconds`],
  [["-D", "1.5"], `Invalid option -D, --desired-count "1.5"`],
  [["--show-values"], "Option --show-values needs --dry-run"],
  // Edits on the copy: empty, malformed and conflicting values of every edit flag.
  [["-e", ""], "Invalid option -e, --env"],
  [["-e", "web", "NOEQUALS"], `Invalid option -e, --env "NOEQUALS": expected KEY=VALUE`],
  [["--env", "web", "=x"], `Invalid option -e, --env: invalid name ""`],
  [["-e", "web", "A B=x"], `Invalid option -e, --env: invalid name "A B"`],
  [["-e", "we.b", "A=1"], `Invalid option -e, --env: container name "we.b"`],
  [["-e", "web", "--dry-run"], `Invalid option -e, --env "web": expected KEY=VALUE`],
  [["--unset-env", "web"], `Invalid option --unset-env "web": expected CONTAINER KEY`],
  [["--unset-env", "web", ""], `Invalid option --unset-env: invalid name ""`],
  [["--env-file", "web"], `Invalid option --env-file "web": expected CONTAINER FILE`],
  [["--env-file", "web", "/nonexistent/prod.env"], `Invalid option --env-file: cannot read`],
  [["--exclusive-env"], "Invalid option --exclusive-env: it needs the variables to keep"],
  [["--secret", "web", "K="], "Invalid option --secret: expected a Secrets Manager or SSM"],
  [["--secret", "web", "K=arn:aws:s3:::b"], "Invalid option --secret: expected a Secrets"],
  [["--secret", "web", "NOEQUALS"], `Invalid option --secret "NOEQUALS": expected KEY=VALUE`],
  [["--unset-secret", "web"], `Invalid option --unset-secret "web": expected CONTAINER KEY`],
  [["--exclusive-secrets"], "Invalid option --exclusive-secrets: it needs the secrets to keep"],
  [["--command", "web", ""], `Invalid option --command web "": expected at least one word`],
  [["--command", "web", "echo 'x"], `Invalid option --command web "echo 'x": unclosed ' quote`],
  [["--command", "web", "[1]"], `Invalid option --command web "[1]": expected a JSON array`],
  [["--command", "web", "--dry-run"], `Invalid option --command "web": expected CONTAINER`],
  [["--entrypoint", "web"], `Invalid option --entrypoint "web": expected CONTAINER VALUE`],
  [["--entrypoint", "web", "[]"], `Invalid option --entrypoint web "[]": expected at least`],
  [["--workdir", "web", " "], `Invalid option --workdir web " ": empty directory`],
  [["--workdir", "web", "--dry-run"], `Invalid option --workdir "web": expected CONTAINER`],
  [["--user", "web", "a b"], `Invalid option --user web "a b": expected a user without blanks`],
  [["--user", "web", "--cpu", "web", "1"], `Invalid option --user "web": expected CONTAINER`],
  [["--cpu", "web"], `Invalid option --cpu "web": expected CONTAINER VALUE, two words`],
  [["--cpu", "web", "-1"], `Invalid option --cpu web "-1": expected a whole number`],
  [["--cpu", "web", "1e3"], `Invalid option --cpu web "1e3": expected a whole number`],
  [["--cpu=web=1"], `Invalid option --cpu "web=1": expected CONTAINER VALUE`],
  [["--memory", "web", "4"], `Invalid option --memory web "4": expected a number from 6`],
  [["--memory", "web", ""], `Invalid option --memory web "": expected a whole number`],
  [["--memory-reservation", "web", "x"], `Invalid option --memory-reservation web "x"`],
  [["--label", "=x"], `Invalid option --label: invalid name ""`],
  [["--label", "web", "novalue"], `Invalid option --label "novalue": expected KEY=VALUE`],
  [["--task-cpu", ""], `Invalid option --task-cpu "": expected CPU units`],
  [["--task-cpu", "0.1 vCPU"], `Invalid option --task-cpu "0.1 vCPU": expected a positive`],
  [["--task-cpu", "-1"], `Invalid option --task-cpu "-1": expected CPU units`],
  [["--task-memory", "0"], `Invalid option --task-memory "0": expected a positive whole`],
  [["--task-memory", "2 GiB"], `Invalid option --task-memory "2 GiB": expected MiB`],
  [["--task-role-arn", ""], `Invalid option --task-role-arn "": expected an IAM role ARN`],
  [["--task-role-arn", "api-task"], `Invalid option --task-role-arn "api-task"`],
  [["--execution-role-arn", "arn:aws:iam::12:role/x"], "Invalid option --execution-role-arn"],
  // Digests.
  [["--registry-auth", ""], "Invalid option --registry-auth: empty value"],
  [["--registry-auth", "/x/config.json"], "Option --registry-auth needs --pin-digests or"],
  [["--verify-digests", "--no-wait"], "Options --verify-digests and --no-wait cannot be used"],
];

/** Rows of `deploy --revision` (without -i): malformed, and with what it cannot go with. */
const REVISION_ROWS: [string[], string][] = [
  [["--revision", ""], "Invalid option --revision: empty value"],
  [["--revision", "abc"], `Invalid option --revision "abc": expected a revision number`],
  [["--revision", "0"], `Invalid option --revision "0": expected a revision number`],
  [["--revision", "api:"], `Invalid option --revision "api:": expected a revision number`],
  [["--revision", "api:0"], `Invalid option --revision "api:0": expected a revision number`],
  [["--revision", "arn:aws:ecs:x"], `Invalid option --revision "arn:aws:ecs:x": expected`],
  [["--revision", "2", "--pin-digests"], "Options --revision and --pin-digests cannot be used"],
  [["--revision", "2", "--verify-digests"], "Options --revision and --verify-digests cannot"],
  [["--revision", "2", "--exclusive-env"], "Option --revision cannot be used with --exclusive-env"],
];

const rows: { name: string; argv: string[]; message: string }[] = [];
for (const [command, base] of Object.entries(COMMANDS)) {
  const own = [
    ...CONNECTION_ROWS,
    ...(command === "status" ? [] : DEADLINE_ROWS),
    ...(command === "deploy" ? DEPLOY_ROWS : []),
  ];
  for (const [flags, message] of own) {
    rows.push({ name: `${command} ${JSON.stringify(flags)}`, argv: [...base, ...flags], message });
  }
}
for (const [flags, message] of REVISION_ROWS) {
  rows.push({
    name: `deploy ${JSON.stringify(flags)}`,
    argv: ["-c", "demo", "-n", "api", ...flags],
    message,
  });
}
/** Rows of a deploy of several services (and of one: the group flags are checked alone too). */
const GROUP_ROWS: [string[], string][] = [
  [["--parallel", ""], `Invalid option --parallel ""`],
  [["--parallel", "abc"], `Invalid option --parallel "abc"`],
  [["--parallel", "0"], `Invalid option --parallel "0": expected a number from 1 to 1000`],
  [["--parallel", "1001"], `Invalid option --parallel "1001"`],
  [["--parallel", "1.5"], `Invalid option --parallel "1.5"`],
  [["--parallel", "-1"], `Invalid option --parallel "-1"`],
  [["--group-rollback", "--no-wait"], "Options --group-rollback and --no-wait cannot be used"],
  [["--services-file", ""], "Invalid option --services-file: empty value"],
  [["--services-file", "/nonexistent/release.txt"], `Cannot read --services-file`],
  [["-n", "api@demo"], `Service "api" in cluster "demo" is given twice`],
  [["-n", "worker@"], `Invalid service "worker@" (-n, --service-name)`],
  [["-n", "@demo"], `Invalid service "@demo" (-n, --service-name)`],
  [["-n", "cron@demo@x"], `Invalid service "cron@demo@x" (-n, --service-name)`],
  [["-n", ""], "Invalid option -n, --service-name: empty value"],
  [["-n", "cron worker"], `Invalid service "cron worker" (-n, --service-name)`],
  [["-n", "cron,"], `Invalid service "cron," (-n, --service-name)`],
  [["--run-before", "migrate"], "Option --run-before deploys one service"],
  [["--pin-digests"], "Options --pin-digests and --verify-digests deploy one service"],
];
for (const [flags, message] of GROUP_ROWS) {
  rows.push({
    name: `deploy of two services ${JSON.stringify(flags)}`,
    argv: [...COMMANDS.deploy!, "-n", "worker", ...flags],
    message,
  });
  if (flags[0] === "--parallel" || flags[0] === "--group-rollback") {
    rows.push({
      name: `deploy of one service ${JSON.stringify(flags)}`,
      argv: [...COMMANDS.deploy!, ...flags],
      message,
    });
  }
}
rows.push({
  name: "deploy of two services without -c",
  argv: ["-n", "api", "-n", "worker", "-i", `${DEMO_IMAGE}:1.28`],
  message: `Missing required option -c, --cluster: the cluster of "api"`,
});

/** Rows of `run`: what runs, its overrides, where it runs. */
const RUN_ROWS: [string[], string][] = [
  [["-d", ""], "Invalid option -d, --task-definition: empty value"],
  [["-d", "api:0"], `Invalid option -d, --task-definition "api:0"`],
  [["-d", "api:x"], `Invalid option -d, --task-definition "api:x"`],
  [["-c", ""], "Invalid option -c, --cluster: empty value"],
  [["--container", ""], "Invalid option --container: empty value"],
  [["--command", ""], `Invalid option --command ""`],
  [["--command", "[]"], `Invalid option --command "[]"`],
  [["--command", "[1,2]"], `Invalid option --command "[1,2]"`],
  [["--command", `"abc`], `Invalid option --command "\\"abc"`],
  [["--command", "a\\"], `Invalid option --command "a\\\\"`],
  [["--env", "=x"], `Invalid option --env "=x": expected NAME=VALUE`],
  [["--env", "X"], `Invalid option --env "X": expected NAME=VALUE`],
  [["--env", ""], `Invalid option --env "": expected NAME=VALUE`],
  [["--network-from-service", ""], "Invalid option --network-from-service: empty value"],
  [["--capacity-provider", ""], `Invalid option --capacity-provider ""`],
  [["--capacity-provider", "FARGATE:1001"], `Invalid option --capacity-provider "FARGATE:1001"`],
  [["--capacity-provider", "A B"], `Invalid option --capacity-provider "A B"`],
  [["--launch-type", "BAD"], "argument 'BAD' is invalid"],
  [
    ["--capacity-provider", "FARGATE", "--launch-type", "FARGATE"],
    "Options --launch-type and --capacity-provider cannot be used together",
  ],
];
for (const [flags, message] of RUN_ROWS) {
  rows.push({ name: `run ${JSON.stringify(flags)}`, argv: [...COMMANDS.run!, ...flags], message });
}
rows.push({
  name: "run without -d",
  argv: ["run", "-c", "demo"],
  message: "Missing required option -d, --task-definition",
});
rows.push({
  name: "run without -c",
  argv: ["run", "-d", "api:1"],
  message: "Missing required option -c, --cluster",
});
rows.push({
  name: "deploy -d --verify-digests, which has no deployment to verify",
  argv: ["-c", "demo", "-d", "api", "--tag", "2", "--verify-digests"],
  message: "Option --verify-digests needs -n, --service-name",
});
for (const to of ["abc", "0", "api:0", "-1"]) {
  rows.push({
    name: `rollback --to ${JSON.stringify(to)}`,
    argv: [...COMMANDS.rollback!, `--to=${to}`],
    message: `Invalid option --to ${JSON.stringify(to)}: expected a revision number`,
  });
}
rows.push({
  name: "rollback --show-values without --dry-run",
  argv: [...COMMANDS.rollback!, "--show-values"],
  message: "Option --show-values needs --dry-run",
});

for (const { name, argv, message } of rows) {
  Deno.test(`bad input: ${name} is exit 2 naming the flag, before any ECS call`, async () => {
    const world = await aSimulatedWorld();
    for (const output of ["text", "json"]) {
      const run = await runCliForTest([...argv, "--output", output], {
        ecs: world.ecs,
        clock: world.clock,
      });
      const explain = `${output}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      assert.equal(run.exitCode, 2, explain);
      assert.ok(
        run.stderr.includes(message),
        `stderr lacks ${JSON.stringify(message)}\n${explain}`,
      );
      assert.deepEqual(world.calls, [], "no call may reach ECS");
      assert.deepEqual(run.connections, [], "no ECS client may be built");
      if (output === "json") {
        const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
        assert.equal(result.outcome, "invalid", explain);
        assert.equal(result.exitCode, 2, explain);
        assert.ok(String(result.reason).includes(message), explain);
      }
    }
  });
}

/** Real region names of every partition, which must pass the region check. */
const REGIONS = [
  "us-east-1",
  "eu-central-2",
  "ap-southeast-5",
  "us-gov-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "us-iso-east-1",
  "us-isob-east-1",
  "us-isof-south-1",
  "eu-isoe-west-1",
  "eusc-de-east-1",
  "il-central-1",
  "mx-central-1",
];

Deno.test("bad input: every partition's region names pass -r", async () => {
  const world = await aSimulatedWorld();
  for (const region of REGIONS) {
    const run = await runCliForTest([...COMMANDS.status!, "-r", region], {
      ecs: world.ecs,
      clock: world.clock,
    });
    assert.equal(run.exitCode, 0, `${region}: ${run.stderr}`);
    assert.equal(run.connections.at(-1)?.region, region);
  }
});

Deno.test("bad input: http and https endpoints with a host pass --endpoint-url", async () => {
  const world = await aSimulatedWorld();
  for (
    const endpoint of [
      "http://127.0.0.1:4599",
      "https://ecs.eu-west-1.amazonaws.com",
      "http://localhost:4566/",
      "http://[::1]:4599",
    ]
  ) {
    const run = await runCliForTest([...COMMANDS.status!, "--endpoint-url", endpoint], {
      ecs: world.ecs,
      clock: world.clock,
    });
    assert.equal(run.exitCode, 0, `${endpoint}: ${run.stderr}`);
    assert.equal(run.connections.at(-1)?.endpoint, endpoint);
  }
});

Deno.test("bad input: -t 1 is the shortest deadline accepted", async () => {
  const world = await aSimulatedWorld();
  const run = await runCliForTest([...COMMANDS.deploy!, "-t", "1", "--dry-run"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
});

type World = Awaited<ReturnType<typeof aSimulatedWorld>>;

/** A second service, "ext", whose deployments the EXTERNAL controller drives (no task definition). */
async function withExternalService(world: World): Promise<string> {
  await world.sim.call("CreateService", {
    cluster: "demo",
    serviceName: "ext",
    deploymentController: { type: "EXTERNAL" },
    desiredCount: 0,
  });
  return "ext";
}

/** A second service, "cd", deployed by CodeDeploy, on the seeded revision. */
async function withCodeDeployService(world: World): Promise<string> {
  await world.sim.call("CreateService", {
    cluster: "demo",
    serviceName: "cd",
    taskDefinition: world.seeded.taskDefinitionArn,
    launchType: "FARGATE",
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60001"] } },
    deploymentController: { type: "CODE_DEPLOY" },
    desiredCount: 0,
  });
  return "cd";
}

/** The seeded service, deleted: DRAINING while its tasks stop. */
async function withDrainingService(world: World): Promise<string> {
  await world.sim.call("DeleteService", { cluster: "demo", service: "api", force: true });
  return "api";
}

/** The seeded service, deleted and gone INACTIVE (DescribeServices still shows it). */
async function withInactiveService(world: World): Promise<string> {
  await withDrainingService(world);
  await advanceUntil(world, (s) => s.status === "INACTIVE");
  return "api";
}

const SERVICE_STATES: [string, (world: World) => Promise<string>, string][] = [
  ["an INACTIVE service", withInactiveService, "the service is INACTIVE (deleted), not ACTIVE"],
  ["a DRAINING service", withDrainingService, "the service is DRAINING (being deleted)"],
  ["an EXTERNAL service", withExternalService, "it uses the EXTERNAL deployment controller"],
];

const ACTIONS: [string, (service: string) => string[], string][] = [
  ["deploy", (s) => ["-c", "demo", "-n", s, "-i", `${DEMO_IMAGE}:1.28`], "Cannot deploy"],
  ["deploy --dry-run", (s) => ["-c", "demo", "-n", s, "--tag", "2", "--dry-run"], "Cannot deploy"],
  ["rollback", (s) => ["rollback", "-c", "demo", "-n", s], "Cannot roll back"],
  ["wait", (s) => ["wait", "-c", "demo", "-n", s], "Cannot wait for"],
];

for (const [state, setUp, why] of SERVICE_STATES) {
  for (const [action, argv, prefix] of ACTIONS) {
    Deno.test(`bad input: ${action} on ${state} says so, exit 2, reading nothing else`, async () => {
      const world = await aSimulatedWorld();
      const service = await setUp(world);
      for (const output of ["text", "json"]) {
        world.calls.length = 0;
        const run = await runCliForTest([...argv(service), "--output", output], {
          ecs: world.ecs,
          clock: world.clock,
        });
        const explain = `${output}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
        assert.equal(run.exitCode, 2, explain);
        assert.ok(run.stderr.includes(`${prefix} "${service}": ${why}`), explain);
        assert.ok(!run.stderr.includes("undefined"), explain);
        assert.deepEqual(world.calls, ["describeService"], "only the service may be read");
        if (output === "json") {
          const result = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!);
          assert.equal(result.outcome, "invalid", explain);
          assert.equal(result.exitCode, 2, explain);
        }
      }
    });
  }
  Deno.test(`bad input: status of ${state} shows it, exit 0`, async () => {
    const world = await aSimulatedWorld();
    const service = await setUp(world);
    const text = await runCliForTest(["status", "-c", "demo", "-n", service], {
      ecs: world.ecs,
      clock: world.clock,
    });
    assert.equal(text.exitCode, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^Service "${service}" in cluster "demo": [A-Z]+, `));
    const json = await runCliForTest(["status", "-c", "demo", "-n", service, "--output", "json"], {
      ecs: world.ecs,
      clock: world.clock,
    });
    assert.equal(json.exitCode, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).service, service);
  });
}

Deno.test("bad input: deploy on a CODE_DEPLOY service no deployment group deploys: exit 2, nothing registered", async () => {
  const world = await aSimulatedWorld();
  const service = await withCodeDeployService(world);
  const codeDeploy = new SimulatedCodeDeployClient(new SimulatedCodeDeploy({ ecs: world.sim }));
  for (const output of ["text", "json"]) {
    world.calls.length = 0;
    const run = await runCliForTest(
      ["-c", "demo", "-n", service, "-i", `${DEMO_IMAGE}:1.28`, "--output", output],
      { ecs: world.ecs, codeDeploy, clock: world.clock },
    );
    const explain = `${output}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    assert.equal(run.exitCode, 2, explain);
    assert.ok(
      run.stderr.includes(
        `Cannot deploy "${service}": no CodeDeploy deployment group deploys service "${service}"`,
      ),
      explain,
    );
    assert.ok(!world.calls.includes("registerTaskDefinition"), explain);
  }
});

Deno.test("bad input: --dry-run on a busy service prints the plan and exits 2 as the deploy would", async () => {
  const world = await aSimulatedWorld();
  const theirs = await startDeployment(world, await registerRevision(world, "repo/api:slow"));
  for (const output of ["text", "json"]) {
    world.calls.length = 0;
    const run = await runCliForTest(
      ["-c", "demo", "-n", "api", "-i", "repo/api:3", "--dry-run", "--output", output],
      { ecs: world.ecs, clock: world.clock },
    );
    const explain = `${output}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    assert.equal(run.exitCode, 2, explain);
    assert.match(run.stderr, /UpdateService request:/, explain);
    assert.ok(
      run.stderr.includes(
        `dry run: the real deploy would be refused: Cannot deploy "api": deployment ${theirs.id}`,
      ),
      explain,
    );
    assert.deepEqual(world.calls, ["describeService", "describeTaskDefinition"]);
    if (output === "json") {
      const lines = run.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
      assert.equal(lines[0].event, "planned");
      assert.equal(lines.at(-1).outcome, "invalid");
      assert.equal(lines.at(-1).exitCode, 2);
    }
  }
  const forced = await runCliForTest(
    ["-c", "demo", "-n", "api", "-i", "repo/api:3", "--dry-run", "--force"],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(forced.exitCode, 0, forced.stderr);
  const waiting = await runCliForTest(
    ["-c", "demo", "-n", "api", "-i", "repo/api:3", "--dry-run", "--wait-for-idle"],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(waiting.exitCode, 0, waiting.stderr);
  assert.match(waiting.stderr, new RegExp(`would first wait for deployment ${theirs.id}`));
});
