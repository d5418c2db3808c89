/**
 * Container image references in the OCI distribution grammar:
 * `[domain[:port]/]path[:tag][@digest]`, with Docker Hub's normalisation (`nginx` is
 * `docker.io/library/nginx`). Pure functions; every error is an {@linkcode InvalidRequestError}.
 *
 * @module
 */

import { InvalidRequestError } from "../errors.ts";

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** Registry host with optional port, `docker.io` for Docker Hub (also for `index.docker.io`). */
  domain: string;
  /** Repository path below the domain; Docker Hub's official images get `library/`. */
  path: string;
  tag?: string;
  /** `algorithm:hex`, such as `sha256:` followed by 64 hex digits. */
  digest?: string;
}

/** The registry Docker assumes when a reference names none. */
export const DEFAULT_DOMAIN = "docker.io";
/** The tag a reference without tag or digest means. */
export const DEFAULT_TAG = "latest";

const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
/** distribution/reference NameTotalLengthMax: the normalised `domain/path`. */
const NAME_MAX_LENGTH = 255;

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
/** Hex lengths of the digest algorithms registries accept (as go-digest does). */
const DIGEST_HEX_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** The parts of a reference as the user spelled them, before normalisation. */
interface Spelling {
  /** `domain/path` or `path` exactly as written. */
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses an image reference such as `nginx`, `localhost:5000/team/app:1.2` or
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:...`.
 *
 * @throws {InvalidRequestError} naming the reference and what is wrong with it
 */
export function parseImageReference(text: string): ImageReference {
  return analyse(text).reference;
}

/** The normalised repository, `domain/path`: the key that tells whether two images are one. */
export function repositoryOf(ref: ImageReference): string {
  // Host names are case-insensitive; paths are lowercase by grammar.
  return `${ref.domain.toLowerCase()}/${ref.path}`;
}

/** The tag a reference stands for: its own, `latest` when it has neither tag nor digest. */
export function effectiveTag(ref: ImageReference): string | undefined {
  if (ref.tag !== undefined) return ref.tag;
  return ref.digest === undefined ? DEFAULT_TAG : undefined;
}

/** The fully normalised spelling: `docker.io/library/nginx:latest` for `nginx`. */
export function formatImageReference(ref: ImageReference): string {
  const tag = effectiveTag(ref);
  return repositoryOf(ref) + (tag === undefined ? "" : `:${tag}`) +
    (ref.digest === undefined ? "" : `@${ref.digest}`);
}

/**
 * Whether two references name the same repository (`nginx` and `docker.io/library/nginx:1`).
 *
 * @throws {InvalidRequestError} when either is not a valid reference
 */
export function sameRepository(a: string, b: string): boolean {
  return repositoryOf(parseImageReference(a)) === repositoryOf(parseImageReference(b));
}

/**
 * Whether two references name the same image: same repository, same tag (`latest` when
 * omitted) and same digest.
 *
 * @throws {InvalidRequestError} when either is not a valid reference
 */
export function sameImage(a: string, b: string): boolean {
  return formatImageReference(parseImageReference(a)) ===
    formatImageReference(parseImageReference(b));
}

/**
 * The image with its tag replaced by `tag` and any digest dropped, keeping the image's own
 * spelling of domain and path: `withTag("nginx@sha256:...", "v2")` is `nginx:v2`.
 *
 * @throws {InvalidRequestError} when the image or the tag is invalid
 */
export function withTag(image: string, tag: string): string {
  validateTag(tag);
  return `${analyse(image).spelling.name}:${tag}`;
}

/**
 * The image pinned to `digest`, keeping the image's own spelling of domain and path and dropping
 * its tag: `withDigest("nginx:1.27", "sha256:...")` is `nginx@sha256:...`.
 *
 * @throws {InvalidRequestError} when the image or the digest is invalid
 */
export function withDigest(image: string, digest: string): string {
  const problem = digestProblem(digest);
  if (problem !== undefined) {
    throw new InvalidRequestError(`Invalid image digest ${JSON.stringify(digest)}: ${problem}`);
  }
  return `${analyse(image).spelling.name}@${digest}`;
}

/**
 * Checks a tag against the grammar, `[\w][\w.-]{0,127}`.
 *
 * @throws {InvalidRequestError} naming the tag and what is wrong with it
 */
export function validateTag(tag: string): void {
  const problem = tagProblem(tag);
  if (problem !== undefined) {
    throw new InvalidRequestError(`Invalid image tag ${JSON.stringify(tag)}: ${problem}`);
  }
}

function analyse(text: string): { reference: ImageReference; spelling: Spelling } {
  const fail = (why: string): never => {
    throw new InvalidRequestError(`Invalid image reference ${JSON.stringify(text)}: ${why}`);
  };
  if (text.length === 0) fail("reference is empty");
  if (/\s/.test(text)) fail("reference must not contain whitespace");

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem !== undefined) fail(problem);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    const problem = tagProblem(tag);
    if (problem !== undefined) fail(problem);
  }

  const name = rest;
  if (name.length === 0) fail("repository name is empty");

  let domain = DEFAULT_DOMAIN;
  let path = name;
  const slash = name.indexOf("/");
  if (slash >= 0) {
    const first = name.slice(0, slash);
    // The same rule as Docker: only a component that looks like a host is a registry.
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      if (!DOMAIN_RE.test(first)) fail(`registry host ${JSON.stringify(first)} is invalid`);
      domain = first;
      path = name.slice(slash + 1);
    }
  }
  const lowerDomain = domain.toLowerCase();
  if (lowerDomain === LEGACY_DEFAULT_DOMAIN || lowerDomain === DEFAULT_DOMAIN) {
    domain = DEFAULT_DOMAIN;
  }

  if (path.length === 0) fail("repository path is empty");
  if (/[A-Z]/.test(path)) fail("repository name must be lowercase");
  for (const component of path.split("/")) {
    if (component.length === 0) fail("repository path has an empty component");
    if (!PATH_COMPONENT_RE.test(component)) {
      fail(
        `repository path component ${JSON.stringify(component)} must be lowercase letters ` +
          `and digits, separated by ".", "_", "__" or "-"`,
      );
    }
  }
  if (domain === DEFAULT_DOMAIN && IDENTIFIER_RE.test(path)) {
    fail("repository name must not be a 64-character hexadecimal identifier");
  }
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = `library/${path}`;

  const normalisedName = `${domain}/${path}`;
  if (normalisedName.length > NAME_MAX_LENGTH) {
    fail(`repository name is longer than ${NAME_MAX_LENGTH} characters`);
  }

  const reference: ImageReference = { domain, path };
  const spelling: Spelling = { name };
  if (tag !== undefined) reference.tag = spelling.tag = tag;
  if (digest !== undefined) reference.digest = spelling.digest = digest;
  return { reference, spelling };
}

function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return "tag is empty";
  if (tag.length > 128) return `tag is longer than 128 characters`;
  if (!TAG_RE.test(tag)) {
    return `tag ${JSON.stringify(tag)} must start with a letter, digit or "_" and contain ` +
      `only letters, digits, "_", "." and "-"`;
  }
  return undefined;
}

function digestProblem(digest: string): string | undefined {
  if (digest.length === 0) return "digest is empty";
  const colon = digest.indexOf(":");
  if (colon < 0) {
    return `digest ${JSON.stringify(digest)} must be "algorithm:hex", such as "sha256:" and ` +
      `64 hex digits`;
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTHS[algorithm];
  if (length === undefined) {
    return `digest algorithm ${JSON.stringify(algorithm)} is not supported; use "sha256", ` +
      `"sha384" or "sha512"`;
  }
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    return `digest ${JSON.stringify(digest)} must be "${algorithm}:" followed by ${length} ` +
      `lowercase hex digits`;
  }
  return undefined;
}
