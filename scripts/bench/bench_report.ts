/**
 * The benchmark's numbers as one value (printed raw with `--json`) and as the markdown tables
 * README's performance section shows.
 *
 * @module
 */
import type { Machine } from "./describe_machine.ts";
import type { RssMethod } from "./measure_cli.ts";
import type { Summary } from "./stats.ts";
import type { CodeDeployBench } from "./bench_codedeploy.ts";
import type { GroupBench } from "./bench_group.ts";
import { type OneOffReport, oneOffRow } from "./bench_one_off.ts";

/** The fewest, mean and most calls of one operation per deploy. */
export interface PerDeploy {
  mean: number;
  min: number;
  max: number;
}

/** Everything one benchmark run measured. */
export interface BenchReport {
  mode: "quick" | "full";
  machine: Machine;
  rssMethod: RssMethod;
  coldStart: { runs: number; wallMs: Summary };
  sequential: {
    deploys: number;
    outcomes: Record<string, number>;
    detectionLatencyMs: Summary;
    wallMs: Summary;
    callsPerDeploy: Record<string, PerDeploy>;
    readsPerMinuteOfWaiting: Summary;
    /** The shortest time between two DescribeServices of one deploy. */
    minDescribeGapMs: number;
    peakRssKb: Summary;
  };
  slow: {
    slowStartMs: number;
    outcome: string;
    wallMs: number;
    waitingMs: number;
    describeServices: number;
    reads: number;
    readsPerMinute: number;
    describeGapsMs: number[];
    minGapMs: number;
    maxGapMs: number;
  };
  blueGreen: {
    deploys: number;
    bakeMinutes: number;
    outcomes: Record<string, number>;
    /** CLI exit minus the moment the ServiceDeployment became SUCCESSFUL. */
    detectionLatencyMs: Summary;
    wallMs: Summary;
    /** DescribeServices and DescribeServiceDeployments per minute after UpdateService. */
    readsPerMinuteOfWaiting: Summary;
    describeServicesPerMinute: Summary;
    /** The same reads per minute while the simulated ECS showed the deployment in BAKE_TIME. */
    readsPerMinuteWhileBaking: Summary;
  };
  /** Blue/green deploys with a long bake on virtual time (the engine on a fake clock). */
  blueGreenVirtual: {
    deploys: number;
    bakeMinutes: number;
    outcomes: Record<string, number>;
    detectionLatencyMs: Summary;
    callsPerMinuteWhileBaking: Summary;
    callsPerMinuteOfWaiting: Summary;
  };
  codeDeploy: CodeDeployBench;
  concurrent: {
    services: number;
    outcomes: Record<string, number>;
    wallMs: number;
    deployWallMs: Summary;
    detectionLatencyMs: Summary;
    emulatorCalls: number;
    callsPerSecond: number;
    emulatorResponseMs: Summary;
  };
  /** Many services deployed by one CLI run. */
  group: GroupBench;
  /** `ecs-deploy run`: one-off task exit detection. */
  oneOff?: OneOffReport;
  totalMs: number;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const outcomes = (counts: Record<string, number>) =>
  Object.entries(counts).map(([outcome, n]) => `${n} ${outcome}`).join(", ");

/** The report as markdown: the machine, one summary table, calls per deploy, the back-off. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, coldStart, sequential: seq, slow, blueGreen: bg, concurrent: fleet } = report;
  const cd = report.codeDeploy;
  const virtual = report.blueGreenVirtual;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
      `${machine.os}, Deno ${machine.deno} (V8 ${machine.v8}). Mode: ${report.mode}; ` +
      `the emulator runs in the benchmark's process with its default timings; for the ` +
      `latency, each deploy's completion is offset by a random time up to one poll interval.`,
    "",
    "| measure | result | target |",
    "| --- | --- | --- |",
    `| detection latency: CLI exit minus ECS completing the deployment (${seq.deploys} deploys) ` +
      `| median ${s(seq.detectionLatencyMs.median)}, p90 ${s(seq.detectionLatencyMs.p90)}, ` +
      `max ${s(seq.detectionLatencyMs.max)} | median < 0.25 s |`,
    `| blue/green detection latency: CLI exit minus SUCCESSFUL (${bg.deploys} deploys, ` +
      `${bg.bakeMinutes}-minute bake) | median ${s(bg.detectionLatencyMs.median)}, ` +
      `p90 ${s(bg.detectionLatencyMs.p90)}, max ${s(bg.detectionLatencyMs.max)} ` +
      `(${outcomes(bg.outcomes)}) | median < 0.25 s |`,
    `| blue/green reads while baking | median ` +
      `${bg.readsPerMinuteWhileBaking.median.toFixed(1)}/min, max ` +
      `${bg.readsPerMinuteWhileBaking.max.toFixed(1)}/min | <= 21.5/min |`,
    `| blue/green reads over the whole wait (stages, bake, clean-up) | median ` +
      `${bg.readsPerMinuteOfWaiting.median.toFixed(1)}/min, of which DescribeServices ` +
      `${bg.describeServicesPerMinute.median.toFixed(1)}/min | <= 21.5/min |`,
    `| CodeDeploy detection latency: CLI exit minus Succeeded (${cd.deploys} deploys, ` +
      `ECSAllAtOnce) | median ${s(cd.detectionLatencyMs.median)}, ` +
      `max ${s(cd.detectionLatencyMs.max)} (${outcomes(cd.outcomes)}) | median < 1 s |`,
    `| CodeDeploy calls while waiting (GetDeployment, targets, DescribeServices) | median ` +
      `${cd.callsPerMinuteOfWaiting.median.toFixed(1)}/min | |`,
    `${bg.describeServicesPerMinute.median.toFixed(1)}/min | |`,
    `| blue/green on virtual time (the engine on a fake clock, ${virtual.deploys} deploys, ` +
      `${virtual.bakeMinutes}-minute bake): exit minus SUCCESSFUL; calls while baking; over the ` +
      `whole wait | median ${s(virtual.detectionLatencyMs.median)}, max ` +
      `${s(virtual.detectionLatencyMs.max)}; ${
        virtual.callsPerMinuteWhileBaking.median.toFixed(1)
      }` +
      `/min; ${virtual.callsPerMinuteOfWaiting.median.toFixed(1)}/min ` +
      `(${outcomes(virtual.outcomes)}) | median < 0.25 s; <= 21.5/min |`,
    `| deploy wall time, healthy 2-task rollout | median ${s(seq.wallMs.median)}, ` +
      `max ${s(seq.wallMs.max)} (${outcomes(seq.outcomes)}) | |`,
    `| reads while waiting | median ${seq.readsPerMinuteOfWaiting.median.toFixed(0)}/min; ` +
      `shortest gap between DescribeServices ${s(seq.minDescribeGapMs)} | 4/s only near the end |`,
    `| back-off while nothing changes (\`slow\` image, ${s(slow.slowStartMs)} start) ` +
      `| ${slow.describeServices} DescribeServices in ${s(slow.waitingMs)} ` +
      `(${slow.readsPerMinute.toFixed(0)} reads/min), gaps ${s(slow.minGapMs)} -> ` +
      `${s(slow.maxGapMs)}; ${slow.outcome} | slows down |`,
    `| peak RSS of the CLI during a deploy (${report.rssMethod}) | median ` +
      `${mib(seq.peakRssKb.median)}, max ${mib(seq.peakRssKb.max)} | |`,
    `| cold start of \`deno run -A main.ts --help\` (${coldStart.runs} runs) ` +
      `| median ${s(coldStart.wallMs.median)}, min ${s(coldStart.wallMs.min)}, ` +
      `max ${s(coldStart.wallMs.max)} | |`,
    `| ${fleet.services} services deployed by ${fleet.services} concurrent CLI processes ` +
      `| ${outcomes(fleet.outcomes)} in ${s(fleet.wallMs)}; per deploy median ` +
      `${s(fleet.deployWallMs.median)}, max ${s(fleet.deployWallMs.max)} | all succeed |`,
    `| emulator under that load | ${fleet.emulatorCalls} calls, ` +
      `${fleet.callsPerSecond.toFixed(0)}/s; response p50 ${fleet.emulatorResponseMs.median} ms, ` +
      `p99 ${fleet.emulatorResponseMs.p99} ms, max ${fleet.emulatorResponseMs.max} ms | keeps up |`,
    `| ${report.group.services} services in one run (\`-n\` x${report.group.services}), ` +
      `wall time vs the slowest rollout | ${report.group.outcome} in ${s(report.group.wallMs)}; ` +
      `slowest rollout ${s(report.group.slowestRolloutMs)}, so ` +
      `${s(report.group.overheadMs)} more | <= slowest rollout + 3 s |`,
    `| peak RSS of that one CLI process (${report.rssMethod}) | ${
      report.group.peakRssKb === null ? "not measured" : mib(report.group.peakRssKb)
    } | < 150 MiB |`,
    ...(report.oneOff ? [oneOffRow(report.oneOff)] : []),
    "",
    "API calls per deploy (healthy rollout, sequential deploys):",
    "",
    "| operation | mean | min | max |",
    "| --- | --- | --- | --- |",
  );
  for (const [operation, n] of Object.entries(seq.callsPerDeploy)) {
    lines.push(`| ${operation} | ${n.mean.toFixed(1)} | ${n.min} | ${n.max} |`);
  }
  lines.push(
    "",
    `Seconds between DescribeServices during the \`slow\` deploy: ${
      runLengths(slow.describeGapsMs)
    }.`,
    "",
    `Total benchmark time: ${s(report.totalMs)}.`,
  );
  return `${lines.join("\n")}\n`;
}

/** Gaps in seconds with one decimal, repeats folded: "1.0 x9, 1.5, 2.3". */
export function runLengths(gapsMs: number[]): string {
  const parts: string[] = [];
  let previous: string | undefined;
  let repeat = 0;
  const flush = () => {
    if (previous !== undefined) parts.push(repeat > 1 ? `${previous} x${repeat}` : previous);
  };
  for (const gap of gapsMs) {
    const value = (gap / 1000).toFixed(1);
    if (value === previous) {
      repeat++;
      continue;
    }
    flush();
    previous = value;
    repeat = 1;
  }
  flush();
  return parts.join(", ") || "none";
}
