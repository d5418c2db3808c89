/**
 * {@linkcode ImageResolver} on the OCI distribution API, for every registry that is not ECR:
 * `HEAD /v2/<name>/manifests/<tag>` asking for the OCI and Docker manifest and index media
 * types, answered with `Docker-Content-Digest` (or, where a registry leaves that header out, a
 * GET whose body's sha256 is the digest). A multi-arch image keeps its index digest, so that
 * the pinned image runs on every platform. Authentication as Docker does it: a `401` with
 * `WWW-Authenticate: Bearer realm=...,service=...,scope=...` is answered by fetching a token from the realm (anonymously,
 * or with the registry's credentials from `--registry-auth`) and asking again; `Basic` gets the
 * credentials directly, only to the registry that asked (not to a host it redirected to).
 * Loopback registries and token realms are spoken to over HTTP, others over HTTPS only
 * (`registry_host.ts`). Every request gives up after a per-request timeout, and no answer over
 * 4 MiB is read.
 *
 * @module
 */
import { formatImageReference, type ImageReference } from "../image/image_reference.ts";
import { isLoopbackRegistry, registryBaseUrl } from "../image/registry_host.ts";
import {
  credentialsFor,
  type RegistryAuths,
  type RegistryCredentials,
} from "./docker_config_auth.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  isTransientStatus,
  RegistryAccessError,
  RegistryError,
  type ResolvedImage,
} from "./image_resolver.ts";

/** The manifest media types a deploy accepts: an index first, so multi-arch keeps its index. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];

/** The default longest time of one request, sent to answer read. */
export const DEFAULT_REGISTRY_REQUEST_TIMEOUT_MS = 10_000;

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** The largest manifest or token answer read: registries refuse manifests over 4 MiB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options of {@linkcode OciRegistryResolver}. */
export interface OciRegistryResolverOptions {
  /** Credentials by registry, from `--registry-auth`; anonymous where absent. */
  auths?: RegistryAuths;
  /** 10 s unless given. */
  requestTimeoutMs?: number;
  /** Receives one line per request (method, URL, status); never credentials or tokens. */
  logger?: (line: string) => void;
}

/** Resolves tags through the OCI distribution API. */
export class OciRegistryResolver implements ImageResolver {
  readonly #auths: RegistryAuths;
  readonly #timeoutMs: number;
  readonly #logger: ((line: string) => void) | undefined;
  /** Bearer tokens by realm, service and scope, reused within the run. */
  readonly #tokens = new Map<string, string>();

  constructor(options: OciRegistryResolverOptions = {}) {
    this.#auths = options.auths ?? new Map();
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REGISTRY_REQUEST_TIMEOUT_MS;
    this.#logger = options.logger;
  }

