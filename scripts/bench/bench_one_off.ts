/**
 * The one-off task row of `deno task bench`: `ecs-deploy run` (a child process) runs tasks
 * that exit after a random time on their own emulator; the latency is the CLI's exit minus the
 * moment the simulated ECS reported the task STOPPED, and the calls are those the emulator
 * answered for the run.
 *
 * @module
 */
import { spawnCli } from "../../tests/support/spawn_cli.ts";
import { startBenchEmulator } from "./bench_emulator.ts";
import { countBy, summarize, type Summary } from "./stats.ts";

/** What the row reports. */
export interface OneOffReport {
  runs: number;
  outcomes: Record<string, number>;
  /** CLI exit minus the task's `stoppedAt`. */
  detectionLatencyMs: Summary;
  /** Task run times (its command's `sleep-N`), to put the calls in proportion. */
  taskSeconds: Summary;
  /** Calls per run by operation: mean. */
  callsPerRun: Record<string, number>;
}

/** Runs `count` one-off tasks one after another. */
export async function measureOneOff(count: number): Promise<OneOffReport> {
  const latencies: number[] = [];
  const seconds: number[] = [];
  const outcomes: string[] = [];
  const calls: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const bench = await startBenchEmulator();
    try {
      await bench.seed("bench-run", ["api"]);
      const before = bench.emulator.calls.length;
      // A random run time, so the task stops at a random moment between two looks.
      const sleep = 2 + Math.random();
      seconds.push(sleep * 1000);
      const exit = await spawnCli([
        "run",
        "-c",
        "bench-run",
        "-d",
        "api",
        "--network-from-service",
        "api",
        "--command",
        `migrate sleep-${sleep.toFixed(3)}`,
        "--endpoint-url",
        bench.emulator.url,
        "-r",
        "us-east-1",
        "--output",
        "json",
        "-t",
        "60",
      ], { timeoutMs: 90_000 }).exited;
      const result = JSON.parse(exit.stdout.trimEnd().split("\n").at(-1) ?? "{}");
      outcomes.push(String(result.outcome));
      const arn = result.task?.taskArn;
      if (arn) {
        const { tasks } = await bench.emulator.sim.call("DescribeTasks", {
          cluster: "bench-run",
          tasks: [arn],
        });
        const stoppedAt = (tasks as { stoppedAt?: Date }[])[0]?.stoppedAt;
        if (stoppedAt) latencies.push(exit.endedAt - stoppedAt.getTime());
      }
      for (const call of bench.emulator.calls.slice(before)) {
        calls[call.operation] = (calls[call.operation] ?? 0) + 1 / count;
      }
    } finally {
      await bench.shutdown();
    }
  }
  return {
    runs: count,
    outcomes: countBy(outcomes),
    detectionLatencyMs: summarize(latencies),
    taskSeconds: summarize(seconds),
    callsPerRun: calls,
  };
}

/** The row of the summary table. */
export function oneOffRow(report: OneOffReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const calls = Object.entries(report.callsPerRun)
    .map(([operation, n]) => `${operation} ${n.toFixed(1)}`).join(", ");
  const outcomes = Object.entries(report.outcomes).map(([o, n]) => `${n} ${o}`).join(", ");
  return `| one-off task exit detection: CLI exit minus ECS reporting STOPPED (${report.runs} ` +
    `\`run\`s of a ${s(report.taskSeconds.min)}-${s(report.taskSeconds.max)} task) ` +
    `| median ${s(report.detectionLatencyMs.median)}, max ${s(report.detectionLatencyMs.max)} ` +
    `(${outcomes}); calls per run: ${calls} | < 1 s |`;
}
