import { InvalidRequestError } from "../errors.ts";

/**
 * Task CPU as ECS registers it, CPU units as a string of a whole number, from what ECS accepts
 * in a task definition: CPU units (`1024`) or vCPUs (`1 vCPU`, `0.25 vcpu`).
 *
 * @throws {InvalidRequestError} for anything else, or a value that is not whole CPU units
 */
export function parseTaskCpu(text: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*(vcpu)?$/i.exec(text.trim());
  if (!match) {
    throw new InvalidRequestError(
      `expected CPU units (such as "1024") or vCPUs (such as "1 vCPU")`,
    );
  }
  return wholeUnits(Number(match[1]) * (match[2] ? 1024 : 1), "CPU units");
}

/**
 * Task memory as ECS registers it, MiB as a string of a whole number, from what ECS accepts:
 * MiB (`2048`) or GB (`2 GB`, `0.5GB`; 1 GB is 1024 MiB, as ECS counts).
 *
 * @throws {InvalidRequestError} for anything else, or a value that is not whole MiB
 */
export function parseTaskMemory(text: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*(gb)?$/i.exec(text.trim());
  if (!match) {
    throw new InvalidRequestError(`expected MiB (such as "2048") or GB (such as "2 GB")`);
  }
  return wholeUnits(Number(match[1]) * (match[2] ? 1024 : 1), "MiB");
}

function wholeUnits(value: number, unit: string): string {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidRequestError(`expected a positive whole number of ${unit}, got ${value}`);
  }
  return String(value);
}