  async resolve(image: ImageReference, signal?: AbortSignal): Promise<ResolvedImage> {
    const name = formatImageReference(image);
    const reference = image.tag ?? image.digest ?? "latest";
    const url = `${registryBaseUrl(image.domain)}/v2/${image.path}/manifests/${reference}`;
    const credentials = credentialsFor(this.#auths, image.domain);
    const head = await this.#authorised("HEAD", url, name, credentials, signal);
    const fromHeader = head.headers.get("docker-content-digest");
    const mediaType = head.headers.get("content-type") ?? undefined;
    if (fromHeader !== null) {
      if (!DIGEST_RE.test(fromHeader)) {
        throw new RegistryError(
          `The registry answered for "${name}" with digest ${JSON.stringify(fromHeader)}, ` +
            `not "sha256:" and 64 hex digits`,
          { transient: false },
        );
      }
      return { digest: fromHeader, ...(mediaType ? { mediaType } : {}) };
    }
    // No header: the digest is that of the manifest's bytes exactly as served.
    const get = await this.#authorised("GET", url, name, credentials, signal);
    const body = await readBody(get, `The manifest of "${name}"`);
    try {
      JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      // A sign-in page or a proxy's answer: its hash would pin an image that does not exist.
      throw new RegistryError(`The registry's answer for "${name}" is not a JSON manifest`, {
        transient: false,
        cause: error,
      });
    }
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    const digest = `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const type = get.headers.get("content-type") ?? undefined;
    return { digest, ...(type ? { mediaType: type } : {}) };
  }

  /** One manifest request, authenticated as the registry asks; only a 200 returns. */
  async #authorised(
    method: "HEAD" | "GET",
    url: string,
    name: string,
    credentials: RegistryCredentials | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const headers = { accept: MANIFEST_MEDIA_TYPES.join(", ") };
    let response = await this.#fetch(method, url, headers, name, signal);
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get("www-authenticate") ?? "");
      await response.body?.cancel();
      // The credentials are the registry's: a host it redirected to asks for them in vain.
      const own = response.url === "" || new URL(response.url).origin === new URL(url).origin
        ? credentials
        : undefined;
      let authorization: string | undefined;
      if (challenge?.scheme === "bearer") {
        authorization = `Bearer ${await this.#token(challenge.params, name, own, signal)}`;
      } else if (challenge?.scheme === "basic" && own) {
        authorization = basic(own);
      }
      if (authorization === undefined) throw denied(name, 401, credentials);
      response = await this.#fetch(method, url, { ...headers, authorization }, name, signal);
    }
    if (response.status === 200) return response;
    await response.body?.cancel();
    if (response.status === 404) {
      throw new ImageNotFoundError(
        `image not found: the registry has no "${name}" (HTTP 404 for ${redacted(url)})`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw denied(name, response.status, credentials);
    }
    throw new RegistryError(
      `The registry answered HTTP ${response.status} for "${name}" (${redacted(url)})`,
      { transient: isTransientStatus(response.status) },
    );
  }

  /** A bearer token for the challenge, from its realm; cached for the run. */
  async #token(
    params: Record<string, string>,
    name: string,
    credentials: RegistryCredentials | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const realm = params.realm;
    if (!realm) {
      throw new RegistryError(`The registry asked for a token for "${name}" without a realm`, {
        transient: false,
      });
    }
    let url: URL;
    try {
      url = new URL(realm);
    } catch (error) {
      throw new RegistryError(`The token realm ${JSON.stringify(realm)} is not a URL`, {
        transient: false,
        cause: error,
      });
    }
    // The token request may carry the credentials: plain HTTP only on loopback, as registries.
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackRegistry(url.host))) {
      throw new RegistryError(
        `The token realm ${JSON.stringify(redacted(realm))} is not HTTPS; refusing to ask it ` +
          `for a token for "${name}"`,
        { transient: false },
      );
    }
    if (params.service) url.searchParams.set("service", params.service);
    if (params.scope) url.searchParams.set("scope", params.scope);
    const key = `${credentials ? "auth" : "anon"} ${url}`;
    const cached = this.#tokens.get(key);
    if (cached !== undefined) return cached;
    const response = await this.#fetch(
      "GET",
      url.toString(),
      credentials ? { authorization: basic(credentials) } : {},
      name,
      signal,
    );
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw denied(name, response.status, credentials);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new RegistryError(
        `The token service answered HTTP ${response.status} for "${name}" (${redacted(realm)})`,
        { transient: isTransientStatus(response.status) },
      );
    }
    let body: { token?: unknown; access_token?: unknown };
    try {
      body = JSON.parse(
        new TextDecoder().decode(
          await readBody(response, `The token service's answer for "${name}"`),
        ),
      );
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw new RegistryError(`The token service's answer for "${name}" is not JSON`, {
        transient: true,
        cause: error,
      });
    }
    const token = typeof body.token === "string"
      ? body.token
      : typeof body.access_token === "string"
      ? body.access_token
      : undefined;
    if (!token) {
      throw new RegistryError(`The token service's answer for "${name}" has no token`, {
        transient: false,
      });
    }
    this.#tokens.set(key, token);
    return token;
  }

  async #fetch(
    method: string,
    url: string,
    headers: Record<string, string>,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method,
        headers,
        redirect: "follow",
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      this.#log(method, url, String(response.status), started);
      return response;
    } catch (error) {
      this.#log(method, url, "failed", started);
      if (signal?.aborted) throw signal.reason ?? error;
      const why = timeout.aborted
        ? `no answer within ${this.#timeoutMs / 1000} s`
        : (error as Error).message;
      throw new RegistryError(
        `Cannot reach the registry of "${name}" at ${new URL(url).origin}: ${why}`,
        { transient: true, cause: error },
      );
    }
  }

  #log(method: string, url: string, result: string, started: number): void {
    if (!this.#logger) return;
    const ms = Math.round(performance.now() - started);
    this.#logger(`registry ${method} ${redacted(url)} ${result} ${ms}ms`);
  }
}

/**
 * The body of a response, at most {@linkcode MAX_BODY_BYTES}; what is larger is no manifest or
 * token, and is not read to its end.
 */
async function readBody(response: Response, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Leaving the loop early cancels the rest of the body.
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        throw new RegistryError(`${what} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, {
          transient: false,
        });
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError(`${what} was cut off: ${(error as Error).message}`, {
      transient: true,
      cause: error,
    });
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function basic({ username, password }: RegistryCredentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function denied(name: string, status: number, credentials: RegistryCredentials | undefined) {
  const advice = credentials
    ? "the credentials from --registry-auth were refused"
    : "give credentials for this registry with --registry-auth FILE (a Docker config.json)";
  return new RegistryAccessError(
    `The registry refused access to "${name}" (HTTP ${status}): the repository does not exist ` +
      `or needs authorization; ${advice}`,
  );
}

/** A URL without its query (a token request's scope is harmless, but keep lines short). */
function redacted(url: string): string {
  return url.split("?")[0]!;
}

/**
 * The scheme and parameters of a `WWW-Authenticate` challenge:
 * `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`.
 * A header may hold several (`Basic realm="x", Bearer realm=...`, or two headers joined);
 * the Bearer one is taken where there is one, since it alone works without credentials.
 */
export function parseChallenge(
  header: string,
): { scheme: string; params: Record<string, string> } | undefined {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  const param = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/y;
  const scheme = /[A-Za-z][\w-]*/y;
  for (let at = 0; at < header.length;) {
    if (/[\s,]/.test(header[at]!)) {
      at++;
      continue;
    }
    param.lastIndex = at;
    const pair = param.exec(header);
    const current = challenges.at(-1);
    if (pair && current) {
      const [, key, quoted, bare] = pair;
      current.params[key!.toLowerCase()] = quoted !== undefined
        ? quoted.replace(/\\(.)/g, "$1")
        : bare!;
      at = param.lastIndex;
      continue;
    }
    scheme.lastIndex = at;
    const name = scheme.exec(header);
    if (name) {
      challenges.push({ scheme: name[0].toLowerCase(), params: {} });
      at = scheme.lastIndex;
      continue;
    }
    at++;
  }
  return challenges.find((c) => c.scheme === "bearer") ?? challenges[0];
}
