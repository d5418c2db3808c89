/**
 * The options of `ecs-deploy emulator`, parsed and validated, so the command file only wires
 * flags to {@linkcode parseEmulatorOptions} and {@linkcode runEmulator}.
 *
 * @module
 */
import { InvalidRequestError } from "../errors.ts";
import type { SimulatedTimings } from "../simulator/timings.ts";
import type { EmulatorFaults } from "./fault_injector.ts";
import type { RunEmulatorOptions } from "./run_emulator.ts";
import { DEFAULT_EMULATOR_HOSTNAME, DEFAULT_EMULATOR_PORT } from "./serve_emulator.ts";

/** The flags as the command line gives them: strings, or numbers where a parser ran. */
export interface EmulatorFlags {
  port?: string | number;
  host?: string;
  /** Time from launch to RUNNING of a task, in ms. */
  taskStartMs?: string | number;
  throttleRate?: string | number;
  errorRate?: string | number;
  latencyMs?: string | number;
  seed?: string | number;
  demo?: boolean;
  /** How many times faster than the wall clock ECS time runs. */
  timeScale?: string | number;
  /** The state file. */
  state?: string;
}

/** The share of task start time spent PROVISIONING, as in the default timings (300 of 1000). */
const PROVISIONING_SHARE = 0.3;

/**
 * Validates the flags of `ecs-deploy emulator` into {@linkcode runEmulator} options.
 * Throws {@linkcode InvalidRequestError} (exit 2) naming the flag for a bad value.
 */
export function parseEmulatorOptions(flags: EmulatorFlags): RunEmulatorOptions {
  const options: RunEmulatorOptions = {
    port: integer(flags.port, "--port", 0, 65535) ?? DEFAULT_EMULATOR_PORT,
    hostname: hostname(flags.host),
  };
  const taskStartMs = integer(flags.taskStartMs, "--task-start-ms", 0, 86_400_000);
  if (taskStartMs !== undefined) {
    const provisioningMs = Math.round(taskStartMs * PROVISIONING_SHARE);
    const timings: Partial<SimulatedTimings> = {
      provisioningMs,
      pendingMs: taskStartMs - provisioningMs,
    };
    options.timings = timings;
  }
  const faults: EmulatorFaults = {};
  const throttleRate = fraction(flags.throttleRate, "--throttle-rate");
  const errorRate = fraction(flags.errorRate, "--error-rate");
  const latencyMs = integer(flags.latencyMs, "--latency-ms", 0, 600_000);
  const seed = integer(flags.seed, "--seed", 0, 2 ** 32 - 1);
  if (throttleRate !== undefined) faults.throttleRate = throttleRate;
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  if (seed !== undefined) {
    faults.seed = seed;
    options.seed = seed;
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  if (flags.demo === true) options.demo = true;
  const timeScale = number(flags.timeScale, "--time-scale");
  if (timeScale !== undefined) {
    if (!(timeScale > 0 && timeScale <= 100_000)) {
      throw new InvalidRequestError(
        `Invalid value for "--time-scale": "${flags.timeScale}" is not a number above 0 and up to 100000`,
      );
    }
    if (timeScale !== 1) options.timeScale = timeScale;
  }
  if (flags.state !== undefined) {
    if (flags.state.trim() === "") {
      throw new InvalidRequestError(`Invalid value for "--state": empty file name`);
    }
    options.statePath = flags.state;
  }
  return options;
}

/** The line printed once the emulator listens; scripts wait for it. */
export function emulatorReadyLine(url: string): string {
  return `ecs-deploy emulator listening on ${url}`;
}

function hostname(value: string | undefined): string {
  if (value === undefined) return DEFAULT_EMULATOR_HOSTNAME;
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) {
    throw new InvalidRequestError(
      `Invalid value for "--host": "${value}" is not a host name or address`,
    );
  }
  return value;
}

function number(value: string | number | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === "number" ? value : value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(parsed)) {
    throw new InvalidRequestError(`Invalid value for "${flag}": "${value}" is not a number`);
  }
  return parsed;
}

function integer(
  value: string | number | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  const parsed = number(value, flag);
  if (parsed === undefined) return undefined;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new InvalidRequestError(
      `Invalid value for "${flag}": "${value}" is not a whole number from ${min} to ${max}`,
    );
  }
  return parsed;
}

function fraction(value: string | number | undefined, flag: string): number | undefined {
  const parsed = number(value, flag);
  if (parsed === undefined) return undefined;
  if (parsed < 0 || parsed > 1) {
    throw new InvalidRequestError(`Invalid value for "${flag}": "${value}" is not between 0 and 1`);
  }
  return parsed;
}
