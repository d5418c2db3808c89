/**
 * Whether an executable is on PATH, found without running it: tests use this to decide, at
 * module load and in microseconds, whether to skip cases that need an external tool.
 */
export function onPath(command: string): boolean {
  const path = Deno.env.get("PATH") ?? "";
  return path.split(":").filter(Boolean).some((dir) => {
    try {
      const info = Deno.statSync(`${dir}/${command}`);
      return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
    } catch {
      return false;
    }
  });
}
