// deno-lint-ignore-file no-console
/**
 * `deno task bench`: deploys with the real CLI (`deno run -A main.ts`, child processes) against
 * the emulator in this process on 127.0.0.1, and prints a markdown table: detection latency,
 * API calls per deploy and per minute of waiting (and of baking, also on virtual time), the back-off on a slow rollout, peak RSS,
 * cold start of `--help`, and many services deployed at once by as many CLI processes.
 *
 * Options: `--quick` (a short run for smoke tests), `--json` (the raw numbers instead).
 * Progress goes to stderr.
 *
 * @module
 */
import { spawnCli } from "../tests/support/spawn_cli.ts";
import {
  BENCH_REPOSITORY,
  type BenchEmulator,
  startBenchEmulator,
} from "./bench/bench_emulator.ts";
import { benchDeploy, type DeployRecord, waitingReads } from "./bench/bench_deploy.ts";
import { type BenchReport, type PerDeploy, renderMarkdown } from "./bench/bench_report.ts";
import { describeMachine } from "./bench/describe_machine.ts";
import { measureCodeDeploy } from "./bench/bench_codedeploy.ts";
import { measureOneOff } from "./bench/bench_one_off.ts";
import { detectRssMethod, type RssMethod } from "./bench/measure_cli.ts";
import { countBy, summarize } from "./bench/stats.ts";
import { measureGroup } from "./bench/bench_group.ts";
import { type BakeWindow, perMinuteWithin, watchBake } from "./bench/bake_window.ts";
import { virtualBlueGreenDeploy } from "./bench/bench_virtual.ts";
import { defaultPollSettings } from "../src/deploy/watch/poll_schedule.ts";
import { defaultTimings } from "../src/simulator/timings.ts";

/** How much a run does. */
interface BenchSizes {
  helpRuns: number;
  deploys: number;
  slowStartMs: number;
  fleet: number;
  blueGreen: number;
  codeDeploy: number;
  /** Services deployed by one CLI run. */
  group: number;
  oneOff: number;
}

const FULL: BenchSizes = {
  helpRuns: 10,
  deploys: 10,
  slowStartMs: 30_000,
  fleet: 50,
  blueGreen: 10,
  codeDeploy: 5,
  group: 20,
  oneOff: 5,
};
const QUICK: BenchSizes = {
  helpRuns: 3,
  deploys: 3,
  slowStartMs: 15_000,
  fleet: 10,
  blueGreen: 3,
  codeDeploy: 2,
  group: 5,
  oneOff: 2,
};

/** The blue/green deploys' bake, in ECS minutes on the wall clock (no time scale: see below). */
const BAKE_MINUTES = 1;
/** The bake of the blue/green deploys on virtual time, where minutes cost nothing. */
const VIRTUAL_BAKE_MINUTES = 10;

const progress = (text: string) => console.error(`bench: ${text}`);

async function measureColdStart(runs: number): Promise<BenchReport["coldStart"]> {
  const run = async () => {
    const exit = await spawnCli(["--help"], { timeoutMs: 30_000 }).exited;
    if (exit.code !== 0) throw new Error(`--help exited ${exit.code}:\n${exit.stderr}`);
    return exit.endedAt - exit.startedAt;
  };
  await run(); // Not counted: fills deno's module cache after a code change.
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await run());
  return { runs, wallMs: summarize(samples) };
}

/**
 * Deploys one after another, each to its own emulator. The simulated rollout is deterministic
 * from UpdateService on, and so is the CLI's poll schedule, so with one set of timings every
 * deploy would complete at the same point between two polls. Each emulator therefore waits a
 * random extra time, up to one usual poll interval, before calling its rollout complete
 * (`stabilizationMs`), as the moments real deployments complete are.
 */
