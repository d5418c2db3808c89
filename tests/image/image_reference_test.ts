import assert from "node:assert/strict";
import {
  effectiveTag,
  formatImageReference,
  type ImageReference,
  parseImageReference,
  repositoryOf,
  sameImage,
  sameRepository,
  validateTag,
  withTag,
} from "../../src/image/image_reference.ts";
import { InvalidRequestError } from "../../src/errors.ts";

const SHA = "sha256:" + "0123456789abcdef".repeat(4);
const SHA512 = "sha512:" + "0123456789abcdef".repeat(8);
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

const valid: [string, ImageReference][] = [
  ["nginx", { domain: "docker.io", path: "library/nginx" }],
  ["nginx:1.25", { domain: "docker.io", path: "library/nginx", tag: "1.25" }],
  ["nginx:latest", { domain: "docker.io", path: "library/nginx", tag: "latest" }],
  ["library/nginx", { domain: "docker.io", path: "library/nginx" }],
  ["docker.io/nginx", { domain: "docker.io", path: "library/nginx" }],
  ["docker.io/library/nginx:1", { domain: "docker.io", path: "library/nginx", tag: "1" }],
  ["index.docker.io/nginx", { domain: "docker.io", path: "library/nginx" }],
  ["index.docker.io/bitnami/redis:7", { domain: "docker.io", path: "bitnami/redis", tag: "7" }],
  ["bitnami/redis", { domain: "docker.io", path: "bitnami/redis" }],
  ["team/sub/app:v1", { domain: "docker.io", path: "team/sub/app", tag: "v1" }],
  ["localhost/app", { domain: "localhost", path: "app" }],
  ["localhost:5000/a/b:1", { domain: "localhost:5000", path: "a/b", tag: "1" }],
  ["localhost:5000", { domain: "docker.io", path: "library/localhost", tag: "5000" }],
  ["registry.example.com/app", { domain: "registry.example.com", path: "app" }],
  ["Registry.Example.com/app:1", { domain: "Registry.Example.com", path: "app", tag: "1" }],
  ["registry.example.com:443/a/b/c/d", { domain: "registry.example.com:443", path: "a/b/c/d" }],
  ["192.168.1.10:5000/app:2", { domain: "192.168.1.10:5000", path: "app", tag: "2" }],
  ["[::1]:5000/app:2", { domain: "[::1]:5000", path: "app", tag: "2" }],
  ["[fe80::1]/app", { domain: "[fe80::1]", path: "app" }],
  [`${ECR}/api:3f9c2e1`, { domain: ECR, path: "api", tag: "3f9c2e1" }],
  [`${ECR}/team/api:release-2024.06.01`, {
    domain: ECR,
    path: "team/api",
    tag: "release-2024.06.01",
  }],
  ["public.ecr.aws/nginx/nginx:1.25-alpine", {
    domain: "public.ecr.aws",
    path: "nginx/nginx",
    tag: "1.25-alpine",
  }],
  ["ghcr.io/owner/repo_name:sha-abc", {
    domain: "ghcr.io",
    path: "owner/repo_name",
    tag: "sha-abc",
  }],
  ["quay.io/a__b/c-d---e.f:_x", { domain: "quay.io", path: "a__b/c-d---e.f", tag: "_x" }],
  ["my-registry.local:8443/x", { domain: "my-registry.local:8443", path: "x" }],
  [`nginx@${SHA}`, { domain: "docker.io", path: "library/nginx", digest: SHA }],
  [`nginx:1.25@${SHA}`, { domain: "docker.io", path: "library/nginx", tag: "1.25", digest: SHA }],
  [`${ECR}/api@${SHA}`, { domain: ECR, path: "api", digest: SHA }],
  [`localhost:5000/app:1@${SHA512}`, {
    domain: "localhost:5000",
    path: "app",
    tag: "1",
    digest: SHA512,
  }],
  ["app:" + "a".repeat(128), { domain: "docker.io", path: "library/app", tag: "a".repeat(128) }],
  ["app:V1_Final", { domain: "docker.io", path: "library/app", tag: "V1_Final" }],
  ["0/1:2", { domain: "docker.io", path: "0/1", tag: "2" }],
];

