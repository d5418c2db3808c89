import assert from "node:assert/strict";
import {
  currentService,
  DEMO_IMAGE,
  MUTATING_METHODS,
  type SimulatedWorld,
} from "../support/simulated_world.ts";
import { DEMO_TARGET, deployInCli as deploy, runCliForTest } from "../support/run_cli_for_test.ts";

const changed = (w: SimulatedWorld) =>
  MUTATING_METHODS.reduce((sum, method) => sum + w.countOf(method), 0);
const jsonLines = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line));

async function running(w: SimulatedWorld) {
  const arn = (await currentService(w)).taskDefinition;
  return (await w.ecs.describeTaskDefinition(arn)).taskDefinition;
}

Deno.test("deploy -e CONTAINER KEY=VALUE registers the edited copy and deploys it", async () => {
  const { run, world } = await deploy(["-e", "web", "APP_ENV=prod", "-e", "REGION=eu"]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /task-definition\/api:2\n$/);
  const [web, router] = (await running(world)).containerDefinitions;
  assert.deepStrictEqual(web!.environment, [
    { name: "APP_ENV", value: "prod" },
    { name: "REGION", value: "eu" },
  ]);
  assert.deepStrictEqual(router!.environment, [{ name: "REGION", value: "eu" }]);
  // The plan line names each change; the values are masked even in a real deploy's text.
  assert.match(
    run.stderr,
    /container "web" environment\.APP_ENV: "\(masked\)" -> "\(masked\)" \(-e, --env\)/,
  );
  assert.ok(!run.stderr.includes("prod"), run.stderr);
});

Deno.test("deploy --dry-run masks environment values and secret references in text and JSON", async () => {
  const args = [
    "-e",
    "web",
    "APP_ENV=hunter2-env",
    "--secret",
    "web",
    "DB_PASSWORD=/prod/hunter2-db",
    "--dry-run",
    "--output",
    "json",
  ];
  const { run, world } = await deploy(args);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(changed(world), 0);
  assert.ok(!run.stdout.includes("hunter2"), run.stdout);
  assert.ok(!run.stderr.includes("hunter2"), run.stderr);
  const planned = jsonLines(run.stdout).find((line) => line.event === "planned");
  assert.deepStrictEqual(
    planned.plan.edits.map((e: { member: string; after: unknown }) => [e.member, e.after]),
    [["environment.APP_ENV", "(masked)"], ["secrets.DB_PASSWORD", "(masked)"]],
  );

  // The task definition diff masks the value, and still shows that it changes.
  assert.match(
    run.stderr,
    /containerDefinitions\[0\]\.environment\[0\]\.value: "\(masked\)" -> "\(masked\)"/,
  );
  assert.match(
    run.stderr,
    /containerDefinitions\[0\]\.secrets: undefined -> \[\{"name":"DB_PASSWORD","valueFrom":"\(masked\)"\}\]/,
  );

  const shown = await deploy([...args, "--show-values"]);
  assert.equal(shown.run.exitCode, 0, shown.run.stderr);
  assert.match(shown.run.stdout, /hunter2-env/);
  assert.match(shown.run.stderr, /"\/prod\/hunter2-db"/);
});

