/**
 * Smoke test of `deno task bench`: the quick run finishes, every deploy in it succeeds, and the
 * raw numbers have the promised shape and sane values. No assertion on how fast anything is.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { BenchReport } from "../../scripts/bench/bench_report.ts";
import type { Summary } from "../../scripts/bench/stats.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function assertSummary(summary: Summary, count: number, name: string): void {
  assert.equal(summary.count, count, `${name}: count`);
  for (const key of ["min", "median", "p90", "p99", "max", "mean"] as const) {
    assert.ok(Number.isFinite(summary[key]), `${name}.${key} is ${summary[key]}`);
  }
  assert.ok(summary.min <= summary.median && summary.median <= summary.max, name);
}

Deno.test("bench --quick --json measures every deploy and prints sane raw numbers", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/bench.ts", "--quick", "--json"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  const output = await child.output();
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  const report: BenchReport = JSON.parse(new TextDecoder().decode(output.stdout));

  assert.equal(report.mode, "quick");
  assert.equal(report.machine.cores, navigator.hardwareConcurrency);
  assert.equal(report.machine.deno, Deno.version.deno);

  assert.equal(report.coldStart.runs, 3);
  assertSummary(report.coldStart.wallMs, 3, "coldStart");
  assert.ok(report.coldStart.wallMs.min > 0);

  const seq = report.sequential;
  assert.equal(seq.deploys, 3);
  assert.deepEqual(seq.outcomes, { succeeded: 3 });
  assertSummary(seq.detectionLatencyMs, 3, "detectionLatencyMs");
  // The CLI may only report success after the simulated ECS completed the deployment.
  assert.ok(
    seq.detectionLatencyMs.min >= 0,
    `exit before completion: ${seq.detectionLatencyMs.min}`,
  );
  assert.deepEqual(seq.callsPerDeploy.RegisterTaskDefinition, { mean: 1, min: 1, max: 1 });
  assert.deepEqual(seq.callsPerDeploy.UpdateService, { mean: 1, min: 1, max: 1 });
  assert.deepEqual(seq.callsPerDeploy.DescribeTaskDefinition, { mean: 1, min: 1, max: 1 });
  assert.ok(seq.callsPerDeploy.DescribeServices!.min >= 2);
  // Polls are at least the near rate (250 ms) apart; a little slack for when requests arrive.
  assert.ok(seq.minDescribeGapMs >= 200, `DescribeServices ${seq.minDescribeGapMs} ms apart`);
  if (report.rssMethod !== "none") {
    assertSummary(seq.peakRssKb, 3, "peakRssKb");
    assert.ok(seq.peakRssKb.min > 10 * 1024 && seq.peakRssKb.max < 2 * 1024 * 1024);
  }

  const slow = report.slow;
  assert.equal(slow.outcome, "succeeded");
  assert.equal(slow.describeGapsMs.length, slow.describeServices - 1);
  assert.ok(slow.minGapMs >= 200);
  // Nothing changes for longer than the watch's patience, so it polls less often: some gap is
  // past 1.4 times the shortest poll delay (1 s). Compared with the delay the tool sleeps rather
  // than the shortest gap measured, which a loaded host stretches.
  assert.ok(slow.maxGapMs >= 1_400, `gaps ${slow.describeGapsMs.join(", ")}`);
  assert.ok(slow.waitingMs >= slow.slowStartMs);

  const bg = report.blueGreen;
  assert.equal(bg.deploys, 3);
  assert.deepEqual(bg.outcomes, { succeeded: 3 });
  assertSummary(bg.detectionLatencyMs, 3, "blueGreen detectionLatencyMs");
  // Never a success before ECS says SUCCESSFUL, and the wait lasts at least the bake.
  assert.ok(bg.detectionLatencyMs.min >= 0, `exit before SUCCESSFUL: ${bg.detectionLatencyMs.min}`);
  assert.ok(bg.wallMs.min >= bg.bakeMinutes * 60_000);
  assertSummary(bg.readsPerMinuteOfWaiting, 3, "blueGreen readsPerMinuteOfWaiting");
  assertSummary(bg.readsPerMinuteWhileBaking, 3, "blueGreen readsPerMinuteWhileBaking");

  const virtual = report.blueGreenVirtual;
  assert.deepEqual(virtual.outcomes, { succeeded: 3 });
  assertSummary(virtual.detectionLatencyMs, 3, "blueGreenVirtual detectionLatencyMs");
  assert.ok(virtual.detectionLatencyMs.min >= 0);
  assertSummary(virtual.callsPerMinuteWhileBaking, 3, "callsPerMinuteWhileBaking");
  assertSummary(virtual.callsPerMinuteOfWaiting, 3, "callsPerMinuteOfWaiting");

  const cd = report.codeDeploy;
  assert.equal(cd.deploys, 2);
  assert.deepEqual(cd.outcomes, { succeeded: 2 });
  assertSummary(cd.detectionLatencyMs, 2, "codeDeploy detectionLatencyMs");
  // Never a success before CodeDeploy says Succeeded.
  assert.ok(cd.detectionLatencyMs.min >= 0, `exit before Succeeded: ${cd.detectionLatencyMs.min}`);
  assertSummary(cd.callsPerMinuteOfWaiting, 2, "codeDeploy callsPerMinuteOfWaiting");

  const fleet = report.concurrent;
  assert.equal(fleet.services, 10);
  assert.deepEqual(fleet.outcomes, { succeeded: 10 });
  assertSummary(fleet.deployWallMs, 10, "deployWallMs");
  assertSummary(fleet.detectionLatencyMs, 10, "fleet detectionLatencyMs");
  assert.ok(fleet.detectionLatencyMs.min >= 0);
  // Each of the 10 deploys makes at least the 5 calls of a minimal deploy.
  assert.ok(fleet.emulatorCalls >= 50, `${fleet.emulatorCalls} calls`);
  assertSummary(fleet.emulatorResponseMs, fleet.emulatorCalls, "emulatorResponseMs");
  assert.ok(fleet.wallMs >= fleet.deployWallMs.max - 1);

  const group = report.group;
  assert.equal(group.services, 5);
  assert.equal(group.outcome, "succeeded");
  assert.deepEqual(group.outcomes, { succeeded: 5 });
  assert.equal(group.registerCalls, 5, "one family each");
  assert.equal(group.updateCalls, 5);
  // One run waits for every rollout: never shorter than the slowest of them.
  assert.ok(group.slowestRolloutMs > 0 && group.overheadMs >= 0, JSON.stringify(group));
  if (report.rssMethod !== "none") assert.ok((group.peakRssKb ?? 0) > 10 * 1024);

  assert.ok(report.totalMs >= fleet.wallMs);

  const oneOff = report.oneOff!;
  assert.equal(oneOff.runs, 2);
  assert.deepEqual(oneOff.outcomes, { succeeded: 2 });
  assertSummary(oneOff.detectionLatencyMs, 2, "oneOff.detectionLatencyMs");
  assert.ok(oneOff.detectionLatencyMs.min >= 0, "the CLI exits after the task stopped");
  assert.equal(oneOff.callsPerRun.RunTask, 1);
});
