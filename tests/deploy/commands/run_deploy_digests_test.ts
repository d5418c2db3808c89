import assert from "node:assert/strict";
import { runDeploy } from "../../../src/deploy/commands/run_deploy.ts";
import type { DeployRequest } from "../../../src/deploy/deploy_request.ts";
import { exitCodeFor } from "../../../src/deploy/outcome.ts";
import type { ImageReference } from "../../../src/image/image_reference.ts";
import { type ImageResolver, RegistryError } from "../../../src/registry/image_resolver.ts";
import { fastTimings } from "../../../src/simulator/simulated_ecs.ts";
import { SimulatedImageResolver } from "../../../src/simulator/simulated_image_resolver.ts";
import { noEdits } from "../../../src/deploy/plan/edits/edit_request.ts";
import { aManifest, pushEcrImage } from "../../support/ecr_images.ts";
import { advanceUntilSettled } from "../../support/fake_clock.ts";
import {
  aDeployRequest,
  aSimulatedWorld,
  deployWith,
  registerRevision,
  settle,
  type SimulatedWorld,
  startDeployment,
} from "../../support/simulated_world.ts";

/** A steady service whose one container "web" runs `HOST/api:1` from the simulated ECR. */
async function anEcrWorld(): Promise<{ world: SimulatedWorld; repo: string }> {
  const world = await aSimulatedWorld({ cluster: "prod", timings: fastTimings });
  const repo = `${world.sim.ecr.host}/api`;
  await pushEcrImage(world.sim.ecr, "api", "1");
  await startDeployment(world, await registerRevision(world, `${repo}:1`));
  await settle(world);
  return { world, repo };
}

function deploy(
  world: SimulatedWorld,
  request: Partial<DeployRequest>,
  images: ImageResolver = new SimulatedImageResolver(world.sim.ecr),
) {
  return deployWith(world, aDeployRequest({ cluster: "prod", ...request }), { images });
}

/**
 * The simulated ECR's resolver, after which someone pushes a new image under `api:2` (the tag
 * moves right after the plan resolved it); `moved()` is the digest it moved to.
 */
function movingTagAfterResolving(world: SimulatedWorld): {
  resolver: ImageResolver;
  moved: () => string;
} {
  const simulated = new SimulatedImageResolver(world.sim.ecr);
  let moved = "";
  const resolver: ImageResolver = {
    async resolve(image: ImageReference) {
      const resolved = await simulated.resolve(image);
      moved = await pushEcrImage(world.sim.ecr, "api", "2", aManifest("moved"));
      return resolved;
    },
  };
  return { resolver, moved: () => moved };
}

Deno.test("--pin-digests registers the tag's digest from ECR and verifies the running tasks", async () => {
  const { world, repo } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "2");
  const { result, events } = await deploy(world, { images: [`${repo}:2`], pinDigests: true });

  assert.equal(result.outcome, "succeeded", result.reason);
  const registered = await world.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  assert.equal(registered.taskDefinition.containerDefinitions[0]!.image, `${repo}@${digest}`);
  assert.deepEqual(result.digests, [
    { container: "web", image: `${repo}:2`, digest, pinned: `${repo}@${digest}` },
  ]);
  assert.deepEqual(result.digestVerification, { tasks: 2, mismatches: [] });
  const planned = events.find((event) => event.type === "planned");
  assert.ok(planned?.type === "planned");
  assert.equal(planned.plan.digests?.[0]?.digest, digest);
});

