/**
 * `--pin-digests` and `--verify-digests` end to end: the CLI as a subprocess against the
 * emulator, whose ECR endpoint (on the same port, reached through `--endpoint-url`) holds the
 * images, through the real ECR SDK.
 */
import assert from "node:assert/strict";
import { resultLine, runCliProcess, spawnCli } from "../support/spawn_cli.ts";
import { aManifest, pushEcrImage } from "../support/ecr_images.ts";
import { awsCli, awsCliMissing } from "../emulator/aws_cli.ts";
import {
  cliTarget,
  type E2eWorld,
  inWorld,
  operationsOf,
  PausableClock,
  runOnly,
} from "./e2e_world.ts";

/** The world's service running `api:1` from the world's ECR, alone; the repository. */
async function runningApi1(world: E2eWorld): Promise<string> {
  const ecr = world.emulator.sim.ecr;
  await pushEcrImage(ecr, "api", "1");
  const repo = `${ecr.host}/api`;
  await runOnly(world, `${repo}:1`);
  return repo;
}

Deno.test("deploy --pin-digests registers the ECR digest of the tag, verified on the tasks (exit 0)", async () => {
  await inWorld("pin-ecr", {}, async (world) => {
    const ecr = world.emulator.sim.ecr;
    const repo = await runningApi1(world);
    const digest = await pushEcrImage(ecr, "api", "2");

    const exit = await runCliProcess(
      cliTarget(world, "-i", `${repo}:2`, "--pin-digests", "-t", "30"),
    );
    const result = resultLine(exit);
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(result.digests, [
      { container: "web", image: `${repo}:2`, digest, pinned: `${repo}@${digest}` },
    ]);
    assert.deepEqual(result.digestVerification, { tasks: 2, mismatches: [] });
    const register = world.requests.find((r) => r.operation === "RegisterTaskDefinition");
    const containers = register!.input.containerDefinitions as { image: string }[];
    assert.equal(containers[0]!.image, `${repo}@${digest}`);
    const ops = operationsOf(world);
    assert.ok(ops.indexOf("BatchGetImage") < ops.indexOf("RegisterTaskDefinition"), ops.join());
    assert.match(exit.stderr, new RegExp(`container "web": ${repo}:2 -> ${digest} \\(pinned\\)`));
    assert.match(exit.stderr, /image digests verified: all 2 running tasks run the planned images/);
  });
});

Deno.test("deploy --pin-digests with a tag ECR does not have: exit 2, nothing registered", async () => {
  await inWorld("pin-missing", {}, async (world) => {
    const repo = await runningApi1(world);

    const exit = await runCliProcess(
      cliTarget(world, "-i", `${repo}:does-not-exist`, "--pin-digests", "-t", "30"),
    );
    assert.equal(exit.code, 2, exit.stderr);
    const result = resultLine(exit);
    assert.equal(result.outcome, "invalid");
    assert.match(
      String(result.reason),
      /container "web" image ".*\/api:does-not-exist": image not found: ECR has no/,
    );
    assert.ok(operationsOf(world).includes("BatchGetImage"));
    assert.ok(!operationsOf(world).includes("RegisterTaskDefinition"), operationsOf(world).join());
    assert.ok(!operationsOf(world).includes("UpdateService"));
  });
});

Deno.test("deploy --verify-digests fails (exit 1) when the tag moved before the tasks started", async () => {
  const clock = new PausableClock();
  await inWorld("verify-moved", { clock }, async (world) => {
    const ecr = world.emulator.sim.ecr;
    const repo = await runningApi1(world);
    const planned = await pushEcrImage(ecr, "api", "2");

    // ECS time stands still until the service is updated: no task of ours starts before then.
    clock.pause();
    const cli = spawnCli(cliTarget(world, "-i", `${repo}:2`, "--verify-digests", "-t", "60"));
    await waitFor(() =>
      world.requests.some((r) => r.operation === "UpdateService" && r.status === 200)
    );
    const moved = await pushEcrImage(ecr, "api", "2", aManifest("pushed-during-the-deploy"));
    clock.resume();
    const exit = await cli.exited;

    assert.equal(exit.code, 1, exit.stderr);
    const result = resultLine(exit);
    assert.equal(result.outcome, "failed");
    assert.ok(
      String(result.reason).includes(
        `container "web" (${repo}:2) runs ${moved}, expected ${planned}`,
      ),
      String(result.reason),
    );
    const verification = result.digestVerification as { mismatches: { container: string }[] };
    assert.deepEqual(verification.mismatches.map((m) => m.container), ["web", "web"]);
  });
});