const invalid: [string, string][] = [
  ["", "reference is empty"],
  [" ", "reference must not contain whitespace"],
  ["nginx ", "reference must not contain whitespace"],
  ["ng\tinx", "reference must not contain whitespace"],
  ["Foo:bar", "repository name must be lowercase"],
  ["Nginx", "repository name must be lowercase"],
  ["team/App", "repository name must be lowercase"],
  ["registry.example.com/Team/app", "repository name must be lowercase"],
  ["nginx:", "tag is empty"],
  [
    "nginx:-x",
    `tag "-x" must start with a letter, digit or "_" and contain only letters, digits, "_", "." and "-"`,
  ],
  [
    "nginx:.x",
    `tag ".x" must start with a letter, digit or "_" and contain only letters, digits, "_", "." and "-"`,
  ],
  [
    "nginx:a+b",
    `tag "a+b" must start with a letter, digit or "_" and contain only letters, digits, "_", "." and "-"`,
  ],
  ["app:" + "a".repeat(129), "tag is longer than 128 characters"],
  ["nginx@", "digest is empty"],
  ["nginx@sha256", `digest "sha256" must be "algorithm:hex", such as "sha256:" and 64 hex digits`],
  ["nginx@sha256:abc", `digest "sha256:abc" must be "sha256:" followed by 64 lowercase hex digits`],
  [
    `nginx@${SHA.toUpperCase().replace("SHA256", "sha256")}`,
    `digest "${
      SHA.toUpperCase().replace("SHA256", "sha256")
    }" must be "sha256:" followed by 64 lowercase hex digits`,
  ],
  [
    `nginx@md5:${"a".repeat(32)}`,
    `digest algorithm "md5" is not supported; use "sha256", "sha384" or "sha512"`,
  ],
  [
    `nginx@${SHA}@${SHA}`,
    `digest "${SHA}@${SHA}" must be "sha256:" followed by 64 lowercase hex digits`,
  ],
  [":latest", "repository name is empty"],
  [`@${SHA}`, "repository name is empty"],
  ["registry.example.com/", "repository path is empty"],
  ["localhost:5000/:1", "repository path is empty"],
  ["a//b", "repository path has an empty component"],
  ["a/", "repository path has an empty component"],
  ["/a", "repository path has an empty component"],
  [
    "-nginx",
    `repository path component "-nginx" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
  ],
  [
    "nginx-",
    `repository path component "nginx-" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
  ],
  [
    "a___b",
    `repository path component "a___b" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
  ],
  [
    "a..b",
    `repository path component "a..b" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
  ],
  [
    "a:b:c",
    `repository path component "a:b" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`,
  ],
  ["localhost:port/app", `registry host "localhost:port" is invalid`],
  ["-bad.example.com/app", `registry host "-bad.example.com" is invalid`],
  ["bad_host.example.com/app", `registry host "bad_host.example.com" is invalid`],
  [
    "0123456789abcdef".repeat(4),
    "repository name must not be a 64-character hexadecimal identifier",
  ],
  ["registry.example.com/" + "a".repeat(235), "repository name is longer than 255 characters"],
  ["a".repeat(250), "repository name is longer than 255 characters"],
];

for (const [text, expected] of valid) {
  Deno.test(`parseImageReference() parses ${JSON.stringify(text.slice(0, 60))}`, () => {
    assert.deepStrictEqual(parseImageReference(text), expected);
  });
}

for (const [text, why] of invalid) {
  Deno.test(`parseImageReference() rejects ${JSON.stringify(text.slice(0, 60))}: ${why.slice(0, 40)}`, () => {
    assert.throws(() => parseImageReference(text), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.equal(error.message, `Invalid image reference ${JSON.stringify(text)}: ${why}`);
      return true;
    });
  });
}

Deno.test("parseImageReference() accepts the longest repository name and rejects one more character", () => {
  const longest = "registry.example.com/" + "a".repeat(255 - "registry.example.com/".length);
  assert.equal(repositoryOf(parseImageReference(longest)), longest);
  assert.throws(() => parseImageReference(longest + "a"), /longer than 255 characters/);
});

Deno.test("parseImageReference() counts the normalised Docker Hub name towards the length limit", () => {
  // "docker.io/library/" adds 18 characters to a bare name.
  assert.doesNotThrow(() => parseImageReference("a".repeat(255 - 18)));
  assert.throws(() => parseImageReference("a".repeat(255 - 17)), /longer than 255 characters/);
});

Deno.test("repositoryOf() normalises Docker Hub spellings and host case", () => {
  const hub = [
    "nginx",
    "nginx:1",
    "library/nginx",
    "docker.io/nginx",
    "index.docker.io/library/nginx",
  ];
  for (const text of hub) {
    assert.equal(repositoryOf(parseImageReference(text)), "docker.io/library/nginx", text);
  }
  assert.equal(
    repositoryOf(parseImageReference("Registry.Example.COM:5000/app")),
    "registry.example.com:5000/app",
  );
});

