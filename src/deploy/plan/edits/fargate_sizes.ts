/**
 * The task CPU and memory pairs Fargate accepts (Amazon ECS Developer Guide, "Task CPU and
 * memory"): CPU units -> the memory values in MiB allowed with them. 8 and 16 vCPU need Linux
 * platform version 1.4.0 or later.
 *
 * @module
 */

const GIB = 1024;

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** CPU units -> allowed memory (MiB). */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1 * GIB, 2 * GIB]],
  [512, range(1 * GIB, 4 * GIB, GIB)],
  [1024, range(2 * GIB, 8 * GIB, GIB)],
  [2048, range(4 * GIB, 16 * GIB, GIB)],
  [4096, range(8 * GIB, 30 * GIB, GIB)],
  [8192, range(16 * GIB, 60 * GIB, 4 * GIB)],
  [16384, range(32 * GIB, 120 * GIB, 8 * GIB)],
]);

/**
 * Why Fargate refuses this pair, or undefined when it accepts it. Both are whole numbers
 * (CPU units, MiB).
 */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const allowed = FARGATE_SIZES.get(cpu);
  if (allowed === undefined) {
    return `Fargate accepts task CPU ${[...FARGATE_SIZES.keys()].join(", ")} (CPU units), ` +
      `not ${cpu}`;
  }
  if (allowed.includes(memory)) return undefined;
  return `Fargate accepts task memory ${describeAllowed(allowed)} MiB with task CPU ${cpu}, ` +
    `not ${memory}`;
}

function describeAllowed(allowed: readonly number[]): string {
  if (allowed.length <= 4) return allowed.join(", ");
  const step = allowed[1]! - allowed[0]!;
  return `${allowed[0]} to ${allowed[allowed.length - 1]} in steps of ${step}`;
}