Deno.test("--pin-digests: a tag ECR does not have is invalid (exit 2), and nothing is registered", async () => {
  const { world, repo } = await anEcrWorld();
  const { result } = await deploy(world, { images: [`${repo}:nope`], pinDigests: true });

  assert.equal(result.outcome, "invalid");
  assert.equal(result.exitCode, 2);
  assert.match(result.reason, /container "web" image ".*\/api:nope": image not found/);
  assert.match(result.reason, /ImageNotFound/);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("--pin-digests: a repository ECR does not have is invalid too", async () => {
  const { world } = await anEcrWorld();
  const image = `${world.sim.ecr.host}/missing:1`;
  const { result } = await deploy(world, {
    images: [],
    containerImages: [{ container: "web", image }],
    pinDigests: true,
  });

  assert.equal(result.outcome, "invalid");
  assert.match(result.reason, /RepositoryNotFoundException/);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("--verify-digests fails the deploy when the tag moved before the tasks started", async () => {
  const { world, repo } = await anEcrWorld();
  const planned = await pushEcrImage(world.sim.ecr, "api", "2");
  const tagMoves = movingTagAfterResolving(world);
  const { result } = await deploy(
    world,
    { images: [`${repo}:2`], verifyDigests: true },
    tagMoves.resolver,
  );
  const moved = tagMoves.moved();

  assert.equal(result.outcome, "failed", result.reason);
  assert.equal(result.exitCode, exitCodeFor("failed"));
  assert.match(result.reason, /2 of 2 running tasks run other images than planned/);
  assert.ok(
    result.reason.includes(`container "web" (${repo}:2) runs ${moved}, expected ${planned}`),
  );
  assert.equal(result.digestVerification?.mismatches.length, 2);
  assert.equal(result.diagnosis, undefined, "the mismatch is the diagnosis");
  assert.deepEqual(
    result.digestVerification?.mismatches.map((m) => [m.container, m.expected, m.actual]),
    [["web", planned, moved], ["web", planned, moved]],
  );
  const registered = await world.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  assert.equal(registered.taskDefinition.containerDefinitions[0]!.image, `${repo}:2`, "not pinned");
});

Deno.test("--pin-digests: tasks run the pinned digest even when the tag moves after the plan", async () => {
  const { world, repo } = await anEcrWorld();
  const planned = await pushEcrImage(world.sim.ecr, "api", "2");
  const { result } = await deploy(
    world,
    { images: [`${repo}:2`], pinDigests: true },
    movingTagAfterResolving(world).resolver,
  );

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.digests?.[0]?.digest, planned);
});

Deno.test("--verify-digests without a mismatch succeeds and leaves the tag in the revision", async () => {
  const { world, repo } = await anEcrWorld();
  await pushEcrImage(world.sim.ecr, "api", "2");
  const { result } = await deploy(world, { images: [`${repo}:2`], verifyDigests: true });

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.equal(result.digests?.[0]?.pinned, undefined);
  assert.deepEqual(result.digestVerification, { tasks: 2, mismatches: [] });
});

Deno.test("--pin-digests keeps an image that names its digest, and asks no registry for it", async () => {
  const { world, repo } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "3");
  const asked: string[] = [];
  const recording: ImageResolver = {
    resolve(image) {
      asked.push(image.path);
      return new SimulatedImageResolver(world.sim.ecr).resolve(image);
    },
  };
  const { result } = await deploy(world, {
    images: [`${repo}@${digest}`],
    pinDigests: true,
  }, recording);

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.deepEqual(asked, []);
  assert.deepEqual(result.digests, [
    { container: "web", image: `${repo}@${digest}`, digest, fromReference: true },
  ]);
});

Deno.test("--pin-digests: a registry that stays unreachable is an error after a few tries, nothing registered", async () => {
  const { world, repo } = await anEcrWorld();
  let attempts = 0;
  const unreachable: ImageResolver = {
    resolve() {
      attempts++;
      return Promise.reject(
        new RegistryError("Cannot reach the registry: connection refused", { transient: true }),
      );
    },
  };
  const { result, events } = await deploy(
    world,
    { images: [`${repo}:2`], pinDigests: true },
    unreachable,
  );

  assert.equal(result.outcome, "error");
  assert.equal(result.exitCode, 4);
  assert.match(result.reason, /container "web".*connection refused; nothing was registered/);
  assert.equal(attempts, 4);
  assert.equal(events.filter((event) => event.type === "retrying").length, 3);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("--pin-digests needs a new revision to pin", async () => {
  const { world } = await anEcrWorld();
  const { result } = await deploy(world, {
    images: [],
    forceNewDeployment: true,
    pinDigests: true,
  });

  assert.equal(result.outcome, "invalid");
  assert.match(result.reason, /--pin-digests pins the images of a new revision/);
  assert.equal(world.countOf("updateService"), 0);
});

Deno.test("--verify-digests --rollback: a mismatch rolls the service back to the previous revision", async () => {
  const { world, repo } = await anEcrWorld();
  await pushEcrImage(world.sim.ecr, "api", "2");
  const previous = (await world.ecs.describeService("prod", "api"))!.taskDefinition;
  const simulated = new SimulatedImageResolver(world.sim.ecr);
  const pushAfterResolving: ImageResolver = {
    async resolve(image: ImageReference) {
      const resolved = await simulated.resolve(image);
      await pushEcrImage(world.sim.ecr, "api", "2", aManifest("moved"));
      return resolved;
    },
  };
  const { result } = await deploy(
    world,
    { images: [`${repo}:2`], verifyDigests: true, rollback: true },
    pushAfterResolving,
  );

  assert.equal(result.outcome, "rolled_back", result.reason);
  assert.match(result.reason, /run other images than planned/);
  assert.equal(result.rollback?.taskDefinitionArn, previous);
  assert.equal((await world.ecs.describeService("prod", "api"))!.taskDefinition, previous);
});

Deno.test("--pin-digests with -d registers the pinned revision of the family and verifies nothing", async () => {
  const { world, repo } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "2");
  const { service: _service, ...request } = aDeployRequest({
    cluster: "prod",
    images: [`${repo}:2`],
    pinDigests: true,
  });
  const result = await runDeploy({ ...request, taskDefinition: "api" }, {
    ecs: world.ecs,
    clock: world.clock,
    emit: () => {},
    images: new SimulatedImageResolver(world.sim.ecr),
  });

  assert.equal(result.outcome, "succeeded", result.reason);
  const registered = await world.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  assert.equal(registered.taskDefinition.containerDefinitions[0]!.image, `${repo}@${digest}`);
  assert.equal(result.digestVerification, undefined);
  assert.equal(world.countOf("updateService"), 0);
});

const setEnv = (value: string) => ({
  ...noEdits(),
  environment: [{ container: "web", key: "APP_ENV", value, flag: "-e, --env" }],
});

Deno.test("--pin-digests pins the images of a revision that only edits change", async () => {
  const { world, repo } = await anEcrWorld();
  const one = world.sim.ecr.digestOf(`${repo}:1`)!;
  const { result } = await deploy(world, { images: [], edits: setEnv("prod"), pinDigests: true });

  assert.equal(result.outcome, "succeeded", result.reason);
  const registered = await world.ecs.describeTaskDefinition(result.taskDefinitionArn!);
  const web = registered.taskDefinition.containerDefinitions[0]!;
  assert.equal(web.image, `${repo}@${one}`);
  assert.deepEqual(web.environment, [{ name: "APP_ENV", value: "prod" }]);
});

Deno.test("--pin-digests with nothing to deploy says so, and asks no registry", async () => {
  const world = await aSimulatedWorld();
  let asked = 0;
  const { result } = await deploy(
    world,
    { cluster: "demo", images: [], edits: setEnv("demo"), pinDigests: true },
    { resolve: () => (asked++, Promise.reject(new Error("not to be asked"))) },
  );

  assert.equal(result.outcome, "succeeded", result.reason);
  assert.match(result.reason, /nothing to deploy: .*; --pin-digests acts on a new deployment/);
  assert.equal(asked, 0);
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("--pin-digests: a registry that never answers ends the run at the deadline, nothing registered", async () => {
  const { world, repo } = await anEcrWorld();
  let abandoned = 0;
  const hanging: ImageResolver = {
    resolve(_image: ImageReference, signal?: AbortSignal) {
      return new Promise((_, reject) =>
        signal?.addEventListener("abort", () => {
          abandoned++;
          reject(signal.reason);
        })
      );
    },
  };
  const { result } = await advanceUntilSettled(
    world.clock,
    deploy(world, { images: [`${repo}:2`], pinDigests: true, timeoutMs: 30_000 }, hanging),
  );
  assert.equal(result.outcome, "timed_out", result.reason);
  assert.equal(exitCodeFor(result.outcome), 3);
  assert.equal(abandoned, 1, "the lookup in flight is abandoned");
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});
