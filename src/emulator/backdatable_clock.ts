/**
 * A clock that can run in the past for a while. The demo creates its service "a while ago" this
 * way, so by the time anyone looks (at the real now) the first rollout has long settled, with
 * events and timestamps as ECS would show them, and no one waits for it.
 *
 * @module
 */
import type { Clock } from "../clock.ts";

/**
 * `base` shifted back by `offsetMs` until {@linkcode BackdatableClock.present} is called. The
 * simulator never moves its time backwards, so it must be created while the clock is in the
 * past for what it does then to happen in the past.
 */
export class BackdatableClock implements Clock {
  readonly #base: Clock;
  #offsetMs: number;

  constructor(base: Clock, offsetMs = 0) {
    this.#base = base;
    this.#offsetMs = offsetMs;
  }

  now(): number {
    return this.#base.now() - this.#offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#base.sleep(ms, signal);
  }

  /** From now on, the time of `base`. */
  present(): void {
    this.#offsetMs = 0;
  }
}
