/**
 * When a blue/green deployment baked, as the simulated ECS itself shows it: an observer in the
 * benchmark's process looks at the service's current ServiceDeployment every 20 ms (straight in
 * the simulator, so it adds no call to what the emulator records).
 *
 * @module
 */
import type { RunningEmulator } from "../../src/emulator/serve_emulator.ts";

/** The first and the last moment (epoch milliseconds) a deployment was seen in BAKE_TIME. */
export interface BakeWindow {
  startedAt: number;
  endedAt: number;
}

/** Starts observing `service`; `stop()` ends it and says when its newest deployment baked. */
export function watchBake(
  emulator: RunningEmulator,
  cluster: string,
  service: string,
): { stop(): Promise<BakeWindow | undefined> } {
  const seed = currentArn();
  let window: BakeWindow | undefined;
  let stopped = false;
  const done = (async () => {
    const first = await seed;
    while (!stopped) {
      const arn = await currentArn();
      if (arn && arn !== first) {
        const { serviceDeployments } = await emulator.sim.call("DescribeServiceDeployments", {
          serviceDeploymentArns: [arn],
        });
        const [sd] = serviceDeployments as { lifecycleStage?: string }[];
        if (sd?.lifecycleStage === "BAKE_TIME") {
          const now = Date.now();
          window = { startedAt: window?.startedAt ?? now, endedAt: now };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  async function currentArn(): Promise<string | undefined> {
    const { services } = await emulator.sim.call("DescribeServices", {
      cluster,
      services: [service],
    });
    return (services as { currentServiceDeployment?: string }[])[0]?.currentServiceDeployment;
  }
  return {
    async stop() {
      stopped = true;
      await done;
      return window;
    },
  };
}

/** Calls per minute among `calls` (epoch-millisecond `at`) within `window`. */
export function perMinuteWithin(calls: { at: number }[], window: BakeWindow): number {
  const within = calls.filter((call) => call.at >= window.startedAt && call.at <= window.endedAt);
  return (within.length / Math.max(1, window.endedAt - window.startedAt)) * 60_000;
}
