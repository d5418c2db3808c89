/**
 * Faults the emulator injects in front of the simulated ECS, so retry and error paths can be
 * exercised offline. Every decision comes from a seeded generator: the same seed and the same
 * sequence of calls give the same faults.
 *
 * @module
 */

/** What the emulator should get wrong, and how often. */
export interface EmulatorFaults {
  /** Share of calls (0..1) answered with `ThrottlingException` 400 "Rate exceeded". */
  throttleRate?: number;
  /** Share of calls (0..1) answered with `ServerException` 500. */
  errorRate?: number;
  /** Delay added to every call, in milliseconds. */
  latencyMs?: number;
  /** Windows, relative to server start, in which every call fails with 503. */
  outages?: { startMs: number; durationMs: number }[];
  /** Seed of the generator deciding which calls fail; 1 unless given. */
  seed?: number;
}

/** An error the emulator answers with instead of calling the simulated ECS. */
export interface InjectedFault {
  status: number;
  type: string;
  message: string;
}

/** Decides, call by call, whether to inject a fault. */
export class FaultInjector {
  readonly latencyMs: number;
  readonly #throttleRate: number;
  readonly #errorRate: number;
  readonly #outages: { startMs: number; durationMs: number }[];
  readonly #startedAt: number;
  readonly #random: () => number;

  /** `startedAt` is the clock time (ms) that outage windows are relative to. */
  constructor(faults: EmulatorFaults, startedAt: number) {
    this.#throttleRate = rate(faults.throttleRate, "throttleRate");
    this.#errorRate = rate(faults.errorRate, "errorRate");
    this.latencyMs = nonNegative(faults.latencyMs ?? 0, "latencyMs");
    this.#outages = (faults.outages ?? []).map(({ startMs, durationMs }, i) => ({
      startMs: nonNegative(startMs, `outages[${i}].startMs`),
      durationMs: nonNegative(durationMs, `outages[${i}].durationMs`),
    }));
    this.#startedAt = startedAt;
    this.#random = mulberry32(faults.seed ?? 1);
  }

  /** The fault for a call arriving at clock time `now` (ms), or undefined to serve it. */
  decide(now: number): InjectedFault | undefined {
    const elapsed = now - this.#startedAt;
    if (this.#outages.some((o) => elapsed >= o.startMs && elapsed < o.startMs + o.durationMs)) {
      return { status: 503, type: "ServerException", message: "Service unavailable" };
    }
    // Draw both numbers on every call so one rate does not shift the other's sequence.
    const throttle = this.#random() < this.#throttleRate;
    const error = this.#random() < this.#errorRate;
    if (throttle) return { status: 400, type: "ThrottlingException", message: "Rate exceeded" };
    if (error) {
      return { status: 500, type: "ServerException", message: "Service encountered an error" };
    }
    return undefined;
  }
}

function rate(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`Cannot inject faults: "${name}" must be between 0 and 1, got ${value}`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Cannot inject faults: "${name}" must be 0 or more, got ${value}`);
  }
  return value;
}

/** A small, fast, seedable generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
