/**
 * The distribution-API resolver against a loopback stand-in that asks for authentication the
 * way registries do (tests/support/registry_stand_in.ts): anonymous bearer tokens, tokens for
 * credentials from a Docker config.json, Basic, answers without the digest header, and errors.
 */
import assert from "node:assert/strict";
import { parseImageReference } from "../../src/image/image_reference.ts";
import { parseDockerConfig } from "../../src/registry/docker_config_auth.ts";
import {
  ImageNotFoundError,
  RegistryAccessError,
  RegistryError,
} from "../../src/registry/image_resolver.ts";
import {
  MANIFEST_MEDIA_TYPES,
  OciRegistryResolver,
  parseChallenge,
} from "../../src/registry/oci_registry_resolver.ts";
import {
  digestOfBody,
  type RegistryStandIn,
  type StandInOptions,
  startRegistryStandIn,
} from "../support/registry_stand_in.ts";

const MANIFEST = {
  body: JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
  }),
  mediaType: "application/vnd.oci.image.manifest.v1+json",
};

async function withStandIn(
  options: StandInOptions,
  fn: (standIn: RegistryStandIn) => Promise<void>,
): Promise<void> {
  const standIn = startRegistryStandIn(options);
  try {
    await fn(standIn);
  } finally {
    await standIn.close();
  }
}

const configFor = (host: string, user: string, password: string) =>
  parseDockerConfig(
    JSON.stringify({ auths: { [host]: { auth: btoa(`${user}:${password}`) } } }),
    "config.json",
  );

Deno.test("OciRegistryResolver fetches an anonymous bearer token on a 401 and asks again", async () => {
  await withStandIn({ auth: "bearer", manifests: { "team/app:1": MANIFEST } }, async (standIn) => {
    const resolver = new OciRegistryResolver();
    const resolved = await resolver.resolve(parseImageReference(`${standIn.host}/team/app:1`));
    assert.equal(resolved.digest, await digestOfBody(MANIFEST.body));
    const [first, token, second] = standIn.requests;
    assert.equal(first?.method, "HEAD");
    assert.equal(first?.authorization, null);
    assert.equal(first?.accept, MANIFEST_MEDIA_TYPES.join(", "));
    assert.equal(token?.path, "/token");
    assert.deepEqual(token?.query, { service: "stand-in", scope: "repository:team/app:pull" });
    assert.equal(token?.authorization, null, "anonymous");
    assert.equal(second?.authorization, "Bearer stand-in-token");

    // The token is kept for the run.
    await resolver.resolve(parseImageReference(`${standIn.host}/team/app:1`));
    assert.equal(standIn.requests.filter((r) => r.path === "/token").length, 1);
  });
});

Deno.test("OciRegistryResolver asks for the token with the credentials of --registry-auth", async () => {
  await withStandIn(
    { auth: "bearer", users: { ci: "pa:ss" }, manifests: { "app:1": MANIFEST } },
    async (standIn) => {
      const denied = new OciRegistryResolver();
      await assert.rejects(
        denied.resolve(parseImageReference(`${standIn.host}/app:1`)),
        (error) =>
          error instanceof RegistryAccessError && /--registry-auth FILE/.test(error.message),
      );
      const logged: string[] = [];
      const resolver = new OciRegistryResolver({
        auths: configFor(standIn.host, "ci", "pa:ss"),
        logger: (line) => logged.push(line),
      });
      const resolved = await resolver.resolve(parseImageReference(`${standIn.host}/app:1`));
      assert.equal(resolved.digest, await digestOfBody(MANIFEST.body));
      const token = standIn.requests.findLast((r) => r.path === "/token");
      assert.equal(token?.authorization, `Basic ${btoa("ci:pa:ss")}`);
      assert.equal(logged.length, 3, "one line per request");
      for (const line of logged) {
        assert.doesNotMatch(line, /pa:ss|stand-in-token|Basic|Bearer|scope=/, line);
      }

      const wrong = new OciRegistryResolver({ auths: configFor(standIn.host, "ci", "wrong") });
      await assert.rejects(
        wrong.resolve(parseImageReference(`${standIn.host}/app:1`)),
        (error) =>
          error instanceof RegistryAccessError &&
          /credentials from --registry-auth were refused/.test(error.message) &&
          !error.message.includes("wrong"),
      );
    },
  );
});

