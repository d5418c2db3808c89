import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import { exitCodeFor } from "../../src/deploy/outcome.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { VERSION } from "../../src/version.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import {
  aSimulatedWorld,
  DEMO_IMAGE,
  failing,
  registerRevision,
  startDeployment,
} from "../support/simulated_world.ts";

const flagErrors: [string, string[], RegExp][] = [
  ["a missing cluster", ["-n", "api", "-i", "repo/api:2"], /-c, --cluster/],
  [
    "both -n and -d",
    ["-c", "prod", "-n", "api", "-d", "api", "-i", "a:1"],
    /cannot be used together/,
  ],
  ["neither -n nor -d", ["-c", "prod", "-i", "a:1"], /-n, --service-name/],
  ["a non-numeric desired count", ["-c", "p", "-n", "s", "-D", "two"], /-D, --desired-count "two"/],
  ["a negative desired count", ["-c", "p", "-n", "s", "-D", "-1"], /desired-count/],
  ["min above max", ["-c", "p", "-n", "s", "-i", "a:1", "-m", "100", "-M", "50"], /cannot exceed/],
  ["min above 100", ["-c", "p", "-n", "s", "-i", "a:1", "-m", "150"], /-m, --min "150"/],
  ["a zero timeout", ["-c", "p", "-n", "s", "-i", "a:1", "-t", "0"], /-t, --timeout "0"/],
  ["a negative timeout", ["-c", "p", "-n", "s", "-i", "a:1", "-t", "-5"], /-t, --timeout "-5"/],
  [
    "a non-numeric timeout",
    ["-c", "p", "-n", "s", "-i", "a:1", "-t", "soon"],
    /-t, --timeout "soon"/,
  ],
  ["a malformed -l", ["-c", "p", "-n", "s", "-l", "web"], /web/],
  ["-k without -s", ["-c", "p", "-n", "s", "-i", "a:1", "-k", "AKIA"], /go together/],
  ["an unknown output format", ["-c", "p", "-n", "s", "--output", "xml"], /--output/],
  ["an unknown flag", ["-c", "p", "-n", "s", "--colour"], /unknown option '--colour'/],
  ["--wait-for-idle with --force", [
    "-c",
    "p",
    "-n",
    "s",
    "-i",
    "a:1",
    "--wait-for-idle",
    "--force",
  ], /cannot be used together/],
  [
    "--rollback with --no-wait",
    ["-c", "p", "-n", "s", "-i", "a:1", "--rollback", "--no-wait"],
    /--rollback and --no-wait/,
  ],
  [
    "--keep-revisions 0",
    ["-c", "p", "-n", "s", "-i", "a:1", "--keep-revisions", "0"],
    /--keep-revisions "0"/,
  ],
  [
    "--max-definitions two",
    ["-c", "p", "-n", "s", "-i", "a:1", "--max-definitions", "two"],
    /--max-definitions "two"/,
  ],
  [
    "--stall-timeout 0",
    ["-c", "p", "-n", "s", "-i", "a:1", "--stall-timeout", "0"],
    /--stall-timeout "0"/,
  ],
  [
    "an unknown --on-cancel",
    ["-c", "p", "-n", "s", "-i", "a:1", "--on-cancel", "panic"],
    /--on-cancel/,
  ],
  ["--rollback without a service", ["-c", "p", "-d", "api", "-i", "a:1", "--rollback"], /need -n/],
];

for (const [what, argv, message] of flagErrors) {
  Deno.test(`runCli() exits 2 before any AWS call for ${what}`, async () => {
    const run = await runCliForTest(argv);
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.deepEqual(run.connections, []);
  });
}

Deno.test("runCli() reports invalid flags as a JSON result with --output json", async () => {
  const run = await runCliForTest(["--output", "json", "-c", "prod", "-i", "a:1"]);
  assert.equal(run.exitCode, 2);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  assert.equal(result.outcome, "invalid");
  assert.equal(result.exitCode, 2);
  assert.equal(result.cluster, "prod");
});

Deno.test("runCli() prints the version, and the runtime's with -v", async () => {
  const plain = await runCliForTest(["--version"]);
  assert.equal(plain.exitCode, 0);
  assert.equal(plain.stdout, `ecs-deploy ${VERSION}\n`);
  const verbose = await runCliForTest(["--version", "-v"]);
  assert.equal(verbose.stdout, `ecs-deploy ${VERSION}\ndeno 2.9.6\n`);
});

Deno.test("runCli() lists every deploy flag in the help of the default command", async () => {
  const top = await runCliForTest(["--help"]);
  assert.equal(top.exitCode, 0);
  assert.match(top.stdout, /deploy/);
  const help = await runCliForTest(["deploy", "--help"]);
  assert.equal(help.exitCode, 0);
  for (
    const flag of [
      "-c, --cluster",
      "-n, --service-name",
      "-d, --task-definition",
      "-i, --image",
      "-l, --container-image",
      "--tag",
      "--force-new-deployment",
      "-D, --desired-count",
      "-m, --min",
      "-M, --max",
      "-t, --timeout",
      "--no-wait",
      "--dry-run",
      "--show-values",
      "--output",
      "-v, --verbose",
      "-r, --region",
      "-p, --profile",
      "-k, --aws-access-key",
      "-s, --aws-secret-key",
      "--endpoint-url",
      "--rollback",
      "--on-cancel",
      "--stall-timeout",
      "--wait-for-idle",
      "--force",
      "--keep-revisions",
      "--max-definitions",
    ]
  ) {
    assert.match(help.stdout, new RegExp(flag.replace(/[-]/g, "\\-")), `missing ${flag}`);
  }
});