Deno.test("sameRepository() compares normalised repositories, ignoring tag and digest", () => {
  assert.equal(sameRepository("nginx", `docker.io/library/nginx:1.25@${SHA}`), true);
  assert.equal(sameRepository(`${ECR}/api:1`, `${ECR}/api@${SHA}`), true);
  assert.equal(sameRepository(`${ECR}/api:1`, `${ECR}/api-worker:1`), false);
  assert.equal(sameRepository("localhost:5000/app", "localhost/app"), false);
  assert.equal(sameRepository("team/app", "library/app"), false);
  assert.throws(() => sameRepository("nginx", "Nginx"), InvalidRequestError);
});

Deno.test("effectiveTag() is latest only when the reference has neither tag nor digest", () => {
  assert.equal(effectiveTag(parseImageReference("nginx")), "latest");
  assert.equal(effectiveTag(parseImageReference("nginx:1")), "1");
  assert.equal(effectiveTag(parseImageReference(`nginx@${SHA}`)), undefined);
  assert.equal(effectiveTag(parseImageReference(`nginx:1@${SHA}`)), "1");
});

Deno.test("formatImageReference() spells the fully normalised reference", () => {
  assert.equal(
    formatImageReference(parseImageReference("nginx")),
    "docker.io/library/nginx:latest",
  );
  assert.equal(
    formatImageReference(parseImageReference(`nginx@${SHA}`)),
    `docker.io/library/nginx@${SHA}`,
  );
  assert.equal(
    formatImageReference(parseImageReference(`localhost:5000/a:1@${SHA}`)),
    `localhost:5000/a:1@${SHA}`,
  );
});

Deno.test("sameImage() treats a missing tag as latest and compares digests", () => {
  assert.equal(sameImage("nginx", "docker.io/library/nginx:latest"), true);
  assert.equal(sameImage("nginx:1", "nginx:2"), false);
  assert.equal(sameImage(`nginx@${SHA}`, "nginx"), false);
  assert.equal(sameImage(`nginx@${SHA}`, `index.docker.io/nginx@${SHA}`), true);
});

Deno.test("withTag() replaces the tag and keeps the image's own spelling", () => {
  assert.equal(withTag("nginx", "v2"), "nginx:v2");
  assert.equal(withTag("nginx:1.25", "v2"), "nginx:v2");
  assert.equal(withTag("index.docker.io/nginx:1", "v2"), "index.docker.io/nginx:v2");
  assert.equal(withTag("localhost:5000/a/b:1", "2"), "localhost:5000/a/b:2");
  assert.equal(withTag("Registry.Example.com/app", "x"), "Registry.Example.com/app:x");
  assert.equal(withTag(`${ECR}/api:old`, "3f9c2e1"), `${ECR}/api:3f9c2e1`);
});

Deno.test("withTag() drops the digest", () => {
  assert.equal(withTag(`nginx@${SHA}`, "v2"), "nginx:v2");
  assert.equal(withTag(`${ECR}/api:1@${SHA}`, "2"), `${ECR}/api:2`);
});

Deno.test("withTag() rejects an invalid tag", () => {
  assert.throws(() => withTag("nginx", "-bad"), (error: unknown) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.equal(
      error.message,
      `Invalid image tag "-bad": tag "-bad" must start with a letter, digit or "_" and contain ` +
        `only letters, digits, "_", "." and "-"`,
    );
    return true;
  });
  assert.throws(() => withTag("nginx", ""), { message: `Invalid image tag "": tag is empty` });
});

Deno.test("withTag() rejects an invalid image", () => {
  assert.throws(() => withTag("Nginx", "v2"), {
    name: "InvalidRequestError",
    message: `Invalid image reference "Nginx": repository name must be lowercase`,
  });
});

Deno.test("validateTag() accepts grammar tags and rejects others", () => {
  assert.doesNotThrow(() => validateTag("v1.2_3-rc"));
  assert.doesNotThrow(() => validateTag("a".repeat(128)));
  assert.throws(() => validateTag("a".repeat(129)), {
    message: `Invalid image tag "${"a".repeat(129)}": tag is longer than 128 characters`,
  });
  assert.throws(() => validateTag("v1/2"), InvalidRequestError);
});
