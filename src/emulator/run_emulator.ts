/**
 * Runs the emulator in the foreground for `ecs-deploy emulator`: listen, say so, serve until
 * the signal aborts, shut down.
 *
 * @module
 */
import { emulatorReadyLine } from "./emulator_options.ts";
import { serveEmulator, type ServeEmulatorOptions } from "./serve_emulator.ts";

/** Where {@linkcode runEmulator} writes and when it stops. */
export interface RunEmulatorIo {
  /** Receives the ready line (`ecs-deploy emulator listening on http://...`). */
  write: (line: string) => void;
  /** Stops the emulator when aborted (SIGINT, SIGTERM). */
  signal: AbortSignal;
}

/** Serves until `io.signal` aborts; resolves once the server has shut down. */
export async function runEmulator(
  options: Omit<ServeEmulatorOptions, "signal" | "onListen">,
  io: RunEmulatorIo,
): Promise<void> {
  const emulator = await serveEmulator(options);
  io.write(emulatorReadyLine(emulator.url));
  if (!io.signal.aborted) {
    await new Promise<void>((resolve) =>
      io.signal.addEventListener("abort", () => resolve(), { once: true })
    );
  }
  await emulator.shutdown();
}
