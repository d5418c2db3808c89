/**
 * The ECR adapter (the real SDK, signed requests over HTTP) against the emulator's ECR endpoint,
 * and that endpoint's answers on the wire: what PutImage stores, BatchGetImage and
 * DescribeImages give back, and ECR's errors.
 */
import assert from "node:assert/strict";
import { type RunningEmulator, serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { parseImageReference } from "../../src/image/image_reference.ts";
import { AwsEcrResolver } from "../../src/registry/aws_ecr_resolver.ts";
import { ImageNotFoundError, RegistryAccessError } from "../../src/registry/image_resolver.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { aManifest, pushEcrImage } from "../support/ecr_images.ts";
import { FakeClock } from "../support/fake_clock.ts";

const CREDENTIALS = { accessKeyId: "AKIDECRTEST", secretAccessKey: "ecr-test-secret" };

async function withEmulator(
  fn: (resolver: AwsEcrResolver, emulator: RunningEmulator) => Promise<void>,
): Promise<void> {
  const emulator = await serveEmulator({ port: 0, clock: new FakeClock(), timings: fastTimings });
  const resolver = new AwsEcrResolver({ endpoint: emulator.url, credentials: CREDENTIALS });
  try {
    await fn(resolver, emulator);
  } finally {
    resolver.destroy();
    await emulator.shutdown();
  }
}

/** One ECR call on the wire, as the AWS CLI would send it. */
async function ecrCall(emulator: RunningEmulator, operation: string, input: unknown) {
  const response = await fetch(emulator.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AmazonEC2ContainerRegistry_V20150921.${operation}`,
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

Deno.test("AwsEcrResolver resolves a tag to the digest ECR has for it, through the emulator", async () => {
  await withEmulator(async (resolver, emulator) => {
    const digest = await pushEcrImage(emulator.sim.ecr, "team/api", "2");
    const ref = parseImageReference(`${emulator.sim.ecr.host}/team/api:2`);
    const resolved = await resolver.resolve(ref);
    assert.equal(resolved.digest, digest);
    assert.equal(resolved.mediaType, "application/vnd.oci.image.manifest.v1+json");
    assert.ok(emulator.calls.some((call) => call.operation === "BatchGetImage"));
  });
});

Deno.test("AwsEcrResolver: a missing tag and a missing repository are ImageNotFoundError", async () => {
  await withEmulator(async (resolver, emulator) => {
    await pushEcrImage(emulator.sim.ecr, "api", "1");
    const host = emulator.sim.ecr.host;
    await assert.rejects(
      resolver.resolve(parseImageReference(`${host}/api:nope`)),
      (error) => error instanceof ImageNotFoundError && /ImageNotFound/.test(error.message),
    );
    await assert.rejects(
      resolver.resolve(parseImageReference(`${host}/other:1`)),
      (error) =>
        error instanceof ImageNotFoundError && /RepositoryNotFoundException/.test(error.message),
    );
  });
});

Deno.test("AwsEcrResolver keeps the index digest of a multi-arch image", async () => {
  await withEmulator(async (resolver, emulator) => {
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: `sha256:${"b".repeat(64)}`,
        size: 100,
        platform: { architecture: "arm64", os: "linux" },
      }],
    });
    const digest = await pushEcrImage(emulator.sim.ecr, "api", "multi", index);
    const resolved = await resolver.resolve(
      parseImageReference(`${emulator.sim.ecr.host}/api:multi`),
    );
    assert.equal(resolved.digest, digest);
    assert.equal(resolved.mediaType, "application/vnd.oci.image.index.v1+json");
  });
});

Deno.test("the emulator's ECR answers PutImage, BatchGetImage and DescribeImages with ECR's shapes and errors", async () => {
  await withEmulator(async (_resolver, emulator) => {
    assert.equal(
      (await ecrCall(emulator, "CreateRepository", { repositoryName: "web" })).status,
      200,
    );
    const manifest = aManifest("wire");
    const put = await ecrCall(emulator, "PutImage", {
      repositoryName: "web",
      imageTag: "v1",
      imageManifest: manifest,
    });
    assert.equal(put.status, 200);
    const digest = put.body.image.imageId.imageDigest as string;
    assert.match(digest, /^sha256:[a-f0-9]{64}$/);

    const again = await ecrCall(emulator, "PutImage", {
      repositoryName: "web",
      imageTag: "v1",
      imageManifest: manifest,
    });
    assert.equal(again.body.__type, "ImageAlreadyExistsException");

    const batch = await ecrCall(emulator, "BatchGetImage", {
      repositoryName: "web",
      imageIds: [{ imageTag: "v1" }, { imageTag: "v2" }, {
        imageTag: "v1",
        imageDigest: `sha256:${"c".repeat(64)}`,
      }],
    });
    assert.equal(batch.body.images.length, 1);
    assert.equal(batch.body.images[0].imageId.imageDigest, digest);
    assert.deepEqual(batch.body.failures.map((f: { failureCode: string }) => f.failureCode), [
      "ImageNotFound",
      "ImageNotFound",
    ]);

    const described = await ecrCall(emulator, "DescribeImages", {
      repositoryName: "web",
      imageIds: [{ imageTag: "v1" }],
    });
    assert.deepEqual(described.body.imageDetails[0].imageTags, ["v1"]);
    assert.equal(described.body.imageDetails[0].imageDigest, digest);

    const missingTag = await ecrCall(emulator, "DescribeImages", {
      repositoryName: "web",
      imageIds: [{ imageTag: "v9" }],
    });
    assert.equal(missingTag.status, 400);
    assert.equal(missingTag.body.__type, "ImageNotFoundException");

    const missingRepo = await ecrCall(emulator, "BatchGetImage", {
      repositoryName: "nope",
      imageIds: [{ imageTag: "v1" }],
    });
    assert.equal(missingRepo.body.__type, "RepositoryNotFoundException");
    assert.match(missingRepo.body.message, /repository with name 'nope' does not exist/);
  });
});

Deno.test("SimulatedEcr.digestOf() gives an image its tag's digest, or its own, and knows no other registry", async () => {
  const clock = new FakeClock();
  const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
  try {
    const sim = emulator.sim;
    const digest = await pushEcrImage(sim.ecr, "api", "1");
    const image = `${sim.ecr.host}/api:1`;
    assert.equal(sim.ecr.digestOf(image), digest);
    assert.equal(sim.ecr.digestOf(`${sim.ecr.host}/api@${digest}`), digest);
    assert.equal(sim.ecr.digestOf("nginx:1"), undefined, "another registry's image");
  } finally {
    await emulator.shutdown();
  }
});

Deno.test("AwsEcrResolver falls back to DescribeImages where BatchGetImage is denied", async () => {
  await withEmulator(async (_resolver, emulator) => {
    const digest = await pushEcrImage(emulator.sim.ecr, "api", "2");
    const proxy = await startFaultProxy(emulator.url);
    const resolver = new AwsEcrResolver({ endpoint: proxy.url, credentials: CREDENTIALS });
    try {
      const denied = { kind: "error", type: "AccessDeniedException", status: 400 } as const;
      proxy.script({ operation: "BatchGetImage", fault: denied, times: Infinity });
      const ref = parseImageReference(`${emulator.sim.ecr.host}/api:2`);
      assert.equal((await resolver.resolve(ref)).digest, digest);
      assert.deepEqual(proxy.requests.map((r) => r.operation), ["BatchGetImage", "DescribeImages"]);

      proxy.script({ operation: "DescribeImages", fault: denied, times: Infinity });
      await assert.rejects(
        resolver.resolve(ref),
        (error) =>
          error instanceof RegistryAccessError &&
          /needs ecr:BatchGetImage \(or ecr:DescribeImages\) on the repository/.test(error.message),
      );
    } finally {
      resolver.destroy();
      await proxy.close();
    }
  });
});
