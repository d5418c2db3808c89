/**
 * One measured deploy: the CLI as a child process deploying a new image to a seeded service of
 * a benchmark emulator, with its outcome, detection latency, peak memory and the calls the
 * emulator answered while it ran.
 *
 * @module
 */
import { resultLine } from "../../tests/support/spawn_cli.ts";
import type { BenchEmulator } from "./bench_emulator.ts";
import { measureCli, type RssMethod } from "./measure_cli.ts";

/** One emulator call as the benchmark keeps it. */
export interface BenchCall {
  operation: string;
  /** Epoch milliseconds. */
  at: number;
  durationMs: number;
}

/** What one deploy measured. */
export interface DeployRecord {
  service: string;
  image: string;
  /** The CLI's outcome from its JSON result line ("no result" when it printed none). */
  outcome: string;
  exitCode: number;
  wallMs: number;
  /** CLI exit minus the moment the simulated ECS finished our deployment. */
  detectionLatencyMs: number | null;
  /** The simulated ECS's own outcome for our deployment. */
  simOutcome: string | null;
  peakRssKb: number | null;
  startedAt: number;
  endedAt: number;
  /** The emulator's calls while this deploy ran; only meaningful when nothing else ran. */
  calls: BenchCall[];
}

/** Options of {@linkcode benchDeploy}. */
export interface BenchDeployOptions {
  cluster: string;
  service: string;
  image: string;
  rss: RssMethod;
  /** The CLI's `-t`; the child is killed 30 s after it. */
  timeoutSeconds: number;
}

/** Deploys `image` to a seeded service with `--output json` and measures it. */
export async function benchDeploy(
  bench: BenchEmulator,
  options: BenchDeployOptions,
): Promise<DeployRecord> {
  const { emulator } = bench;
  const firstCall = emulator.calls.length;
  const args = [
    "-c",
    options.cluster,
    "-n",
    options.service,
    "-i",
    options.image,
    "--endpoint-url",
    emulator.url,
    "-r",
    "us-east-1",
    "--output",
    "json",
    "-t",
    String(options.timeoutSeconds),
  ];
  const { exit, peakRssKb } = await measureCli(args, {
    rss: options.rss,
    timeoutMs: options.timeoutSeconds * 1000 + 30_000,
  });
  let outcome = "no result";
  let deploymentId: string | null = null;
  try {
    const result = resultLine(exit);
    outcome = String(result.outcome);
    deploymentId = typeof result.deploymentId === "string" ? result.deploymentId : null;
  } catch {
    // Reported as "no result"; the exit code tells the rest.
  }
  const finished = deploymentId === null ? undefined : bench.finished.get(deploymentId);
  return {
    service: options.service,
    image: options.image,
    outcome,
    exitCode: exit.code,
    wallMs: exit.endedAt - exit.startedAt,
    detectionLatencyMs: finished ? exit.endedAt - finished.at : null,
    simOutcome: finished?.outcome ?? null,
    peakRssKb: peakRssKb ?? null,
    startedAt: exit.startedAt,
    endedAt: exit.endedAt,
    calls: emulator.calls.slice(firstCall).map((call) => ({
      operation: call.operation,
      at: call.at.getTime(),
      durationMs: call.durationMs,
    })),
  };
}

/** How a deploy read the service while it waited: from UpdateService's answer to its exit. */
export interface WaitingReads {
  waitingMs: number;
  /** Calls after UpdateService: DescribeServices and the service deployment reads. */
  reads: number;
  describeServices: number;
  readsPerMinute: number;
  /** Milliseconds between consecutive DescribeServices calls, in order. */
  describeGapsMs: number[];
}

/** The reads of one deploy's wait, from its recorded calls. */
export function waitingReads(record: DeployRecord): WaitingReads {
  const update = record.calls.findIndex((call) => call.operation === "UpdateService");
  const after = update < 0 ? [] : record.calls.slice(update + 1);
  const start = update < 0 ? record.endedAt : record.calls[update]!.at;
  const waitingMs = Math.max(1, record.endedAt - start);
  const describes = after.filter((call) => call.operation === "DescribeServices");
  const describeGapsMs = describes.slice(1).map((call, i) => call.at - describes[i]!.at);
  return {
    waitingMs,
    reads: after.length,
    describeServices: describes.length,
    readsPerMinute: (after.length / waitingMs) * 60_000,
    describeGapsMs,
  };
}
