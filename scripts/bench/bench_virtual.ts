/**
 * Blue/green deploys with a long bake on virtual time: the engine itself (`runDeploy`, as the
 * CLI runs it) against the simulated ECS on a fake clock with the emulator's default timings, so
 * a bake of many minutes takes milliseconds. Each deploy's stages before the bake take a random
 * time, so the bake, and with it SUCCESSFUL, ends at a random moment between two looks.
 *
 * @module
 */
import type { ServiceDeployment } from "../../src/ecs/types.ts";
import { defaultPollSettings } from "../../src/deploy/watch/poll_schedule.ts";
import { defaultTimings } from "../../src/simulator/timings.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  deployIn,
  recordCallTimes,
} from "../../tests/support/simulated_world.ts";

/** What one virtual-time deploy measured (virtual milliseconds). */
export interface VirtualDeploy {
  outcome: string;
  /** The deploy's end minus the moment the ServiceDeployment became SUCCESSFUL. */
  detectionLatencyMs: number | null;
  /** Calls per minute between the first and the last look that showed BAKE_TIME. */
  callsPerMinuteWhileBaking: number;
  /** Calls per minute from UpdateService to the end. */
  callsPerMinuteOfWaiting: number;
}

/** One blue/green deploy with a bake of `bakeMinutes`, on virtual time. */
export async function virtualBlueGreenDeploy(bakeMinutes: number): Promise<VirtualDeploy> {
  const interval = defaultPollSettings.minIntervalMs;
  const world = await aSimulatedWorld({
    cluster: "prod",
    timings: {
      ...defaultTimings,
      lifecycleStageMs: defaultTimings.lifecycleStageMs + Math.round(Math.random() * interval),
    },
  });
  await world.sim.call("UpdateService", {
    cluster: world.seeded.cluster,
    service: world.seeded.service,
    deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: bakeMinutes },
  });
  let finishedAt: number | undefined;
  world.sim.onDeploymentFinished((event) => finishedAt ??= event.at);
  const times = recordCallTimes(world);
  const baking: number[] = [];
  world.hooks.push(async (method, _count, _args, proceed) => {
    if (method !== "describeServiceDeployments") return undefined;
    const answer = await proceed() as ServiceDeployment[];
    if (answer[0]?.lifecycleStage === "BAKE_TIME") baking.push(world.clock.now());
    return answer;
  });
  const { result } = await deployIn(
    world,
    aDeployRequest({ cluster: "prod", timeoutMs: (bakeMinutes + 10) * 60_000 }),
  );
  const end = world.clock.now();
  const update = times.find((call) => call.method === "updateService")?.at ?? end;
  const [from, to] = [baking[0] ?? end, baking.at(-1) ?? end];
  const within = times.filter((call) => call.at >= from && call.at <= to).length;
  return {
    outcome: result.outcome,
    detectionLatencyMs: finishedAt === undefined ? null : end - finishedAt,
    callsPerMinuteWhileBaking: (within / Math.max(1, to - from)) * 60_000,
    callsPerMinuteOfWaiting: (times.filter((call) => call.at > update).length /
      Math.max(1, end - update)) * 60_000,
  };
}