Deno.test("OciRegistryResolver answers a Basic challenge with the credentials", async () => {
  await withStandIn(
    { auth: "basic", users: { u: "p" }, manifests: { "app:1": MANIFEST } },
    async (standIn) => {
      const resolver = new OciRegistryResolver({ auths: configFor(standIn.host, "u", "p") });
      const resolved = await resolver.resolve(parseImageReference(`${standIn.host}/app:1`));
      assert.equal(resolved.digest, await digestOfBody(MANIFEST.body));
      assert.equal(standIn.requests.at(-1)?.authorization, `Basic ${btoa("u:p")}`);
      await assert.rejects(
        new OciRegistryResolver().resolve(parseImageReference(`${standIn.host}/app:1`)),
        RegistryAccessError,
      );
    },
  );
});

Deno.test("OciRegistryResolver hashes the manifest when the registry sends no digest header", async () => {
  await withStandIn(
    { auth: "none", omitDigestHeader: true, manifests: { "app:1": MANIFEST } },
    async (standIn) => {
      const resolved = await new OciRegistryResolver().resolve(
        parseImageReference(`${standIn.host}/app:1`),
      );
      assert.equal(resolved.digest, await digestOfBody(MANIFEST.body));
      assert.deepEqual(standIn.requests.map((r) => r.method), ["HEAD", "GET"]);
    },
  );
});

Deno.test("OciRegistryResolver: a tag the registry does not have is ImageNotFoundError", async () => {
  await withStandIn({ auth: "bearer", manifests: {} }, async (standIn) => {
    await assert.rejects(
      new OciRegistryResolver().resolve(parseImageReference(`${standIn.host}/app:nope`)),
      (error) =>
        error instanceof ImageNotFoundError &&
        error.message.includes(`"${standIn.host}/app:nope"`) && /HTTP 404/.test(error.message),
    );
  });
});

Deno.test("OciRegistryResolver: a registry that refuses connections is a transient RegistryError", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await assert.rejects(
    new OciRegistryResolver().resolve(parseImageReference(`127.0.0.1:${port}/app:1`)),
    (error) =>
      error instanceof RegistryError && error.transient &&
      error.message.includes(`http://127.0.0.1:${port}`),
  );
});

Deno.test("parseChallenge() reads the scheme and the quoted parameters", () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
    ),
    {
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:library/nginx:pull",
      },
    },
  );
  assert.deepEqual(parseChallenge('Basic realm="x"'), { scheme: "basic", params: { realm: "x" } });
});

/** A loopback server answering with `handler`, recording each request's path and authorization. */
async function withServer(
  handler: (request: Request, port: number) => Response | Promise<Response>,
  fn: (port: number, seen: { path: string; authorization: string | null }[]) => Promise<void>,
): Promise<void> {
  const seen: { path: string; authorization: string | null }[] = [];
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
  }, (request): Response | Promise<Response> => {
    seen.push({
      path: new URL(request.url).pathname,
      authorization: request.headers.get("authorization"),
    });
    return handler(request, server.addr.port);
  });
  try {
    await fn(server.addr.port, seen);
  } finally {
    await server.shutdown();
  }
}

const bearer = (realm: string) =>
  new Response(null, {
    status: 401,
    headers: { "www-authenticate": `Bearer realm="${realm}",service="s",scope="x"` },
  });

Deno.test("OciRegistryResolver sends no credentials to a token realm over plain HTTP off loopback", async () => {
  // 0.0.0.0 reaches this loopback server, but is no loopback name: as a realm it is any host.
  await withServer(
    (request, port) =>
      new URL(request.url).pathname === "/token"
        ? Response.json({ token: "t" })
        : bearer(`http://0.0.0.0:${port}/token`),
    async (port, seen) => {
      const host = `127.0.0.1:${port}`;
      const resolver = new OciRegistryResolver({ auths: configFor(host, "ci", "s3cret") });
      await assert.rejects(
        resolver.resolve(parseImageReference(`${host}/app:1`)),
        (error) =>
          error instanceof RegistryError && !error.transient &&
          /token realm "http:\/\/0\.0\.0\.0:\d+\/token" is not HTTPS/.test(error.message),
      );
      assert.deepEqual(seen.map((r) => r.path), ["/v2/app/manifests/1"], "no token request");
    },
  );
});

