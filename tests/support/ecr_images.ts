/**
 * Images in the simulated ECR for digest tests: a repository, manifests pushed under tags (the
 * digest is the sha256 of the manifest's bytes, as in ECR), and the image references to them.
 *
 * @module
 */
import type { SimulatedEcr } from "../../src/simulator/simulated_ecr.ts";

/** A small image manifest; `seed` makes its bytes, and so its digest, unique. */
export function aManifest(seed: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: `sha256:${seed.padEnd(64, "0").slice(0, 64).replace(/[^a-f0-9]/g, "a")}`,
      size: 2,
    },
    layers: [],
  });
}

/** Creates repository `name` (if missing) and pushes `manifest` as `tag`; returns its digest. */
export async function pushEcrImage(
  ecr: SimulatedEcr,
  name: string,
  tag: string,
  manifest: string = aManifest(`${name}-${tag}`),
): Promise<string> {
  await ecr.call("CreateRepository", { repositoryName: name }).catch((error) => {
    if (!/already exists/.test(String(error))) throw error;
  });
  const { image } = await ecr.call("PutImage", {
    repositoryName: name,
    imageTag: tag,
    imageManifest: manifest,
  });
  return (image as { imageId: { imageDigest: string } }).imageId.imageDigest;
}