Deno.test("deploy -v (no dry run) masks the values in the planned event's full plan", async () => {
  const { run } = await deploy(["-e", "web", "APP_ENV=hunter2", "--output", "json", "-v"]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.ok(!run.stdout.includes("hunter2"), "the JSON output holds the value");
  assert.ok(!run.stderr.includes("hunter2"), "the text output holds the value");
});

Deno.test("deploy with only edits already in place says nothing to deploy, exit 0, and changes nothing", async () => {
  const { run, world } = await deploy(["-e", "web", "APP_ENV=demo", "--output", "json"]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(changed(world), 0);
  assert.match(run.stderr, /container "web" environment\.APP_ENV: .* \(-e, --env, no change\)/);
  assert.match(run.stderr, /Nothing to deploy for "api": every edit is already in place in api:1/);
  const result = jsonLines(run.stdout).at(-1);
  assert.equal(result.outcome, "succeeded");
  assert.equal(result.taskDefinitionArn, result.previousTaskDefinitionArn);
});

Deno.test("deploy with an edit already in place and a new image registers, naming the no-op", async () => {
  const { run, world } = await deploy(["-e", "web", "APP_ENV=demo", "-i", `${DEMO_IMAGE}:1.28`]);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(world.countOf("registerTaskDefinition"), 1);
  assert.match(run.stderr, /no change\)/);
});

Deno.test("deploy with an unknown container is exit 2 naming it and the containers, before any change", async () => {
  const { run, world } = await deploy(["--cpu", "wbe", "128"]);
  assert.equal(run.exitCode, 2);
  assert.match(
    run.stderr,
    /Invalid option --cpu: container "wbe" not found in task definition "api:1"; containers are "web", "log-router"/,
  );
  assert.equal(changed(world), 0);
});

Deno.test("deploy refuses a variable that is also a secret, exit 2", async () => {
  const { run, world } = await deploy([
    "-e",
    "web",
    "TOKEN=1",
    "--secret",
    "web",
    "TOKEN=/prod/token",
  ]);
  assert.equal(run.exitCode, 2);
  assert.match(
    run.stderr,
    /"TOKEN" of container "web" would be both an environment variable and a secret/,
  );
  assert.equal(changed(world), 0);
});

Deno.test("deploy --env-file reads a dotenv file; -e overrides it; a bad line names file and line", async () => {
  const file = await Deno.makeTempFile({ suffix: ".env" });
  try {
    await Deno.writeTextFile(file, "# app\nexport A=1\nB='two words'\n");
    const { run, world } = await deploy(["--env-file", "web", file, "-e", "web", "A=3"]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepStrictEqual((await running(world)).containerDefinitions[0]!.environment, [
      { name: "APP_ENV", value: "demo" },
      { name: "A", value: "3" },
      { name: "B", value: "two words" },
    ]);

    await Deno.writeTextFile(file, "A=1\noops\n");
    const bad = await deploy(["--env-file", "web", file]);
    assert.equal(bad.run.exitCode, 2);
    assert.ok(bad.run.stderr.includes(`Invalid option --env-file: ${file}:2: expected KEY=VALUE`));
    assert.equal(bad.run.connections.length, 0, "no ECS client for bad input");

    const missing = await deploy(["--env-file", "web", `${file}.missing`]);
    assert.equal(missing.run.exitCode, 2);
    assert.match(missing.run.stderr, /Invalid option --env-file: cannot read ".*\.missing"/);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("deploy sets command, entry point, working directory, user, sizes, labels and roles", async () => {
  const { run, world } = await deploy([
    "--command",
    "web",
    `nginx -g 'daemon off;'`,
    "--entrypoint",
    "web",
    '["/docker-entrypoint.sh"]',
    "--workdir",
    "web",
    "/srv",
    "--user",
    "web",
    "101",
    "--cpu",
    "web",
    "128",
    "--memory",
    "web",
    "768",
    "--memory-reservation",
    "web",
    "256",
    "--label",
    "web",
    "team=edge",
    "--task-cpu",
    "0.5 vCPU",
    "--task-memory",
    "1 GB",
    "--task-role-arn",
    "arn:aws:iam::123456789012:role/api-task",
    "--execution-role-arn",
    "arn:aws:iam::123456789012:role/api-exec",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  const revision = await running(world);
  const web = revision.containerDefinitions[0]!;
  assert.deepStrictEqual(
    [web.command, web.entryPoint, web.workingDirectory, web.user, web.cpu, web.memory],
    [["nginx", "-g", "daemon off;"], ["/docker-entrypoint.sh"], "/srv", "101", 128, 768],
  );
  assert.equal(web.memoryReservation, 256);
  assert.deepStrictEqual(web.dockerLabels, { team: "edge" });
  assert.deepStrictEqual(
    [revision.cpu, revision.memory, revision.taskRoleArn, revision.executionRoleArn],
    [
      "512",
      "1024",
      "arn:aws:iam::123456789012:role/api-task",
      "arn:aws:iam::123456789012:role/api-exec",
    ],
  );
});

Deno.test("deploy edit flags with bad values are exit 2 naming the flag, without an ECS client", async () => {
  const cases: [string[], RegExp][] = [
    [["--cpu", "web"], /Invalid option --cpu "web": expected CONTAINER VALUE, two words/],
    [["--cpu", "web", "lots"], /Invalid option --cpu web "lots": expected a whole number/],
    [["--memory", "web", "4"], /Invalid option --memory web "4": expected a number from 6/],
    [
      ["-e", "web", "NOEQUALS"],
      /Invalid option -e, --env "NOEQUALS": expected KEY=VALUE or CONTAINER KEY=VALUE/,
    ],
    [
      ["--secret", "web", "K=arn:aws:s3:::bucket"],
      /Invalid option --secret: expected a Secrets Manager or SSM parameter ARN, or an SSM parameter name, after "K="/,
    ],
    [
      ["--command", "web", "echo 'open"],
      /Invalid option --command web "echo 'open": unclosed ' quote/,
    ],
    [["--task-cpu", "fast"], /Invalid option --task-cpu "fast": expected CPU units/],
    [["--task-memory", "2 GiB"], /Invalid option --task-memory "2 GiB": expected MiB/],
    [
      ["--task-role-arn", "api-task"],
      /Invalid option --task-role-arn "api-task": expected an IAM role ARN/,
    ],
    [["--execution-role-arn", "arn:aws:iam::12:role/x"], /Invalid option --execution-role-arn/],
    [["--unset-env", "web"], /Invalid option --unset-env "web": expected CONTAINER KEY/],
    [["--exclusive-env"], /Invalid option --exclusive-env: it needs the variables to keep/],
    [["--label", "web", "novalue"], /Invalid option --label "novalue": expected KEY=VALUE/],
    [["--label", "=x"], /Invalid option --label: invalid name ""/],
    [["--workdir", "web", " "], /Invalid option --workdir web " ": empty directory/],
    [["--user", "web", "a b"], /Invalid option --user web "a b": expected a user without blanks/],
    [["--memory-reservation", "web", "x"], /Invalid option --memory-reservation web "x"/],
    [
      ["--entrypoint", "web", "[1]"],
      /Invalid option --entrypoint web "\[1\]": expected a JSON array of strings/,
    ],
    [["--unset-secret", "web"], /Invalid option --unset-secret "web": expected CONTAINER KEY/],
    [["--env-file", "web"], /Invalid option --env-file "web": expected CONTAINER FILE/],
    [["--cpu", "we.b", "1"], /Invalid option --cpu: container name "we.b" may contain only/],
    [["--revision", "2", "--cpu", "web", "1"], /Option --revision cannot be used with --cpu/],
    [["--revision", "2", "-i", "nginx:1"], /Option --revision cannot be used with -i, --image/],
    [["--revision", ""], /Invalid option --revision: empty value/],
    [["--exclusive-secrets"], /Invalid option --exclusive-secrets: it needs the secrets to keep/],
  ];
  for (const [args, message] of cases) {
    const run = await runCliForTest([...DEMO_TARGET, ...args]);
    assert.equal(run.exitCode, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(" "));
  }
});

Deno.test("deploy --task-cpu that makes no Fargate size is exit 2 before any change", async () => {
  const { run, world } = await deploy(["--task-cpu", "1024"]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /Invalid option --task-cpu: Fargate accepts task memory 2048 to 8192/);
  assert.equal(changed(world), 0);
});

Deno.test("deploy --output json: the planned summary of a real deploy lists the edits, masked", async () => {
  const { run } = await deploy([
    "-e",
    "web",
    "APP_ENV=hunter2",
    "--user",
    "web",
    "101",
    "--output",
    "json",
  ]);
  assert.equal(run.exitCode, 0, run.stderr);
  const planned = jsonLines(run.stdout).find((line) => line.event === "planned");
  assert.equal(planned.plan.registersRevision, true);
  assert.deepStrictEqual(planned.plan.edits, [
    {
      flag: "-e, --env",
      container: "web",
      member: "environment.APP_ENV",
      before: "(masked)",
      after: "(masked)",
      unchanged: false,
      masked: true,
    },
    {
      flag: "--user",
      container: "web",
      member: "user",
      after: "101",
      unchanged: false,
      masked: false,
    },
  ]);
  assert.equal(planned.plan.nothingToDeploy, null);
  assert.ok(!run.stdout.includes("hunter2"));
});

Deno.test("deploy --dry-run with only edits already in place says so once", async () => {
  const { run, world } = await deploy(["--label", "web", "x=1", "--dry-run"], undefined);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(changed(world), 0);
  const again = await deploy(["-e", "web", "APP_ENV=demo", "--dry-run"], world);
  assert.match(
    again.run.stderr,
    /\] Dry run: nothing to deploy for "api": every edit is already in place in api:1 \(exit 0\)/,
  );
  assert.ok(!again.run.stderr.includes("RegisterTaskDefinition request"));
});

Deno.test("deploy with a two-word edit flag missing its second word before --dry-run is exit 2 and changes nothing", async () => {
  for (
    const [args, message] of [
      [
        ["--workdir", "web", "--dry-run"],
        /Invalid option --workdir "web": expected CONTAINER VALUE/,
      ],
      [
        ["--command", "web", "--dry-run"],
        /Invalid option --command "web": expected CONTAINER VALUE/,
      ],
      [["--user", "web", "--cpu", "web", "256"], /Invalid option --user "web": expected CONTAINER/],
      [["-e", "web", "--dry-run"], /Invalid option -e, --env "web": expected KEY=VALUE/],
    ] as const
  ) {
    const { run, world } = await deploy(["-i", `${DEMO_IMAGE}:1.28`, ...args]);
    assert.equal(run.exitCode, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(" "));
    assert.equal(changed(world), 0, "nothing may be registered or deployed");
  }
});

Deno.test("deploy --exclusive-env with only an empty --env-file says the file holds no variables", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/empty.env`, "# nothing yet\n");
  const run = await runCliForTest([
    ...DEMO_TARGET,
    "--env-file",
    "web",
    `${dir}/empty.env`,
    "--exclusive-env",
  ]);
  assert.equal(run.exitCode, 2, run.stderr);
  assert.match(
    run.stderr,
    /Invalid option --exclusive-env: it needs the variables to keep, and the --env-file files given hold none/,
  );
  await Deno.remove(dir, { recursive: true });
});
