/**
 * Where an image reference's registry is and how to speak to it: the base URL of its
 * distribution API (Docker Hub's `docker.io` is served by `registry-1.docker.io`; a loopback
 * registry is spoken to over plain HTTP, as Docker does, every other over HTTPS), and whether it
 * is an Amazon ECR registry, whose images are read through the ECR API instead. Pure.
 *
 * @module
 */
import { DEFAULT_DOMAIN, type ImageReference } from "./image_reference.ts";

/** The host that serves Docker Hub's distribution API. */
export const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

/** An Amazon ECR private registry named by an image host. */
export interface EcrRepository {
  /** The AWS account id that owns the registry (ECR's `registryId`). */
  registryId: string;
  region: string;
  repositoryName: string;
}

// ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn], the private registry hosts ECR documents.
const ECR_HOST_RE = /^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The ECR repository an image is in, or undefined when its registry is not ECR's. */
export function ecrRepositoryOf(ref: ImageReference): EcrRepository | undefined {
  const match = ECR_HOST_RE.exec(ref.domain.toLowerCase());
  if (!match) return undefined;
  return { registryId: match[1]!, region: match[2]!, repositoryName: ref.path };
}

/** The host name of a `domain[:port]`, brackets of an IPv6 address removed. */
function hostName(domain: string): string {
  const bracketed = /^\[([^\]]+)\](?::[0-9]+)?$/.exec(domain);
  if (bracketed) return bracketed[1]!;
  return domain.replace(/:[0-9]+$/, "");
}

/**
 * True for a registry on the loopback interface (`localhost`, `127.0.0.0/8`, `::1`), which
 * Docker speaks to over plain HTTP without being told to.
 */
export function isLoopbackRegistry(domain: string): boolean {
  const host = hostName(domain).toLowerCase();
  if (host === "localhost" || host === "::1") return true;
  return /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(host);
}

/**
 * The base URL of the registry's distribution API, without the `/v2/` path: `http://` for a
 * loopback registry, `https://` for every other (no flag turns TLS off elsewhere).
 */
export function registryBaseUrl(domain: string): string {
  const lower = domain.toLowerCase();
  if (lower === DEFAULT_DOMAIN) return `https://${DOCKER_HUB_REGISTRY}`;
  return `${isLoopbackRegistry(lower) ? "http" : "https"}://${lower}`;
}
