/**
 * ECS time for `ecs-deploy emulator --time-scale FACTOR`: from the moment it is made, it runs
 * FACTOR times faster than `base`, so bakes, step bakes and hook timeouts given in minutes pass
 * in seconds (60: one simulated minute per second). Only the simulated ECS runs on it; the
 * server's own timing (latency, recorded calls) stays on the wall clock.
 *
 * @module
 */
import type { Clock } from "../clock.ts";

/** `base` sped up by `factor` from the time of construction. */
export class ScaledClock implements Clock {
  readonly #base: Clock;
  readonly #factor: number;
  readonly #anchor: number;

  constructor(base: Clock, factor: number) {
    if (!(factor > 0) || !Number.isFinite(factor)) {
      throw new RangeError(`Time scale must be a positive number, not ${factor}`);
    }
    this.#base = base;
    this.#factor = factor;
    this.#anchor = base.now();
  }

  now(): number {
    return Math.floor(this.#anchor + (this.#base.now() - this.#anchor) * this.#factor);
  }

  /** Sleeps `ms` of scaled time: `ms / factor` of base time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#base.sleep(ms / this.#factor, signal);
  }
}