Deno.test("deploy --registry-auth with a file that cannot be read: exit 2 before any AWS call", async () => {
  await inWorld("auth-missing", {}, async (world) => {
    const before = world.requests.length;
    const exit = await runCliProcess(
      cliTarget(
        world,
        "-i",
        "nginx:1.28",
        "--pin-digests",
        "--registry-auth",
        "/nonexistent/config.json",
      ),
    );
    assert.equal(exit.code, 2, exit.stderr);
    assert.match(
      String(resultLine(exit).reason),
      /Invalid option --registry-auth "\/nonexistent\/config.json": cannot read it/,
    );
    assert.equal(world.requests.length, before);
  });
});

Deno.test({
  name: `deploy --pin-digests pins an image pushed with the AWS CLI's ecr put-image${
    awsCliMissing ? ` (skipped: ${awsCliMissing})` : ""
  }`,
  ignore: awsCliMissing !== undefined,
  fn: async () => {
    await inWorld("pin-aws-cli", {}, async (world) => {
      const { emulator } = world;
      await awsCli(emulator, "ecr", "create-repository", "--repository-name", "web");
      const put = async (tag: string, seed: string) => {
        const { image } = await awsCli<{ image: { imageId: { imageDigest: string } } }>(
          emulator,
          "ecr",
          "put-image",
          "--repository-name",
          "web",
          "--image-tag",
          tag,
          "--image-manifest",
          aManifest(seed),
        );
        return image.imageId.imageDigest;
      };
      await put("1", "one");
      const digest = await put("2", "two");
      const described = await awsCli<{ imageDetails: { imageTags: string[] }[] }>(
        emulator,
        "ecr",
        "describe-images",
        "--repository-name",
        "web",
        "--image-ids",
        "imageTag=2",
      );
      assert.deepEqual(described.imageDetails[0]!.imageTags, ["2"]);
      const repo = `${emulator.sim.ecr.host}/web`;
      await runOnly(world, `${repo}:1`);

      const exit = await runCliProcess(
        cliTarget(world, "-i", `${repo}:2`, "--pin-digests", "-t", "30"),
      );
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(
        (resultLine(exit).digests as { pinned: string }[])[0]!.pinned,
        `${repo}@${digest}`,
      );
    });
  },
});

Deno.test("deploy --pin-digests asks ECR at AWS_ENDPOINT_URL_ECR, which wins over --endpoint-url", async () => {
  await inWorld("pin-ecr-endpoint", {}, async (world) => {
    const ecr = world.emulator.sim.ecr;
    const repo = await runningApi1(world);
    const digest = await pushEcrImage(ecr, "api", "2");
    const calls = world.emulator.calls.length;

    // ECS through the proxy (--endpoint-url), ECR straight to the emulator.
    const exit = await runCliProcess(
      cliTarget(world, "-i", `${repo}:2`, "--pin-digests", "-t", "30"),
      { env: { AWS_ENDPOINT_URL_ECR: world.emulator.url } },
    );
    assert.equal(exit.code, 0, exit.stderr);
    assert.equal((resultLine(exit).digests as { digest: string }[])[0]!.digest, digest);
    assert.ok(!operationsOf(world).includes("BatchGetImage"), "not through the proxy");
    const direct = world.emulator.calls.slice(calls).map((call) => call.operation);
    assert.ok(direct.includes("BatchGetImage"), direct.join());
  });
});

/** Polls `ready` (wall time, 20 s at most) for an event the test waits on. */
async function waitFor(ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("the awaited request did not come in 20 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
