import assert from "node:assert/strict";
import { pinDigests, resolveDigests } from "../../../src/deploy/plan/resolve_digests.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import { formatImageReference } from "../../../src/image/image_reference.ts";
import {
  ImageNotFoundError,
  type ImageResolver,
  RegistryAccessError,
} from "../../../src/registry/image_resolver.ts";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

/** A registry holding `digests` by normalised reference, recording what it was asked. */
function aRegistry(digests: Record<string, string>): ImageResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve(image) {
      const name = formatImageReference(image);
      asked.push(name);
      const digest = digests[name];
      return digest
        ? Promise.resolve({ digest })
        : Promise.reject(new ImageNotFoundError(`image not found: no "${name}"`));
    },
  };
}

Deno.test("resolveDigests() asks once per image, `latest` for a bare name, none for a digest", async () => {
  const registry = aRegistry({
    "docker.io/library/nginx:latest": A,
    "ghcr.io/acme/app:1": B,
  });
  const digests = await resolveDigests(
    [
      { name: "a", image: "nginx" },
      { name: "b", image: "docker.io/library/nginx:latest" },
      { name: "c", image: "ghcr.io/acme/app:1" },
      { name: "d", image: `ghcr.io/acme/app@${A}` },
    ],
    registry,
    `"api"`,
  );

  assert.deepEqual(registry.asked, ["docker.io/library/nginx:latest", "ghcr.io/acme/app:1"]);
  assert.deepEqual(digests.map((d) => [d.container, d.digest, d.fromReference ?? false]), [
    ["a", A, false],
    ["b", A, false],
    ["c", B, false],
    ["d", A, true],
  ]);
});

Deno.test("pinDigests() pins in each image's own spelling and keeps what named its digest", () => {
  const next = {
    family: "api",
    containerDefinitions: [
      { name: "a", image: "nginx" },
      { name: "d", image: `ghcr.io/acme/app@${A}` },
    ],
  };
  const pinned = pinDigests(next, [
    { container: "a", image: "nginx", digest: A },
    { container: "d", image: `ghcr.io/acme/app@${A}`, digest: A, fromReference: true },
  ]);
  assert.deepEqual(pinned.next.containerDefinitions.map((c) => c.image), [
    `nginx@${A}`,
    `ghcr.io/acme/app@${A}`,
  ]);
  assert.equal(pinned.digests[0]!.pinned, `nginx@${A}`);
  assert.equal(pinned.digests[1]!.pinned, undefined);
  assert.equal(next.containerDefinitions[0]!.image, "nginx", "the input is not changed");
});

Deno.test("resolveDigests(): not found and refused are invalid input naming container and image", async () => {
  await assert.rejects(
    resolveDigests([{ name: "web", image: "ghcr.io/acme/app:nope" }], aRegistry({}), `"api"`),
    (error) =>
      error instanceof InvalidRequestError &&
      error.message ===
        `Cannot deploy "api": container "web" image "ghcr.io/acme/app:nope": image not found: ` +
          `no "ghcr.io/acme/app:nope"`,
  );
  const refusing: ImageResolver = {
    resolve: () => Promise.reject(new RegistryAccessError("The registry refused access")),
  };
  await assert.rejects(
    resolveDigests([{ name: "web", image: "ghcr.io/acme/app:1" }], refusing, `"api"`),
    InvalidRequestError,
  );
  await assert.rejects(
    resolveDigests([{ name: "web", image: "Not A Reference" }], refusing, `"api"`),
    /container "web" of "api": invalid image reference/,
  );
});
