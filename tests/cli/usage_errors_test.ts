import assert from "node:assert/strict";
import { runCliForTest } from "../support/run_cli_for_test.ts";

Deno.test("runCli() suggests the closest command for a typo, exit 2, no AWS call", async () => {
  const run = await runCliForTest(["stauts", "-c", "prod", "-n", "api"]);
  assert.equal(run.exitCode, 2, run.stderr);
  assert.equal(
    run.stderr.split("\n")[0],
    'error: unknown command "stauts"; did you mean "status"?',
  );
  assert.match(run.stderr, /run with --help for usage/);
  assert.deepEqual(run.connections, []);
  const json = await runCliForTest(["rollbak", "-c", "prod", "-n", "api", "--output", "json"]);
  assert.equal(json.exitCode, 2);
  const result = JSON.parse(json.stdout.trimEnd().split("\n").at(-1)!);
  assert.equal(result.outcome, "invalid");
  assert.equal(result.reason, 'unknown command "rollbak"; did you mean "rollback"?');
});

Deno.test("runCli() names the commands for a word that is none of them", async () => {
  const run = await runCliForTest(["frobnicate"]);
  assert.equal(run.exitCode, 2, run.stderr);
  assert.match(
    run.stderr,
    /^error: unknown command "frobnicate"; the commands are deploy, rollback, status, wait, /,
  );
});

Deno.test("runCli() with no arguments prints the usage on stderr and exits 2", async () => {
  const run = await runCliForTest([]);
  assert.equal(run.exitCode, 2, run.stderr);
  assert.match(run.stderr, /^Usage: ecs-deploy \[options\] \[command\]/);
  assert.match(run.stderr, /Exit codes: 0 succeeded/);
  assert.equal(run.stdout, "", "stdout stays for results");
  assert.deepEqual(run.connections, []);
});

Deno.test("runCli() still runs deploy by default when the first argument is a flag", async () => {
  const run = await runCliForTest(["-c", "prod", "-i", "a:1"]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /-n, --service-name/);
  assert.doesNotMatch(run.stderr, /unknown command/);
});
