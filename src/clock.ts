/** Time as a dependency: production uses the system clock, tests advance a fake one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Resolves once the clock reaches `at` (epoch milliseconds) without moving it, or rejects with
   * the signal's reason when it aborts first: a deadline that fires while something else is
   * awaited. Optional; {@linkcode alarmAt} falls back to a wall-clock timer.
   */
  alarm?(at: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves after `ms` of wall time, unless the signal aborts first; never keeps a timer. */
function wallTimer(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: wallTimer,
  alarm: (at, signal) => wallTimer(at - Date.now(), signal),
};

/** `clock.alarm(at, signal)`, or a wall-clock timer for a clock without alarms. */
export function alarmAt(clock: Clock, at: number, signal?: AbortSignal): Promise<void> {
  return clock.alarm ? clock.alarm(at, signal) : wallTimer(at - clock.now(), signal);
}