const lastLine = (stdout: string) => JSON.parse(stdout.trimEnd().split("\n").at(-1)!);

Deno.test("runCli() ends a usage error with an invalid result line when --output json is given", async () => {
  for (
    const argv of [
      ["-c", "prod", "-n", "api", "--colour", "--output", "json"],
      ["--output=json", "-c", "prod", "-n", "api", "-i"],
      ["wait", "--output", "json", "--cluster=prod", "-n", "api", "--no-such-flag"],
      ["status", "-c", "prod", "-n", "api", "--output", "json", "extra-argument"],
    ]
  ) {
    const run = await runCliForTest(argv);
    assert.equal(run.exitCode, 2, run.stderr);
    const result = lastLine(run.stdout);
    assert.equal(result.outcome, "invalid", argv.join(" "));
    assert.equal(result.exitCode, 2);
    assert.equal(result.cluster, "prod");
    assert.equal(result.service, "api");
    assert.match(result.reason, /option|argument/);
    assert.doesNotMatch(result.reason, /^error: /);
    assert.deepEqual(run.connections, []);
  }
  const text = await runCliForTest(["-c", "prod", "-n", "api", "--colour"]);
  assert.equal(text.exitCode, 2);
  assert.equal(text.stdout, "", "no JSON without --output json");
});

Deno.test("runCli() reports a failure to build the ECS client as an error result, exit 4", async () => {
  const cause = new Error("could not load the shared config file", {
    cause: new Error("EACCES: permission denied, open '/home/ci/.aws/config'"),
  });
  for (const output of ["text", "json"]) {
    for (const command of [["deploy", "-i", "repo/api:2"], ["wait"], ["rollback"], ["status"]]) {
      let stdout = "";
      let stderr = "";
      const exitCode = await runCli(
        [command[0]!, "-c", "prod", "-n", "api", ...command.slice(1), "--output", output, "-v"],
        {
          createEcsClient: () => Promise.reject(cause),
          clock: new FakeClock(),
          stdout: (text) => stdout += text,
          stderr: (text) => stderr += text,
          env: {},
        },
      );
      const what = `${command[0]} ${output}\n${stdout}\n${stderr}`;
      assert.equal(exitCode, 4, what);
      assert.match(stderr, /could not load the shared config file/, what);
      assert.match(stderr, /\n {2}caused by: EACCES: permission denied/, what);
      if (output === "json") {
        const result = lastLine(stdout);
        assert.equal(result.outcome, "error", what);
        assert.equal(result.exitCode, 4, what);
      }
    }
  }
});

Deno.test("runCli() prints the cause chain of an engine error with -v only", async () => {
  const world = await aSimulatedWorld();
  world.hooks.push(failing({
    describeService: new EcsApiError("AccessDeniedException", "not authorized", {
      cause: new Error("HTTP 403 from ecs.us-east-1.amazonaws.com"),
    }),
  }));
  const argv = ["-c", "demo", "-n", "api", "-i", `${DEMO_IMAGE}:2`];
  const quiet = await runCliForTest(argv, { ecs: world.ecs, clock: world.clock });
  assert.equal(quiet.exitCode, 4);
  assert.match(quiet.stderr, /AccessDeniedException: not authorized/);
  assert.doesNotMatch(quiet.stderr, /caused by/);
  const verbose = await runCliForTest([...argv, "-v"], { ecs: world.ecs, clock: world.clock });
  assert.equal(verbose.exitCode, 4);
  assert.match(verbose.stderr, /\n {2}caused by: HTTP 403 from ecs\.us-east-1\.amazonaws\.com\n/);
  const json = await runCliForTest([...argv, "-v", "--output", "json"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.doesNotMatch(json.stdout, /caused by|HTTP 403/, "the JSON result has the reason only");
});

Deno.test("runCli() maps every command's outcome through exitCodeFor, cancellation by signal", async () => {
  for (const [reason, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const world = await aSimulatedWorld();
    const controller = new AbortController();
    controller.abort(reason);
    const run = await runCliForTest(["wait", "-c", "demo", "-n", "api"], {
      ecs: world.ecs,
      clock: world.clock,
      signal: controller.signal,
    });
    await startDeployment(world, await registerRevision(world, "repo/api:slow"));
    const busy = await runCliForTest(["wait", "-c", "demo", "-n", "api", "--output", "json"], {
      ecs: world.ecs,
      clock: world.clock,
      signal: controller.signal,
    });
    assert.equal(run.exitCode, code, "interrupted before it began: no call starts");
    assert.equal(busy.exitCode, code, busy.stderr);
    assert.equal(busy.exitCode, exitCodeFor("cancelled", reason));
    assert.equal(lastLine(busy.stdout).exitCode, code);
  }
});
