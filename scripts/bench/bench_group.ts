/**
 * The group row of `deno task bench`: one CLI process deploys many services of one emulator in
 * one run (`-n svc-01 -n svc-02 ...`), against its own emulator. Its wall time is compared with
 * the slowest of the rollouts it ran (UpdateService's deployment created to ECS completing it),
 * since the services roll out at once; its peak RSS is the CLI's own.
 *
 * @module
 */
import { resultLine } from "../../tests/support/spawn_cli.ts";
import { BENCH_REPOSITORY, startBenchEmulator } from "./bench_emulator.ts";
import { measureCli, type RssMethod } from "./measure_cli.ts";
import { countBy } from "./stats.ts";

/** What the group run measured. */
export interface GroupBench {
  services: number;
  /** The group's outcome, and how many services ended each way. */
  outcome: string;
  outcomes: Record<string, number>;
  /** The CLI process from spawn to exit. */
  wallMs: number;
  /** The longest rollout among the services: deployment created to ECS completing it. */
  slowestRolloutMs: number;
  /** Wall time minus the slowest rollout: start-up, planning, registering, detection. */
  overheadMs: number;
  peakRssKb: number | null;
  registerCalls: number;
  updateCalls: number;
}

/** Deploys `size` services in one CLI run and measures it. */
export async function measureGroup(size: number, rss: RssMethod): Promise<GroupBench> {
  const bench = await startBenchEmulator();
  try {
    const services = Array.from(
      { length: size },
      (_, i) => `grp-${String(i + 1).padStart(2, "0")}`,
    );
    await bench.seed("group", services);
    const firstCall = bench.emulator.calls.length;
    const { exit, peakRssKb } = await measureCli([
      "-c",
      "group",
      ...services.flatMap((service) => ["-n", service]),
      "-i",
      `${BENCH_REPOSITORY}:group-1`,
      "--endpoint-url",
      bench.emulator.url,
      "-r",
      "us-east-1",
      "--output",
      "json",
      "-t",
      "240",
    ], { rss, timeoutMs: 270_000 });
    const result = resultLine(exit) as {
      outcome: string;
      services: { service: string; outcome: string; deploymentId: string | null }[];
    };
    const rollouts: number[] = [];
    for (const member of result.services) {
      const finished = member.deploymentId ? bench.finished.get(member.deploymentId) : undefined;
      const { services: [described] } = await bench.emulator.sim.call("DescribeServices", {
        cluster: "group",
        services: [member.service],
      }) as { services: { deployments: { id: string; createdAt: Date }[] }[] };
      const ours = described?.deployments.find((d) => d.id === member.deploymentId);
      if (finished && ours) rollouts.push(finished.at - new Date(ours.createdAt).getTime());
    }
    const calls = bench.emulator.calls.slice(firstCall);
    const wallMs = exit.endedAt - exit.startedAt;
    const slowestRolloutMs = Math.max(0, ...rollouts);
    return {
      services: size,
      outcome: result.outcome,
      outcomes: countBy(result.services.map((s) => s.outcome)),
      wallMs,
      slowestRolloutMs,
      overheadMs: wallMs - slowestRolloutMs,
      peakRssKb: peakRssKb ?? null,
      registerCalls: calls.filter((c) => c.operation === "RegisterTaskDefinition").length,
      updateCalls: calls.filter((c) => c.operation === "UpdateService").length,
    };
  } finally {
    await bench.shutdown();
  }
}
