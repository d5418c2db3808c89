/**
 * Runs the emulator in the foreground for `ecs-deploy emulator`: load the state file if one is
 * given, create the demo service if asked, listen, say so (and, for the demo, what to try),
 * serve until the signal aborts, shut down and save the state a last time.
 *
 * @module
 */
import { systemClock } from "../clock.ts";
import { SimulatedEcs } from "../simulator/simulated_ecs.ts";
import { defaultTimings } from "../simulator/timings.ts";
import { BackdatableClock } from "./backdatable_clock.ts";
import { demoGuide } from "./demo_guide.ts";
import { demoAgeMs, ensureDemoService } from "./demo_service.ts";
import { emulatorReadyLine } from "./emulator_options.ts";
import type { Invocation } from "./invocation.ts";
import { serveEmulator, type ServeEmulatorOptions } from "./serve_emulator.ts";
import { ScaledClock } from "./scaled_clock.ts";
import { readStateFile, stateFileError } from "./state_file.ts";
import { StateSaver } from "./state_saver.ts";

/** Options of {@linkcode runEmulator}: those of the server, the demo and the state file. */
export interface RunEmulatorOptions
  extends Omit<ServeEmulatorOptions, "signal" | "onListen" | "sim" | "onCall"> {
  /** Start with the demo's cluster and service (unless the state file has them). */
  demo?: boolean;
  /** Keep the state in this file across restarts. */
  statePath?: string;
  /** ECS time runs this many times faster than the wall clock (`--time-scale`). */
  timeScale?: number;
}

/** Where {@linkcode runEmulator} writes and when it stops. */
export interface RunEmulatorIo {
  /** Receives the ready line (`ecs-deploy emulator listening on http://...`), then the rest. */
  write: (line: string) => void;
  /** Stops the emulator when aborted (SIGINT, SIGTERM). */
  signal: AbortSignal;
  /** How to run ecs-deploy again, for the commands of the demo guide. */
  invocation?: Invocation;
}

/**
 * Serves until `io.signal` aborts; resolves once the server has shut down and the state is
 * saved. Rejects with `InvalidRequestError` (exit 2) for a state file it cannot use.
 */
export async function runEmulator(options: RunEmulatorOptions, io: RunEmulatorIo): Promise<void> {
  const { demo, statePath, timeScale, ...serveOptions } = options;
  const baseClock = options.clock ?? systemClock;
  // Only the simulated ECS runs fast; the server and the state saver keep wall time.
  const ecsClock = timeScale === undefined ? baseClock : new ScaledClock(baseClock, timeScale);
  const timings = { ...defaultTimings, ...options.timings };
  const saved = statePath === undefined ? undefined : await readStateFile(statePath);
  // A new demo service is created in the past, so that it has settled when anyone looks.
  const clock = new BackdatableClock(
    ecsClock,
    demo && saved === undefined ? demoAgeMs(timings) : 0,
  );
  let sim: SimulatedEcs;
  try {
    sim = new SimulatedEcs({
      clock,
      timings,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(saved !== undefined ? { snapshot: saved } : {}),
    });
  } catch (error) {
    if (statePath === undefined) throw error;
    throw stateFileError(statePath, (error as Error).message, error);
  }
  const demoService = demo ? await ensureDemoService(sim) : undefined;
  clock.present();
  const saver = statePath === undefined ? undefined : new StateSaver({
    path: statePath,
    snapshot: () => sim.snapshot(),
    clock: baseClock,
    onError: (error) => io.write(`warning: ${error.message}; will try again`),
  });
  // Written once before listening: an unwritable place fails now, not at the first deploy.
  await saver?.save();

  const emulator = await serveEmulator({
    ...serveOptions,
    clock: baseClock,
    sim,
    ...(saver ? { onCall: () => saver.changed() } : {}),
  });
  try {
    io.write(emulatorReadyLine(emulator.url));
    if (statePath !== undefined) {
      io.write(
        saved === undefined
          ? `State: new, kept in "${statePath}"`
          : `State: restored from "${statePath}", kept there`,
      );
    }
    if (demoService) {
      const guide = demoGuide({
        url: emulator.url,
        region: sim.region,
        demo: demoService,
        invocation: io.invocation ?? { words: ["ecs-deploy"] },
        slowStartMs: timings.slowStartMs,
      });
      io.write(["", ...guide].join("\n"));
    }
    if (!io.signal.aborted) {
      await new Promise<void>((resolve) =>
        io.signal.addEventListener("abort", () => resolve(), { once: true })
      );
    }
  } finally {
    await emulator.shutdown();
    await saver?.close();
  }
}