Deno.test("OciRegistryResolver refuses a token realm that is no http(s) URL", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/token.json`, JSON.stringify({ token: "from-a-file" }));
  await withServer((request) => {
    if (request.headers.get("authorization") === "Bearer from-a-file") {
      return new Response(null, {
        headers: { "docker-content-digest": `sha256:${"a".repeat(64)}` },
      });
    }
    return bearer(`file://${dir}/token.json`);
  }, async (port) => {
    await assert.rejects(
      new OciRegistryResolver().resolve(parseImageReference(`127.0.0.1:${port}/app:1`)),
      (error) => error instanceof RegistryError && /is not HTTPS/.test(error.message),
    );
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("OciRegistryResolver gives the registry's credentials to no challenge of a host it redirected to", async () => {
  await withServer(
    (request, port) =>
      new URL(request.url).pathname === "/token"
        ? Response.json({ token: "t" })
        : bearer(`http://localhost:${port}/token`),
    async (otherPort, seen) => {
      await withServer(
        (request) =>
          Response.redirect(`http://localhost:${otherPort}${new URL(request.url).pathname}`, 307),
        async (port) => {
          const host = `127.0.0.1:${port}`;
          const resolver = new OciRegistryResolver({ auths: configFor(host, "ci", "s3cret") });
          await resolver.resolve(parseImageReference(`${host}/app:1`)).catch(() => {});
          const token = seen.find((r) => r.path === "/token");
          assert.ok(token, "the other host's realm was asked for a token");
          assert.equal(token.authorization, null, "anonymously");
        },
      );
    },
  );
});

Deno.test("OciRegistryResolver refuses a manifest over 4 MiB or that is not JSON, without a digest header", async () => {
  for (
    const [body, message] of [
      ["{}" + " ".repeat(4 * 1024 * 1024), /larger than 4 MiB/],
      ["<html>Sign in to continue</html>", /not a JSON manifest/],
    ] as const
  ) {
    await withServer(
      (request) => new Response(request.method === "HEAD" ? null : body),
      async (port) => {
        await assert.rejects(
          new OciRegistryResolver().resolve(parseImageReference(`127.0.0.1:${port}/app:1`)),
          (error) =>
            error instanceof RegistryError && !error.transient && message.test(error.message),
        );
      },
    );
  }
});

Deno.test("OciRegistryResolver gives up on a token service that sends headers and then nothing", async () => {
  const stalled: ReadableStreamDefaultController[] = [];
  await withServer(
    (request, port) =>
      new URL(request.url).pathname === "/token"
        ? new Response(new ReadableStream({ start: (c) => void stalled.push(c) }), {
          headers: { "content-type": "application/json" },
        })
        : bearer(`http://127.0.0.1:${port}/token`),
    async (port) => {
      await assert.rejects(
        new OciRegistryResolver({ requestTimeoutMs: 50 }).resolve(
          parseImageReference(`127.0.0.1:${port}/app:1`),
        ),
        (error) => error instanceof RegistryError && error.transient,
      );
      for (const c of stalled) c.close();
    },
  );
});

Deno.test("parseChallenge() takes the Bearer challenge of a header holding two", () => {
  assert.deepEqual(
    parseChallenge('Basic realm="Registry, Inc.", Bearer realm="https://t/token",service="s"'),
    { scheme: "bearer", params: { realm: "https://t/token", service: "s" } },
  );
  assert.deepEqual(
    parseChallenge('Bearer realm="https://t/token",scope="repository:a/b:pull,push"'),
    { scheme: "bearer", params: { realm: "https://t/token", scope: "repository:a/b:pull,push" } },
  );
});

Deno.test("OciRegistryResolver asks again once after a token: a registry that keeps answering 401 is refused access", async () => {
  await withServer(
    (request, port) =>
      new URL(request.url).pathname === "/token"
        ? Response.json({ token: "t" })
        : bearer(`http://127.0.0.1:${port}/token`),
    async (port, seen) => {
      await assert.rejects(
        new OciRegistryResolver().resolve(parseImageReference(`127.0.0.1:${port}/app:1`)),
        RegistryAccessError,
      );
      assert.deepEqual(seen.map((r) => r.path), [
        "/v2/app/manifests/1",
        "/token",
        "/v2/app/manifests/1",
      ]);
    },
  );
});