async function measureSequential(
  count: number,
  rss: RssMethod,
): Promise<{ report: BenchReport["sequential"]; records: DeployRecord[] }> {
  const interval = defaultPollSettings.minIntervalMs;
  const benches = await Promise.all(
    Array.from({ length: count }, () =>
      startBenchEmulator({
        stabilizationMs: defaultTimings.stabilizationMs + Math.round(Math.random() * interval),
      })),
  );
  try {
    await Promise.all(benches.map((bench) => bench.seed("bench", ["api"])));
    const records: DeployRecord[] = [];
    for (const [i, bench] of benches.entries()) {
      const record = await benchDeploy(bench, {
        cluster: "bench",
        service: "api",
        image: `${BENCH_REPOSITORY}:bench-${i + 1}`,
        rss,
        timeoutSeconds: 120,
      });
      progress(
        `deploy ${i + 1}/${count}: ${record.outcome} in ${record.wallMs} ms, detected after ` +
          `${record.detectionLatencyMs} ms`,
      );
      records.push(record);
    }
    const reads = records.map(waitingReads);
    return {
      records,
      report: {
        deploys: count,
        outcomes: countBy(records.map((r) => r.outcome)),
        detectionLatencyMs: summarize(numbers(records.map((r) => r.detectionLatencyMs))),
        wallMs: summarize(records.map((r) => r.wallMs)),
        callsPerDeploy: callsPerDeploy(records),
        readsPerMinuteOfWaiting: summarize(reads.map((r) => r.readsPerMinute)),
        minDescribeGapMs: Math.min(...reads.flatMap((r) => r.describeGapsMs)),
        peakRssKb: summarize(numbers(records.map((r) => r.peakRssKb))),
      },
    };
  } finally {
    await Promise.all(benches.map((bench) => bench.shutdown()));
  }
}

/**
 * Blue/green deploys with a real bake (BAKE_MINUTES), all at once, each to its own emulator
 * (they mostly sleep). ECS time runs at wall speed: with `--time-scale` a bake would end long
 * before the minutes the CLI reads in the service's configuration, which no real ECS does. The
 * stages before the bake take a random time each (`lifecycleStageMs`), so the bake, and with it
 * SUCCESSFUL, ends at a random moment between two polls.
 */
async function measureBlueGreen(count: number): Promise<BenchReport["blueGreen"]> {
  const interval = defaultPollSettings.minIntervalMs;
  const benches = await Promise.all(
    Array.from({ length: count }, () =>
      startBenchEmulator({
        lifecycleStageMs: defaultTimings.lifecycleStageMs + Math.round(Math.random() * interval),
      })),
  );
  try {
    await Promise.all(
      benches.map((bench) =>
        bench.seed("bench-bg", ["api"], { strategy: "BLUE_GREEN", bakeTimeInMinutes: BAKE_MINUTES })
      ),
    );
    const bakes: (BakeWindow | undefined)[] = [];
    const records = await Promise.all(benches.map(async (bench, i) => {
      const bake = watchBake(bench.emulator, "bench-bg", "api");
      const record = await benchDeploy(bench, {
        cluster: "bench-bg",
        service: "api",
        image: `${BENCH_REPOSITORY}:bg-${i + 1}`,
        rss: "none",
        timeoutSeconds: 60 * BAKE_MINUTES + 120,
      });
      bakes[i] = await bake.stop();
      return record;
    }));
    const reads = records.map(waitingReads);
    const whileBaking = records.flatMap((record, i) =>
      bakes[i] ? [perMinuteWithin(record.calls, bakes[i]!)] : []
    );
    progress(`blue/green: ${JSON.stringify(countBy(records.map((r) => r.outcome)))}`);
    return {
      deploys: count,
      bakeMinutes: BAKE_MINUTES,
      outcomes: countBy(records.map((r) => r.outcome)),
      detectionLatencyMs: summarize(numbers(records.map((r) => r.detectionLatencyMs))),
      wallMs: summarize(records.map((r) => r.wallMs)),
      readsPerMinuteOfWaiting: summarize(reads.map((r) => r.readsPerMinute)),
      describeServicesPerMinute: summarize(
        reads.map((r) => (r.describeServices / r.waitingMs) * 60_000),
      ),
      readsPerMinuteWhileBaking: summarize(whileBaking),
    };
  } finally {
    await Promise.all(benches.map((bench) => bench.shutdown()));
  }
}

