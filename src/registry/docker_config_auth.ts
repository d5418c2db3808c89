/**
 * Registry credentials from Docker's `config.json` (`--registry-auth FILE`): the `auths` map of
 * registry to `auth`, the base64 of `user:password` that `docker login` writes. Credential
 * stores and helpers (`credsStore`, `credHelpers`) keep secrets outside the file and are not
 * read. Pure: the caller reads the file.
 *
 * @module
 */
import { InvalidRequestError } from "../errors.ts";
import { DEFAULT_DOMAIN } from "../image/image_reference.ts";
import { DOCKER_HUB_REGISTRY } from "../image/registry_host.ts";

/** A user name and password for one registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Credentials by registry host (lowercase `host[:port]`). */
export type RegistryAuths = ReadonlyMap<string, RegistryCredentials>;

// The names Docker Hub goes by in config files: `docker login` writes the first.
const DOCKER_HUB_KEYS = ["index.docker.io", DEFAULT_DOMAIN, DOCKER_HUB_REGISTRY];

/**
 * Parses a Docker `config.json`. Keys may be hosts or URLs (`https://index.docker.io/v1/`);
 * both become the host. Entries without `auth` are skipped.
 *
 * @throws {InvalidRequestError} naming `source` when the text is not such a file; the message
 * never quotes a credential
 */
export function parseDockerConfig(text: string, source: string): RegistryAuths {
  const fail = (why: string): never => {
    throw new InvalidRequestError(`Invalid option --registry-auth "${source}": ${why}`);
  };
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return fail("not JSON; expected a Docker config.json");
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return fail("not a JSON object; expected a Docker config.json");
  }
  const auths = (config as { auths?: unknown }).auths ?? {};
  if (typeof auths !== "object" || auths === null || Array.isArray(auths)) {
    return fail(`"auths" is not an object`);
  }
  const found = new Map<string, RegistryCredentials>();
  for (const [key, entry] of Object.entries(auths)) {
    const auth = (entry as { auth?: unknown } | null)?.auth;
    if (auth === undefined || auth === "") continue;
    if (typeof auth !== "string") fail(`"auths.${key}.auth" is not a string`);
    let decoded: string;
    try {
      decoded = new TextDecoder("utf-8", { fatal: true }).decode(
        Uint8Array.from(atob(auth as string), (c) => c.charCodeAt(0)),
      );
    } catch {
      return fail(`"auths.${key}.auth" is not base64`);
    }
    const colon = decoded.indexOf(":");
    if (colon < 0) fail(`"auths.${key}.auth" is not base64 of "user:password"`);
    found.set(hostOfKey(key), {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
    });
  }
  return found;
}

/** The credentials for a registry domain of an image reference, if the file has any. */
export function credentialsFor(
  auths: RegistryAuths,
  domain: string,
): RegistryCredentials | undefined {
  const host = domain.toLowerCase();
  const keys = DOCKER_HUB_KEYS.includes(host) ? DOCKER_HUB_KEYS : [host];
  for (const key of keys) {
    const credentials = auths.get(key);
    if (credentials) return credentials;
  }
  return undefined;
}

function hostOfKey(key: string): string {
  const withoutScheme = key.replace(/^[a-z]+:\/\//i, "");
  return withoutScheme.split("/")[0]!.toLowerCase();
}
