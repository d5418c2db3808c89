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

/**
 * Starts moto on port 0 and reads the port it bound from its "Running on" line: picking a free
 * port first and passing it on would race any other test binding one in between. Resolves once
 * moto answers.
 */
export async function startMotoServer(): Promise<MotoServer> {
  const child = new Deno.Command("moto_server", {
    args: ["-H", "127.0.0.1", "-p", "0"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Werkzeug logs every request on stderr: keep draining it so moto never blocks on a full pipe.
  const announced = Promise.withResolvers<string>();
  let seen = "";
  const draining = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      seen += text;
      const url = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen)?.[1];
      if (url) announced.resolve(url);
    }
    announced.reject(new Error(`moto_server exited before listening:\n${seen}`));
  })();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await draining;
  };
  try {
    const url = await announced.promise;
    // Werkzeug prints the line once its socket listens; one request confirms moto is serving.
    const response = await fetch(`${url}/moto-api/`);
    await response.body?.cancel();
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
