import assert from "node:assert/strict";
import { parseImageReference, withDigest } from "../../src/image/image_reference.ts";
import {
  ecrRepositoryOf,
  isLoopbackRegistry,
  registryBaseUrl,
} from "../../src/image/registry_host.ts";

const DIGEST = `sha256:${"a".repeat(64)}`;

Deno.test("registryBaseUrl() speaks plain HTTP to loopback registries only", () => {
  assert.equal(registryBaseUrl("127.0.0.1:5000"), "http://127.0.0.1:5000");
  assert.equal(registryBaseUrl("localhost:5000"), "http://localhost:5000");
  assert.equal(registryBaseUrl("LOCALHOST"), "http://localhost");
  assert.equal(registryBaseUrl("127.1.2.3:443"), "http://127.1.2.3:443");
  assert.equal(registryBaseUrl("[::1]:5000"), "http://[::1]:5000");
  assert.equal(registryBaseUrl("registry.example.com:5000"), "https://registry.example.com:5000");
  assert.equal(registryBaseUrl("ghcr.io"), "https://ghcr.io");
  assert.equal(registryBaseUrl("10.0.0.5:5000"), "https://10.0.0.5:5000", "a private address");
  assert.equal(registryBaseUrl("localhost.example.com"), "https://localhost.example.com");
  assert.equal(registryBaseUrl("127.0.0.1.nip.io"), "https://127.0.0.1.nip.io");
});

Deno.test("registryBaseUrl() sends Docker Hub names to registry-1.docker.io", () => {
  const ref = parseImageReference("nginx:1.27");
  assert.equal(ref.path, "library/nginx");
  assert.equal(registryBaseUrl(ref.domain), "https://registry-1.docker.io");
});

Deno.test("isLoopbackRegistry() tells loopback hosts from look-alikes", () => {
  assert.equal(isLoopbackRegistry("127.0.0.1"), true);
  assert.equal(isLoopbackRegistry("::1"), false, "an unbracketed IPv6 is not a registry domain");
  assert.equal(isLoopbackRegistry("[::1]"), true);
  assert.equal(isLoopbackRegistry("128.0.0.1"), false);
});

Deno.test("ecrRepositoryOf() reads account, region and repository from an ECR host", () => {
  assert.deepEqual(
    ecrRepositoryOf(parseImageReference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:2")),
    { registryId: "123456789012", region: "eu-west-1", repositoryName: "team/api" },
  );
  assert.deepEqual(
    ecrRepositoryOf(parseImageReference("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a:1")),
    { registryId: "123456789012", region: "cn-north-1", repositoryName: "a" },
  );
  assert.equal(ecrRepositoryOf(parseImageReference("public.ecr.aws/nginx/nginx:1")), undefined);
  assert.equal(ecrRepositoryOf(parseImageReference("nginx:1")), undefined);
});

Deno.test("withDigest() pins an image to a digest in its own spelling, dropping the tag", () => {
  assert.equal(withDigest("nginx:1.27", DIGEST), `nginx@${DIGEST}`);
  assert.equal(withDigest("127.0.0.1:5000/app:1", DIGEST), `127.0.0.1:5000/app@${DIGEST}`);
  assert.equal(withDigest(`repo/app@sha256:${"b".repeat(64)}`, DIGEST), `repo/app@${DIGEST}`);
  assert.throws(() => withDigest("nginx:1", "sha256:short"), /Invalid image digest/);
});
