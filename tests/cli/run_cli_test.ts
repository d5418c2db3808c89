import assert from "node:assert/strict";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { VERSION } from "../../src/version.ts";

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
