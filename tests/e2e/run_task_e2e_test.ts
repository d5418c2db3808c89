/**
 * End to end: `ecs-deploy run` and `deploy --run-before` as child processes against the
 * emulator, with the real ECS and CloudWatch Logs SDKs over loopback: exit codes, the JSON
 * result, the log lines on stderr and the requests the emulator received.
 */
import assert from "node:assert/strict";
import { type CliExit, explain, resultLine, runCliProcess } from "../support/spawn_cli.ts";
import {
  cliConnection,
  cliTarget,
  type E2eWorld,
  inWorld,
  operationsOf,
  REPO,
} from "./e2e_world.ts";

/** `run` flags for a world: its cluster, family and service network, JSON output. */
function runArgs(world: E2eWorld, ...extra: string[]): string[] {
  return [
    "run",
    "-c",
    world.cluster,
    "-d",
    world.service,
    "--network-from-service",
    world.service,
    ...cliConnection(world),
    ...extra,
  ];
}

Deno.test("ecs-deploy run end to end", async (t) => {
  const scenarios: Record<string, Promise<{ exit: CliExit; ops: string[] }>> = {
    success: inWorldResult(
      "run-ok",
      (world) => runCliProcess(runArgs(world, "--command", "bin/migrate up", "--env", "STEP=1")),
    ),
    exit3: inWorldResult(
      "run-exit",
      (world) => runCliProcess(runArgs(world, "--command", "bin/migrate exit-3")),
    ),
    timeout: inWorldResult(
      "run-timeout",
      (world) => runCliProcess(runArgs(world, "--command", "sleep-600", "-t", "3")),
    ),
    gateFails: inWorldResult("gate-fail", (world) =>
      runCliProcess(
        cliTarget(world, "-i", `${REPO}:1.28`, "-t", "30", "--run-before", "migrate exit-2"),
      )),
    gatePasses: inWorldResult("gate-pass", (world) =>
      runCliProcess(
        cliTarget(world, "-i", `${REPO}:1.28`, "-t", "30", "--run-before", "migrate up"),
      )),
  };

  await t.step("a task that exits 0 succeeds (exit 0), its log lines on stderr", async () => {
    const { exit, ops } = await scenarios.success!;
    assert.equal(exit.code, 0, explain(exit));
    const result = resultLine(exit);
    assert.equal(result.outcome, "succeeded");
    assert.equal((result.task as { exitCode: number }).exitCode, 0);
    assert.match(exit.stderr, /web \| bin\/migrate up/);
    assert.match(exit.stderr, /web \| container web exited with code 0/);
    assert.ok(ops.includes("GetLogEvents"), ops.join(" "));
    assert.equal(ops.filter((op) => op === "RunTask").length, 1);
    assert.ok(!ops.includes("UpdateService"));
  });

  await t.step("a task that exits 3 fails (exit 1) with its exit code and last lines", async () => {
    const { exit } = await scenarios.exit3!;
    assert.equal(exit.code, 1, explain(exit));
    const result = resultLine(exit);
    assert.equal(result.outcome, "failed");
    const task = result.task as { exitCode: number; stopCode: string; logTail: string[] };
    assert.equal(task.exitCode, 3);
    assert.equal(task.stopCode, "EssentialContainerExited");
    assert.equal(task.logTail.at(-1), "container web exited with code 3");
    assert.match(exit.stderr, /Last log lines:/);
  });

  await t.step("a task still running at the deadline is stopped (exit 3)", async () => {
    const { exit, ops } = await scenarios.timeout!;
    assert.equal(exit.code, 3, explain(exit));
    assert.equal(resultLine(exit).outcome, "timed_out");
    assert.equal(ops.filter((op) => op === "StopTask").length, 1);
  });

  await t.step("--run-before that fails leaves the service untouched (exit 1)", async () => {
    const { exit, ops } = await scenarios.gateFails!;
    assert.equal(exit.code, 1, explain(exit));
    const result = resultLine(exit);
    assert.match(
      String(result.reason),
      /the service was not changed; the new revision \S+ stays registered/,
    );
    assert.equal((result.runBefore as unknown[]).length, 1);
    assert.ok(ops.includes("RegisterTaskDefinition"));
    assert.ok(!ops.includes("UpdateService"), ops.join(" "));
  });

  await t.step("--run-before that succeeds runs before UpdateService, then deploys", async () => {
    const { exit, ops } = await scenarios.gatePasses!;
    assert.equal(exit.code, 0, explain(exit));
    assert.ok(ops.indexOf("RunTask") < ops.indexOf("UpdateService"), ops.join(" "));
    assert.ok(ops.indexOf("RunTask") > ops.indexOf("RegisterTaskDefinition"));
  });
});

/** Runs `body` in its own world; the exit and the operations the proxy saw. */
async function inWorldResult(
  cluster: string,
  body: (world: E2eWorld) => Promise<CliExit>,
): Promise<{ exit: CliExit; ops: string[] }> {
  let out: { exit: CliExit; ops: string[] } | undefined;
  await inWorld(cluster, {}, async (world) => {
    const exit = await body(world);
    out = { exit, ops: operationsOf(world) };
  });
  return out!;
}
