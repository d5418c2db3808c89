/**
 * A real registry for the tests: Debian's `docker-registry` (the CNCF distribution registry)
 * started on a free loopback port with its storage in a temporary folder and a generated config
 * without auth, and a client that pushes blobs and manifests through its HTTP API.
 *
 * @module
 */

/** A running registry. */
export interface DockerRegistry {
  /** `127.0.0.1:PORT`, the registry domain of its images. */
  host: string;
  /** Uploads `bytes` as a blob of repository `name`; returns its digest. */
  pushBlob(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<string>;
  /** Puts `body` as manifest `reference` (a tag) of `name`; returns the digest it answered. */
  pushManifest(name: string, reference: string, body: string, mediaType: string): Promise<string>;
  close(): Promise<void>;
}

/** Why the registry cannot be had here, or undefined when `docker-registry` runs. */
export async function dockerRegistryUnavailable(): Promise<string | undefined> {
  try {
    const { success } = await new Deno.Command("docker-registry", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success ? undefined : "docker-registry --version failed";
  } catch {
    return "docker-registry not found (apt-get install docker-registry)";
  }
}

/** The sha256 digest of bytes, `sha256:hex`. */
export async function sha256Of(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts `docker-registry serve` and waits (10 s at most) until `/v2/` answers. */
export async function startDockerRegistry(): Promise<DockerRegistry> {
  const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-registry-" });
  const port = freePort();
  const host = `127.0.0.1:${port}`;
  const config = `${dir}/config.yml`;
  await Deno.writeTextFile(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: error",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${dir}/storage`,
      "http:",
      `  addr: ${host}`,
      "",
    ].join("\n"),
  );
  const child = new Deno.Command("docker-registry", {
    args: ["serve", config],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const base = `http://${host}`;
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await stderr;
    await Deno.remove(dir, { recursive: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/v2/`);
      await response.body?.cancel();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`docker-registry did not answer on ${base} in 10 s: ${await stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const expect = async (response: Response, status: number, what: string) => {
    if (response.status !== status) {
      throw new Error(`${what}: HTTP ${response.status}: ${await response.text()}`);
    }
    await response.body?.cancel();
  };
  return {
    host,
    async pushBlob(name, bytes) {
      const digest = await sha256Of(bytes);
      const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: "POST" });
      const location = start.headers.get("location");
      await expect(start, 202, "blob upload start");
      const url = new URL(location!, base);
      url.searchParams.set("digest", digest);
      const put = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
      });
      await expect(put, 201, "blob upload");
      return digest;
    },
    async pushManifest(name, reference, body, mediaType) {
      const response = await fetch(`${base}/v2/${name}/manifests/${reference}`, {
        method: "PUT",
        headers: { "content-type": mediaType },
        body,
      });
      const digest = response.headers.get("docker-content-digest");
      await expect(response, 201, "manifest put");
      return digest!;
    },
    close,
  };
}

/**
 * Pushes a one-layer image as `name:tag` (config and layer blobs, then an OCI manifest) and
 * returns the manifest's body and digest; `seed` makes it distinct.
 */
export async function pushImage(
  registry: DockerRegistry,
  name: string,
  tag: string,
  seed: string,
): Promise<{ digest: string; body: string }> {
  const encoder = new TextEncoder();
  const configBytes = encoder.encode(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: [] },
      seed,
    }),
  );
  const layerBytes = encoder.encode(`layer ${seed}`);
  const config = await registry.pushBlob(name, configBytes);
  const layer = await registry.pushBlob(name, layerBytes);
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: config,
      size: configBytes.length,
    },
    layers: [{
      mediaType: "application/vnd.oci.image.layer.v1.tar",
      digest: layer,
      size: layerBytes.length,
    }],
  });
  const digest = await registry.pushManifest(
    name,
    tag,
    body,
    "application/vnd.oci.image.manifest.v1+json",
  );
  return { digest, body };
}
