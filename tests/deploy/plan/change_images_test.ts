import assert from "node:assert/strict";
import {
  changeImages,
  type ImageRequest,
  type ImageTarget,
  parseContainerImage,
} from "../../../src/deploy/plan/change_images.ts";
import type { ContainerDefinition } from "../../../src/ecs/types.ts";
import { InvalidRequestError } from "../../../src/errors.ts";
import { loadTaskDefinitionFixture } from "../../fixtures/task_definitions/mod.ts";

const SHA = "sha256:" + "0123456789abcdef".repeat(4);
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

function anApi(...containers: ContainerDefinition[]): ImageTarget {
  return {
    family: "api",
    revision: 42,
    containerDefinitions: containers.length > 0 ? containers : [
      {
        name: "app",
        image: "repo/api:1",
        essential: true,
        environment: [{ name: "PORT", value: "8080" }],
      },
      { name: "envoy", image: "envoy:v1", essential: true },
    ],
  };
}

function request(changes: Partial<ImageRequest>): ImageRequest {
  return { images: [], containerImages: [], ...changes };
}

function rejects(target: ImageTarget, req: ImageRequest, message: string): void {
  assert.throws(() => changeImages(target, req), (error: unknown) => {
    assert.ok(error instanceof InvalidRequestError, `not an InvalidRequestError: ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

function imagesOf(result: { containerDefinitions: ContainerDefinition[] }): string[] {
  return result.containerDefinitions.map((definition) => definition.image);
}

Deno.test("changeImages() sets one container's image with -l and leaves the others", () => {
  const result = changeImages(
    anApi(),
    request({ containerImages: [{ container: "app", image: "repo/api:2" }] }),
  );
  assert.deepStrictEqual(imagesOf(result), ["repo/api:2", "envoy:v1"]);
  assert.deepStrictEqual(result.changes, [
    { container: "app", from: "repo/api:1", to: "repo/api:2", unchanged: false },
  ]);
});

Deno.test("changeImages() keeps every other member of a changed container", () => {
  const result = changeImages(
    anApi(),
    request({ containerImages: [{ container: "app", image: "repo/api:2" }] }),
  );
  assert.deepStrictEqual(result.containerDefinitions[0], {
    name: "app",
    image: "repo/api:2",
    essential: true,
    environment: [{ name: "PORT", value: "8080" }],
  });
});

Deno.test("changeImages() rejects -l for a container the task definition lacks", () => {
  rejects(
    anApi(),
    request({ containerImages: [{ container: "web", image: "repo/api:2" }] }),
    `Cannot change images of "api:42": container "web" not found; containers are "app", "envoy"`,
  );
});

Deno.test("changeImages() sets -i on every container of the same repository, however spelled", () => {
  const target = anApi(
    { name: "app", image: "repo/api:1" },
    { name: "worker", image: "docker.io/repo/api:0.9" },
    { name: "cron", image: `index.docker.io/repo/api@${SHA}` },
    { name: "other", image: "repo/api-worker:1" },
    { name: "mirror", image: "registry.example.com/repo/api:1" },
    { name: "local", image: "localhost/repo/api:1" },
  );
  const result = changeImages(target, request({ images: ["repo/api:2"] }));
  assert.deepStrictEqual(imagesOf(result), [
    "repo/api:2",
    "repo/api:2",
    "repo/api:2",
    "repo/api-worker:1",
    "registry.example.com/repo/api:1",
    "localhost/repo/api:1",
  ]);
  assert.deepStrictEqual(result.changes.map((change) => change.container), [
    "app",
    "worker",
    "cron",
  ]);
});

Deno.test("changeImages() sets -i exactly as the user wrote it", () => {
  const target = anApi({ name: "web", image: "nginx:1.24" });
  const result = changeImages(target, request({ images: ["docker.io/library/nginx:1.25"] }));
  assert.deepStrictEqual(imagesOf(result), ["docker.io/library/nginx:1.25"]);
});

Deno.test("changeImages() matches -i against an ECR image pinned by digest", () => {
  const target = anApi({ name: "app", image: `${ECR}/api@${SHA}` }, {
    name: "sidecar",
    image: `${ECR}/sidecar:1`,
  });
  const result = changeImages(target, request({ images: [`${ECR}/api:3f9c2e1`] }));
  assert.deepStrictEqual(imagesOf(result), [`${ECR}/api:3f9c2e1`, `${ECR}/sidecar:1`]);
});

Deno.test("changeImages() compares registry hosts without regard to letter case", () => {
  const target = anApi({ name: "app", image: "Registry.Example.com/api:1" });
  const result = changeImages(target, request({ images: ["registry.example.com/api:2"] }));
  assert.deepStrictEqual(imagesOf(result), ["registry.example.com/api:2"]);
});

Deno.test("changeImages() rejects an -i image that matches no container", () => {
  rejects(
    anApi(),
    request({ images: ["repo/x:1"] }),
    `Cannot change images of "api:42": image "repo/x:1" matches no container; container ` +
      `images are "repo/api:1" (app), "envoy:v1" (envoy)`,
  );
});

Deno.test("changeImages() rejects an -i image when only a same-named repository elsewhere exists", () => {
  rejects(
    anApi(),
    request({ images: ["registry.example.com/repo/api:2"] }),
    `Cannot change images of "api:42": image "registry.example.com/repo/api:2" matches no ` +
      `container; container images are "repo/api:1" (app), "envoy:v1" (envoy)`,
  );
});

Deno.test("changeImages() lets a container whose image it cannot parse match no -i image", () => {
  const target = anApi({ name: "odd", image: "Not A Reference" }, { name: "app", image: "a:1" });
  const result = changeImages(target, request({ images: ["a:2"] }));
  assert.deepStrictEqual(imagesOf(result), ["Not A Reference", "a:2"]);
});

Deno.test("changeImages() validates every requested image", () => {
  rejects(
    anApi(),
    request({ containerImages: [{ container: "app", image: "Repo/API:1" }] }),
    `Cannot change images of "api:42": invalid image reference "Repo/API:1": repository name ` +
      `must be lowercase`,
  );
  rejects(
    anApi(),
    request({ images: ["repo/api:"] }),
    `Cannot change images of "api:42": invalid image reference "repo/api:": tag is empty`,
  );
  rejects(
    anApi(),
    request({ containerImages: [{ container: "web", image: "bad image" }] }),
    `Cannot change images of "api:42": invalid image reference "bad image": reference must ` +
      `not contain whitespace`,
  );
});

Deno.test("changeImages() attaches the reference error as cause", () => {
  try {
    changeImages(anApi(), request({ images: ["Nope"] }));
    assert.fail("expected an error");
  } catch (error) {
    assert.ok(error instanceof InvalidRequestError);
    assert.ok(error.cause instanceof InvalidRequestError);
    assert.equal(
      error.cause.message,
      `Invalid image reference "Nope": repository name must be lowercase`,
    );
  }
});

Deno.test("changeImages() rejects -l and -i giving one container different images", () => {
  rejects(
    anApi(),
    request({
      containerImages: [{ container: "app", image: "repo/api:2" }],
      images: ["repo/api:3"],
    }),
    `Cannot change images of "api:42": container "app" is given two images, "repo/api:2" and ` +
      `"repo/api:3"`,
  );
});

Deno.test("changeImages() rejects two -i images of one repository", () => {
  rejects(
    anApi(),
    request({ images: ["repo/api:2", "docker.io/repo/api:3"] }),
    `Cannot change images of "api:42": container "app" is given two images, "repo/api:2" and ` +
      `"docker.io/repo/api:3"`,
  );
});

Deno.test("changeImages() rejects two -l images for one container", () => {
  rejects(
    anApi(),
    request({
      containerImages: [
        { container: "envoy", image: "envoy:v2" },
        { container: "envoy", image: "envoy:v3" },
      ],
    }),
    `Cannot change images of "api:42": container "envoy" is given two images, "envoy:v2" and ` +
      `"envoy:v3"`,
  );
});

Deno.test("changeImages() accepts the same image requested twice and keeps the first spelling", () => {
  const target = anApi({ name: "web", image: "nginx:1.24" });
  const result = changeImages(
    target,
    request({
      containerImages: [{ container: "web", image: "nginx" }],
      images: ["docker.io/library/nginx:latest", "nginx"],
    }),
  );
  assert.deepStrictEqual(result.changes, [
    { container: "web", from: "nginx:1.24", to: "nginx", unchanged: false },
  ]);
});

Deno.test("changeImages() reports a container that already runs the requested image as unchanged", () => {
  const target = anApi(
    { name: "app", image: "repo/api:1" },
    { name: "web", image: "nginx" },
    { name: "worker", image: "repo/worker:1" },
  );
  const result = changeImages(
    target,
    request({
      images: ["repo/api:1", "docker.io/library/nginx:latest"],
      containerImages: [{ container: "worker", image: "repo/worker:2" }],
    }),
  );
  assert.deepStrictEqual(result.changes, [
    { container: "app", from: "repo/api:1", to: "repo/api:1", unchanged: true },
    { container: "web", from: "nginx", to: "docker.io/library/nginx:latest", unchanged: true },
    { container: "worker", from: "repo/worker:1", to: "repo/worker:2", unchanged: false },
  ]);
});

Deno.test("changeImages() retags every container with --tag, keeping each repository's spelling", () => {
  const target = anApi(
    { name: "app", image: `${ECR}/api:1` },
    { name: "web", image: "index.docker.io/nginx@" + SHA },
    { name: "local", image: "localhost:5000/a/b" },
  );
  const result = changeImages(target, request({ tag: "v2" }));
  assert.deepStrictEqual(imagesOf(result), [
    `${ECR}/api:v2`,
    "index.docker.io/nginx:v2",
    "localhost:5000/a/b:v2",
  ]);
  assert.equal(result.changes.length, 3);
});

Deno.test("changeImages() lets images given by -l or -i win over --tag", () => {
  const target = anApi(
    { name: "app", image: "repo/api:1" },
    { name: "envoy", image: "envoy:v1" },
    { name: "worker", image: "repo/worker:1" },
  );
  const result = changeImages(
    target,
    request({
      containerImages: [{ container: "envoy", image: "envoy:v1.29" }],
      images: ["repo/api:7"],
      tag: "abc123",
    }),
  );
  assert.deepStrictEqual(imagesOf(result), ["repo/api:7", "envoy:v1.29", "repo/worker:abc123"]);
});

Deno.test("changeImages() reports --tag that equals the running tag as unchanged", () => {
  const result = changeImages(anApi({ name: "app", image: "repo/api:v2" }), request({ tag: "v2" }));
  assert.deepStrictEqual(result.changes, [
    { container: "app", from: "repo/api:v2", to: "repo/api:v2", unchanged: true },
  ]);
});

Deno.test("changeImages() rejects an invalid --tag", () => {
  rejects(
    anApi(),
    request({ tag: "-v2" }),
    `Cannot change images of "api:42": invalid image tag "-v2": tag "-v2" must start with a ` +
      `letter, digit or "_" and contain only letters, digits, "_", "." and "-"`,
  );
});

Deno.test("changeImages() rejects --tag when every container is given an image", () => {
  rejects(
    anApi({ name: "app", image: "repo/api:1" }),
    request({ images: ["repo/api:2"], tag: "v3" }),
    `Cannot change images of "api:42": tag "v3" applies to no container: every container is ` +
      `given an image`,
  );
});

Deno.test("changeImages() rejects --tag on a container whose image it cannot parse", () => {
  rejects(
    anApi({ name: "odd", image: "Weird:1" }),
    request({ tag: "v2" }),
    `Cannot change images of "api:42": cannot set tag "v2" on container "odd": invalid image ` +
      `reference "Weird:1": repository name must be lowercase`,
  );
});

Deno.test("changeImages() returns copies and no changes for an empty request", () => {
  const target = anApi();
  const result = changeImages(target, request({}));
  assert.deepStrictEqual(result.changes, []);
  assert.deepStrictEqual(result.containerDefinitions, target.containerDefinitions);
  assert.notEqual(result.containerDefinitions[0], target.containerDefinitions[0]);
});

Deno.test("changeImages() never mutates its input and shares no object with it", () => {
  const target = deepFreeze(anApi());
  const req = deepFreeze(request({
    containerImages: [{ container: "envoy", image: "envoy:v2" }],
    images: ["repo/api:2"],
  }));
  const before = structuredClone({ target, req });
  const result = changeImages(target, req);
  assert.deepStrictEqual({ target, req }, before);
  const originals = new Set(objectsIn(target));
  for (const object of objectsIn(result.containerDefinitions)) {
    assert.ok(!originals.has(object), "the result shares an object with the input");
  }
});

Deno.test("changeImages() names the task definition when it has no containers", () => {
  rejects(
    { family: "empty", revision: 1, containerDefinitions: [] },
    request({ images: ["a:1"] }),
    `Cannot change images of "empty:1": image "a:1" matches no container; the task definition ` +
      `has no containers`,
  );
});

Deno.test("changeImages() sets -i on both containers of a fixture that share a repository", async () => {
  const { taskDefinition } = await loadTaskDefinitionFixture("sidecars_depends_on");
  const image = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/checkout:5.3.0";
  const result = changeImages(taskDefinition, request({ images: [image] }));
  assert.deepStrictEqual(result.changes.map((change) => [change.container, change.to]), [
    ["migrate", image],
    ["app", image],
  ]);
  assert.deepStrictEqual(imagesOf(result).slice(2), [
    "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
    "busybox:1.36",
  ]);
});

Deno.test("parseContainerImage() splits NAME=IMAGE", () => {
  assert.deepStrictEqual(parseContainerImage("app=repo/api:1"), {
    container: "app",
    image: "repo/api:1",
  });
  assert.deepStrictEqual(parseContainerImage(`log_router-2=localhost:5000/a:1@${SHA}`), {
    container: "log_router-2",
    image: `localhost:5000/a:1@${SHA}`,
  });
});

Deno.test("parseContainerImage() accepts the seed's NAME|IMAGE", () => {
  assert.deepStrictEqual(parseContainerImage("App|nginx:1.25"), {
    container: "App",
    image: "nginx:1.25",
  });
});

Deno.test("parseContainerImage() rejects arguments that are not NAME=IMAGE", () => {
  const cases: [string, string][] = [
    ["repo/api:1", `no "=" between container name and image`],
    ["=repo/api:1", "container name is empty"],
    ["app=", "image is empty"],
    ["|", "container name is empty"],
    ["my app=nginx", `container name "my app" may contain only letters, digits, "_" and "-"`],
    ["a.b=nginx", `container name "a.b" may contain only letters, digits, "_" and "-"`],
    [
      "a".repeat(256) + "=nginx",
      `container name "${"a".repeat(256)}" may contain only letters, digits, "_" and "-"`,
    ],
  ];
  for (const [arg, why] of cases) {
    assert.throws(() => parseContainerImage(arg), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.equal(
        error.message,
        `Invalid container image ${JSON.stringify(arg)}: ${why}; expected NAME=IMAGE, such as ` +
          `"app=repo/app:1.2"`,
      );
      return true;
    }, arg);
  }
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function objectsIn(value: unknown, found: object[] = []): object[] {
  if (typeof value === "object" && value !== null) {
    found.push(value);
    for (const child of Object.values(value)) objectsIn(child, found);
  }
  return found;
}
