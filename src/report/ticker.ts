import { alarmAt, type Clock } from "../clock.ts";

/**
 * Calls `tick` whenever the clock reaches `due()`, until stopped: the heartbeat of plain output
 * and the redraws of the live view. Time comes from the injected clock's alarms, which never
 * move it, so on a fake clock ticks happen exactly when a test (or the engine's sleeps) moves
 * time, and never on wall time.
 */
export class Ticker {
  readonly #clock: Clock;
  readonly #due: () => number;
  readonly #tick: () => void;
  readonly #stop = new AbortController();
  #started = false;

  /** `tick` must move `due()` past the clock's time, or it is not called again until it does. */
  constructor(clock: Clock, due: () => number, tick: () => void) {
    this.#clock = clock;
    this.#due = due;
    this.#tick = tick;
  }

  /** Starts ticking; a no-op once started or stopped. */
  start(): void {
    if (this.#started || this.#stop.signal.aborted) return;
    this.#started = true;
    void this.#run();
  }

  /** Stops for good, dropping the pending alarm (so no timer keeps the process alive). */
  stop(): void {
    this.#stop.abort();
  }

  async #run(): Promise<void> {
    const { signal } = this.#stop;
    let lastTickAt = -Infinity;
    while (!signal.aborted) {
      // A tick that did not move `due()` waits for time to move instead of spinning.
      const at = Math.max(this.#due(), lastTickAt + 1);
      try {
        await alarmAt(this.#clock, at, signal);
      } catch {
        return;
      }
      if (signal.aborted) return;
      if (this.#clock.now() >= this.#due()) {
        lastTickAt = this.#clock.now();
        this.#tick();
      }
    }
  }
}
