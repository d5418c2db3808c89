/**
 * Runs one CLI child and measures it: wall time, exit time and peak resident memory. Peak RSS
 * comes from GNU time (`/usr/bin/time -f %M`) where it works, else from polling VmHWM in
 * /proc/<pid>/status while the child runs (which can miss the last few milliseconds).
 *
 * @module
 */
import { type CliExit, spawnCli } from "../../tests/support/spawn_cli.ts";

/** How peak RSS is measured on this machine. */
export type RssMethod = "gnu-time" | "proc-poll" | "none";

/** A measured CLI run. */
export interface MeasuredRun {
  exit: CliExit;
  /** Peak resident set size in KiB, when it could be measured. */
  peakRssKb?: number;
}

/** Finds out once whether `/usr/bin/time -f %M -o FILE` works here. */
export async function detectRssMethod(): Promise<RssMethod> {
  const file = await Deno.makeTempFile({ prefix: "ecs-deploy-bench-" });
  try {
    const { success } = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%M", "-o", file, Deno.execPath(), "--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    if (success && lastNumber(await Deno.readTextFile(file)) !== undefined) return "gnu-time";
  } catch {
    // No /usr/bin/time: fall through.
  } finally {
    await Deno.remove(file).catch(() => {});
  }
  try {
    await Deno.readTextFile("/proc/self/status");
    return "proc-poll";
  } catch {
    return "none";
  }
}

/** Runs `main.ts` with `args` and measures it. */
export async function measureCli(
  args: string[],
  options: { rss: RssMethod; timeoutMs: number },
): Promise<MeasuredRun> {
  if (options.rss === "gnu-time") {
    const file = await Deno.makeTempFile({ prefix: "ecs-deploy-bench-" });
    try {
      const exit = await spawnCli(args, {
        timeoutMs: options.timeoutMs,
        prefix: ["/usr/bin/time", "-f", "%M", "-o", file],
      }).exited;
      const peakRssKb = lastNumber(await Deno.readTextFile(file));
      return { exit, ...(peakRssKb === undefined ? {} : { peakRssKb }) };
    } finally {
      await Deno.remove(file).catch(() => {});
    }
  }
  const child = spawnCli(args, { timeoutMs: options.timeoutMs });
  if (options.rss === "none") return { exit: await child.exited };
  let peakRssKb: number | undefined;
  let running = true;
  const polling = (async () => {
    while (running) {
      try {
        const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
        const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
        if (hwm !== undefined) peakRssKb = Math.max(peakRssKb ?? 0, Number(hwm));
      } catch {
        // Gone between polls.
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const exit = await child.exited;
  running = false;
  await polling;
  return { exit, ...(peakRssKb === undefined ? {} : { peakRssKb }) };
}

function lastNumber(text: string): number | undefined {
  const numbers = text.trim().split("\n").map((line) => line.trim()).filter((line) =>
    /^\d+$/.test(line)
  );
  const last = numbers.at(-1);
  return last === undefined ? undefined : Number(last);
}
