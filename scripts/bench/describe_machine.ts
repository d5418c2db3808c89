/**
 * The machine a benchmark ran on, so its numbers can be compared with another run's.
 *
 * @module
 */

/** CPU, cores, memory, OS and runtime of this machine. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  deno: string;
  v8: string;
}

/** Reads the machine's description; fields it cannot read say "unknown". */
export function describeMachine(): Machine {
  let cpu = "unknown";
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  let memoryGiB = NaN;
  try {
    memoryGiB = Deno.systemMemoryInfo().total / 2 ** 30;
  } catch {
    // Without --allow-sys the memory stays unknown.
  }
  let release = "";
  try {
    release = ` ${Deno.osRelease()}`;
  } catch {
    // Same.
  }
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(memoryGiB * 10) / 10,
    os: `${Deno.build.os} ${Deno.build.arch}${release}`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
  };
}
