import type { Clock } from "../../src/clock.ts";

/**
 * A clock whose time moves only when someone sleeps or calls `advance`.
 * Sleeping moves time forward at once, so a polling loop runs in virtual time. Alarms fire when
 * time, moved by either, reaches them.
 */
export class FakeClock implements Clock {
  #now: number;
  readonly sleeps: number[] = [];
  readonly #alarms = new Set<{ at: number; fire(): void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
    this.#fireDue();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    this.advance(ms);
    return Promise.resolve();
  }

  alarm(at: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (at <= this.#now) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const alarm = {
        at,
        fire: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#alarms.delete(alarm);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#alarms.add(alarm);
    });
  }

  /** When the earliest alarm waiting for time to reach it is due; undefined when none is. */
  nextAlarm(): number | undefined {
    const due = [...this.#alarms].map((alarm) => alarm.at);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  #fireDue(): void {
    for (const alarm of [...this.#alarms]) {
      if (alarm.at > this.#now) continue;
      this.#alarms.delete(alarm);
      alarm.fire();
    }
  }
}

/**
 * Moves `clock` forward, letting other work run between moves, until `running` settles: to the
 * next alarm where one waits, else by `stepMs`. For a run that waits on an alarm while a call
 * hangs or takes its time. Throws when it has not settled within `limitMs` of virtual time.
 */
export async function advanceUntilSettled<T>(
  clock: FakeClock,
  running: Promise<T>,
  { stepMs = 100, limitMs = 3_600_000 }: { stepMs?: number; limitMs?: number } = {},
): Promise<T> {
  let settled = false;
  running.then(() => settled = true, () => settled = true);
  const startedAt = clock.now();
  while (!settled) {
    if (clock.now() - startedAt > limitMs) {
      throw new Error(`Not settled within ${limitMs} ms of virtual time`);
    }
    // A macrotask, so every call and timer the last step released has run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (settled) break;
    const next = clock.nextAlarm();
    clock.advance(next === undefined ? stepMs : Math.max(0, next - clock.now()));
  }
  return running;
}
