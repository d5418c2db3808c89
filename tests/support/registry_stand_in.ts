/**
 * A small registry stand-in on loopback for the distribution API's authentication flows, which
 * the real registry of the tests (run without auth) does not exercise: a token service that
 * hands out bearer tokens (anonymously, or for Basic credentials) and manifests answered only
 * with a valid token, or with Basic credentials directly. It serves what it is given and
 * records every request.
 *
 * @module
 */

/** What the stand-in asks of its clients. */
export type StandInAuth = "none" | "bearer" | "basic";

/** A recorded request. */
export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  accept: string | null;
}

/** A running stand-in. */
export interface RegistryStandIn {
  /** `127.0.0.1:PORT`, the registry domain of its images. */
  host: string;
  requests: StandInRequest[];
  close(): Promise<void>;
}

/** Options of {@linkcode startRegistryStandIn}. */
export interface StandInOptions {
  auth: StandInAuth;
  /** `name:tag` to manifest body and media type. */
  manifests: Record<string, { body: string; mediaType: string }>;
  /** Credentials the stand-in accepts (user to password); anonymous tokens too when absent. */
  users?: Record<string, string>;
  /** Answer without `Docker-Content-Digest`, as some registries do. */
  omitDigestHeader?: boolean;
}

const TOKEN = "stand-in-token";

/** The sha256 digest of a manifest body, as registries compute it. */
export async function digestOfBody(body: string): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)),
  );
  return `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Starts the stand-in on a free loopback port. */
export function startRegistryStandIn(options: StandInOptions): RegistryStandIn {
  const requests: StandInRequest[] = [];
  const credentialsOk = (authorization: string | null) => {
    if (!options.users) return true;
    if (!authorization?.startsWith("Basic ")) return false;
    const [user, ...rest] = atob(authorization.slice(6)).split(":");
    return options.users[user!] === rest.join(":");
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const url = new URL(request.url);
    const authorization = request.headers.get("authorization");
    requests.push({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization,
      accept: request.headers.get("accept"),
    });
    if (url.pathname === "/token") {
      if (options.users && !credentialsOk(authorization)) {
        return new Response("denied", { status: 401 });
      }
      return Response.json({ token: TOKEN });
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!match) return new Response("not found", { status: 404 });
    const [, name, tag] = match;
    if (options.auth === "bearer" && authorization !== `Bearer ${TOKEN}`) {
      const realm = `http://${url.host}/token`;
      return new Response(null, {
        status: 401,
        headers: {
          "www-authenticate":
            `Bearer realm="${realm}",service="stand-in",scope="repository:${name}:pull"`,
        },
      });
    }
    if (options.auth === "basic" && !(authorization && credentialsOk(authorization))) {
      return new Response(null, {
        status: 401,
        headers: { "www-authenticate": 'Basic realm="stand-in"' },
      });
    }
    const manifest = options.manifests[`${name}:${tag}`];
    if (!manifest) {
      return Response.json({ errors: [{ code: "MANIFEST_UNKNOWN" }] }, { status: 404 });
    }
    const headers: Record<string, string> = { "content-type": manifest.mediaType };
    if (!options.omitDigestHeader) {
      headers["docker-content-digest"] = await digestOfBody(manifest.body);
    }
    return new Response(request.method === "HEAD" ? null : manifest.body, { headers });
  });
  return {
    host: `127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}
