/**
 * CodeDeploy deploys for the benchmark: the CLI as a child process deploying CODE_DEPLOY
 * services of their own emulators (one each, all at once), measured from CodeDeploy's side: how
 * long after CodeDeploy's deployment became Succeeded (its `completeTime`) the CLI exited, and
 * how many calls (CodeDeploy's and ECS's) it made per minute while it waited.
 *
 * @module
 */
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedCodeDeploy } from "../../src/emulator/seed_codedeploy.ts";
import { CODEDEPLOY_TARGET_PREFIX } from "../../src/simulator/codedeploy/simulated_codedeploy.ts";
import { defaultTimings } from "../../src/simulator/timings.ts";
import { resultLine, spawnCli } from "../../tests/support/spawn_cli.ts";
import { countBy, summarize, type Summary } from "./stats.ts";

export interface CodeDeployBench {
  deploys: number;
  outcomes: Record<string, number>;
  /** CLI exit minus CodeDeploy's completeTime of our deployment. */
  detectionLatencyMs: Summary;
  wallMs: Summary;
  /** Calls after CreateDeployment, per minute of waiting. */
  callsPerMinuteOfWaiting: Summary;
}

/**
 * `count` deploys at once. The lifecycle events take a random extra time (up to a poll
 * interval), so Succeeded comes at a random moment between two polls, as it would on AWS.
 */
export async function measureCodeDeploy(count: number): Promise<CodeDeployBench> {
  const runs = await Promise.all(Array.from({ length: count }, () => oneDeploy()));
  return {
    deploys: count,
    outcomes: countBy(runs.map((r) => r.outcome)),
    detectionLatencyMs: summarize(runs.flatMap((r) => r.latencyMs === null ? [] : [r.latencyMs])),
    wallMs: summarize(runs.map((r) => r.wallMs)),
    callsPerMinuteOfWaiting: summarize(runs.map((r) => r.callsPerMinute)),
  };
}

async function oneDeploy() {
  const emulator = await serveEmulator({
    port: 0,
    hostname: "127.0.0.1",
    timings: {
      lifecycleStageMs: defaultTimings.lifecycleStageMs + Math.round(Math.random() * 1000),
    },
  });
  try {
    const backend = emulator.services.find((s) => s.targetPrefix === CODEDEPLOY_TARGET_PREFIX)!
      .backend;
    await seedCodeDeploy(emulator.sim, backend, { cluster: "bench-cd", service: "api" });
    // The first deployment (ECS's, before CodeDeploy) settles: a few seconds of ECS time.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const first = emulator.calls.length;
    const exit = await spawnCli([
      "-c",
      "bench-cd",
      "-n",
      "api",
      "-i",
      "public.ecr.aws/nginx/nginx:cd-1",
      "--endpoint-url",
      emulator.url,
      "-r",
      "us-east-1",
      "--output",
      "json",
      "-t",
      "180",
    ], { timeoutMs: 240_000 }).exited;
    let outcome = "no result";
    let latencyMs: number | null = null;
    try {
      const result = resultLine(exit);
      outcome = String(result.outcome);
      if (typeof result.deploymentId === "string") {
        const out = await backend.call("GetDeployment", { deploymentId: result.deploymentId });
        const completed = (out.deploymentInfo as { completeTime?: Date }).completeTime;
        if (completed) latencyMs = exit.endedAt - completed.getTime();
      }
    } catch {
      // Reported as "no result".
    }
    const calls = emulator.calls.slice(first);
    const create = calls.findIndex((c) => c.operation === "CreateDeployment");
    const start = create < 0 ? exit.endedAt : calls[create]!.at.getTime();
    const waitingMs = Math.max(1, exit.endedAt - start);
    const after = create < 0 ? 0 : calls.length - create - 1;
    return {
      outcome,
      latencyMs,
      wallMs: exit.endedAt - exit.startedAt,
      callsPerMinute: (after / waitingMs) * 60_000,
    };
  } finally {
    await emulator.shutdown();
  }
}