/** Blue/green deploys with a VIRTUAL_BAKE_MINUTES bake on virtual time (see bench_virtual.ts). */
async function measureBlueGreenVirtual(count: number): Promise<BenchReport["blueGreenVirtual"]> {
  const deploys = [];
  for (let i = 0; i < count; i++) deploys.push(await virtualBlueGreenDeploy(VIRTUAL_BAKE_MINUTES));
  progress(`virtual blue/green: ${JSON.stringify(countBy(deploys.map((d) => d.outcome)))}`);
  return {
    deploys: count,
    bakeMinutes: VIRTUAL_BAKE_MINUTES,
    outcomes: countBy(deploys.map((d) => d.outcome)),
    detectionLatencyMs: summarize(numbers(deploys.map((d) => d.detectionLatencyMs))),
    callsPerMinuteWhileBaking: summarize(deploys.map((d) => d.callsPerMinuteWhileBaking)),
    callsPerMinuteOfWaiting: summarize(deploys.map((d) => d.callsPerMinuteOfWaiting)),
  };
}

async function measureSlow(slowStartMs: number, rss: RssMethod): Promise<BenchReport["slow"]> {
  const bench = await startBenchEmulator({ slowStartMs });
  try {
    await bench.seed("bench-slow", ["api"]);
    const record = await benchDeploy(bench, {
      cluster: "bench-slow",
      service: "api",
      image: `${BENCH_REPOSITORY}:slow`,
      rss,
      timeoutSeconds: 120,
    });
    const reads = waitingReads(record);
    progress(`slow deploy: ${record.outcome} in ${record.wallMs} ms`);
    return {
      slowStartMs,
      outcome: record.outcome,
      wallMs: record.wallMs,
      waitingMs: reads.waitingMs,
      describeServices: reads.describeServices,
      reads: reads.reads,
      readsPerMinute: reads.readsPerMinute,
      describeGapsMs: reads.describeGapsMs,
      minGapMs: Math.min(...reads.describeGapsMs),
      maxGapMs: Math.max(...reads.describeGapsMs),
    };
  } finally {
    await bench.shutdown();
  }
}

async function measureFleet(size: number): Promise<BenchReport["concurrent"]> {
  const bench: BenchEmulator = await startBenchEmulator();
  try {
    const services = Array.from(
      { length: size },
      (_, i) => `svc-${String(i + 1).padStart(2, "0")}`,
    );
    await bench.seed("fleet", services);
    progress(`${size} services steady; deploying all at once`);
    const firstCall = bench.emulator.calls.length;
    const started = Date.now();
    const records = await Promise.all(services.map((service) =>
      benchDeploy(bench, {
        cluster: "fleet",
        service,
        image: `${BENCH_REPOSITORY}:fleet-1`,
        rss: "none",
        timeoutSeconds: 240,
      })
    ));
    const wallMs = Math.max(...records.map((r) => r.endedAt)) - started;
    const calls = bench.emulator.calls.slice(firstCall);
    progress(`fleet: ${JSON.stringify(countBy(records.map((r) => r.outcome)))} in ${wallMs} ms`);
    return {
      services: size,
      outcomes: countBy(records.map((r) => r.outcome)),
      wallMs,
      deployWallMs: summarize(records.map((r) => r.wallMs)),
      detectionLatencyMs: summarize(numbers(records.map((r) => r.detectionLatencyMs))),
      emulatorCalls: calls.length,
      callsPerSecond: (calls.length / wallMs) * 1000,
      emulatorResponseMs: summarize(calls.map((call) => call.durationMs)),
    };
  } finally {
    await bench.shutdown();
  }
}

