/**
 * Digests through a real registry: Debian's `docker-registry` on a loopback port (spoken to over
 * plain HTTP, as Docker does for loopback), images pushed through its HTTP API, resolved by the
 * distribution-API resolver and pinned by the CLI as a subprocess against the emulator. Skipped,
 * with the reason printed, where `docker-registry` cannot be had.
 */
import assert from "node:assert/strict";
import { parseImageReference } from "../../src/image/image_reference.ts";
import { ImageNotFoundError } from "../../src/registry/image_resolver.ts";
import { OciRegistryResolver } from "../../src/registry/oci_registry_resolver.ts";
import {
  dockerRegistryUnavailable,
  pushImage,
  startDockerRegistry,
} from "../support/docker_registry.ts";
import { resultLine, runCliProcess } from "../support/spawn_cli.ts";
import { cliTarget, inWorld, operationsOf, runOnly } from "./e2e_world.ts";

const unavailable = await dockerRegistryUnavailable();
if (unavailable) {
  Deno.stderr.writeSync(
    new TextEncoder().encode(`registry_digests_e2e_test: skipped: ${unavailable}\n`),
  );
}

Deno.test({
  name: `digests through a real registry (docker-registry)${
    unavailable ? ` (skipped: ${unavailable})` : ""
  }`,
  ignore: unavailable !== undefined,
  fn: async (t) => {
    const registry = await startDockerRegistry();
    const resolver = new OciRegistryResolver();
    try {
      const one = await pushImage(registry, "team/app", "1", "one");
      const two = await pushImage(registry, "team/app", "2", "two");

      await t.step("a tag resolves to the digest the registry gave the manifest", async () => {
        const resolved = await resolver.resolve(parseImageReference(`${registry.host}/team/app:1`));
        assert.equal(resolved.digest, one.digest);
        assert.equal(resolved.mediaType, "application/vnd.oci.image.manifest.v1+json");
      });

      await t.step("a multi-arch index keeps the index digest", async () => {
        const amd = await pushImage(registry, "team/multi", "amd64", "amd64");
        const arm = await pushImage(registry, "team/multi", "arm64", "arm64");
        const entry = (digest: string, body: string, architecture: string) => ({
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest,
          size: new TextEncoder().encode(body).length,
          platform: { architecture, os: "linux" },
        });
        const index = await registry.pushManifest(
          "team/multi",
          "latest",
          JSON.stringify({
            schemaVersion: 2,
            mediaType: "application/vnd.oci.image.index.v1+json",
            manifests: [entry(amd.digest, amd.body, "amd64"), entry(arm.digest, arm.body, "arm64")],
          }),
          "application/vnd.oci.image.index.v1+json",
        );
        const resolved = await resolver.resolve(parseImageReference(`${registry.host}/team/multi`));
        assert.equal(resolved.digest, index);
        assert.notEqual(resolved.digest, amd.digest);
        assert.equal(resolved.mediaType, "application/vnd.oci.image.index.v1+json");
      });

      await t.step("a tag the registry does not have is ImageNotFoundError", async () => {
        await assert.rejects(
          resolver.resolve(parseImageReference(`${registry.host}/team/app:nope`)),
          ImageNotFoundError,
        );
        await assert.rejects(
          resolver.resolve(parseImageReference(`${registry.host}/no/such:1`)),
          ImageNotFoundError,
        );
      });

      await t.step("deploy --pin-digests registers the registry's digest (exit 0)", async () => {
        await inWorld("registry-pin", {}, async (world) => {
          const repo = `${registry.host}/team/app`;
          await runOnly(world, `${repo}:1`);
          const exit = await runCliProcess(
            cliTarget(world, "-l", `web=${repo}:2`, "--pin-digests", "-t", "30"),
          );
          assert.equal(exit.code, 0, exit.stderr);
          const result = resultLine(exit);
          assert.deepEqual(result.digests, [
            {
              container: "web",
              image: `${repo}:2`,
              digest: two.digest,
              pinned: `${repo}@${two.digest}`,
            },
          ]);
          const register = world.requests.find((r) => r.operation === "RegisterTaskDefinition");
          const containers = register!.input.containerDefinitions as { image: string }[];
          assert.equal(containers[0]!.image, `${repo}@${two.digest}`);
          assert.deepEqual(result.digestVerification, { tasks: 2, mismatches: [] });
        });
      });

      await t.step(
        "deploy --pin-digests of a missing tag: exit 2, nothing registered",
        async () => {
          await inWorld("registry-missing", {}, async (world) => {
            const repo = `${registry.host}/team/app`;
            await runOnly(world, `${repo}:1`);
            const exit = await runCliProcess(
              cliTarget(world, "-l", `web=${repo}:9.9`, "--pin-digests", "-t", "30"),
            );
            assert.equal(exit.code, 2, exit.stderr);
            assert.match(
              String(resultLine(exit).reason),
              new RegExp(
                `container "web" image "${repo}:9.9": image not found: the registry has no`,
              ),
            );
            const operations = operationsOf(world);
            assert.ok(!operations.includes("RegisterTaskDefinition"), operations.join());
          });
        },
      );
    } finally {
      await registry.close();
    }
  },
});
