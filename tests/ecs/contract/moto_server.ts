import { onPath } from "../../emulator/on_path.ts";

/** Starts `moto_server` on a free loopback port for the contract tests, and stops it. */

/** Why moto tests cannot run here, or undefined when `moto_server` is on PATH. */
export function motoUnavailableReason(): string | undefined {
  return onPath("moto_server") ? undefined : "moto_server is not on PATH";
}

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts moto on a free port and waits (up to 20 s) until it answers. */
export async function startMotoServer(): Promise<MotoServer> {
  const port = freePort();
  const child = new Deno.Command("moto_server", {
    args: ["-H", "127.0.0.1", "-p", String(port)],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
  };
  const deadline = Date.now() + 20_000;
  while (true) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      await response.body?.cancel();
      return { url, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`moto_server did not answer on ${url} within 20 s`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