function callsPerDeploy(records: DeployRecord[]): Record<string, PerDeploy> {
  const operations = [...new Set(records.flatMap((r) => r.calls.map((c) => c.operation)))].sort();
  const table: Record<string, PerDeploy> = {};
  for (const operation of operations) {
    const counts = records.map((r) => r.calls.filter((c) => c.operation === operation).length);
    table[operation] = {
      mean: counts.reduce((a, b) => a + b, 0) / counts.length,
      min: Math.min(...counts),
      max: Math.max(...counts),
    };
  }
  return table;
}

function numbers(values: (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

/** Runs the benchmark; `args` are `--quick` and `--json`. */
export async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => !["--quick", "--json"].includes(arg));
  if (unknown.length > 0) {
    console.error(`error: Unknown option "${unknown[0]}": use --quick and/or --json`);
    return 2;
  }
  const quick = args.includes("--quick");
  const sizes = quick ? QUICK : FULL;
  const started = Date.now();
  const machine = describeMachine();
  const rssMethod = await detectRssMethod();
  progress(`${quick ? "quick" : "full"} run on ${machine.cpu}, ${machine.cores} cores`);

  progress(`cold start: ${sizes.helpRuns} runs of --help`);
  const coldStart = await measureColdStart(sizes.helpRuns);
  progress(`${sizes.deploys} sequential deploys, and one slow deploy alongside`);
  progress(`${sizes.blueGreen} blue/green deploys with a ${BAKE_MINUTES}-minute bake alongside`);
  // The slow and blue/green deploys mostly sleep between polls, so they run alongside, each on
  // its own emulator.
  progress(`${sizes.codeDeploy} CodeDeploy deploys alongside`);
  const [sequential, slow, blueGreen, codeDeploy] = await Promise.all([
    measureSequential(sizes.deploys, rssMethod),
    measureSlow(sizes.slowStartMs, rssMethod),
    measureBlueGreen(sizes.blueGreen),
    measureCodeDeploy(sizes.codeDeploy),
  ]);
  const concurrent = await measureFleet(sizes.fleet);
  progress(
    `${sizes.blueGreen} blue/green deploys with a ${VIRTUAL_BAKE_MINUTES}-minute bake on virtual time`,
  );
  const blueGreenVirtual = await measureBlueGreenVirtual(sizes.blueGreen);
  progress(`${sizes.group} services in one run of the CLI`);
  const group = await measureGroup(sizes.group, rssMethod);
  progress(
    `group: ${group.outcome} in ${group.wallMs} ms (slowest rollout ${group.slowestRolloutMs} ms)`,
  );
  progress(`${sizes.oneOff} one-off tasks (ecs-deploy run)`);
  const oneOff = await measureOneOff(sizes.oneOff);

  const report: BenchReport = {
    mode: quick ? "quick" : "full",
    machine,
    rssMethod,
    coldStart,
    sequential: sequential.report,
    slow,
    blueGreen,
    codeDeploy,
    blueGreenVirtual,
    concurrent,
    group,
    oneOff,
    totalMs: Date.now() - started,
  };
  console.log(args.includes("--json") ? JSON.stringify(report, null, 2) : renderMarkdown(report));
  const allSucceeded = sequential.records.every((r) => r.outcome === "succeeded") &&
    slow.outcome === "succeeded" && concurrent.outcomes.succeeded === sizes.fleet &&
    blueGreen.outcomes.succeeded === sizes.blueGreen &&
    codeDeploy.outcomes.succeeded === sizes.codeDeploy &&
    blueGreenVirtual.outcomes.succeeded === sizes.blueGreen &&
    oneOff.outcomes.succeeded === sizes.oneOff && group.outcome === "succeeded";
  return allSucceeded ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
