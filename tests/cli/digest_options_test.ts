import assert from "node:assert/strict";
import type { ImageResolverSettings } from "../../src/cli/cli_deps.ts";
import { runCli } from "../../src/cli/run_cli.ts";
import { type ImageResolver, RegistryError } from "../../src/registry/image_resolver.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { SimulatedImageResolver } from "../../src/simulator/simulated_image_resolver.ts";
import { pushEcrImage } from "../support/ecr_images.ts";
import {
  aSimulatedWorld,
  registerRevision,
  settle,
  type SimulatedWorld,
  startDeployment,
} from "../support/simulated_world.ts";

/** The CLI in process on the world, with the simulated ECR as its image resolver. */
async function cli(
  world: SimulatedWorld,
  argv: string[],
  resolver: ImageResolver = new SimulatedImageResolver(world.sim.ecr),
) {
  let stdout = "";
  let stderr = "";
  const resolvers: ImageResolverSettings[] = [];
  const exitCode = await runCli(argv, {
    createEcsClient: () => world.ecs,
    createImageResolver(settings) {
      resolvers.push(settings);
      return Promise.resolve(resolver);
    },
    clock: world.clock,
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    env: {},
  });
  return { exitCode, stdout, stderr, resolvers };
}

async function anEcrWorld() {
  const world = await aSimulatedWorld({ cluster: "prod", timings: fastTimings });
  const repo = `${world.sim.ecr.host}/api`;
  await pushEcrImage(world.sim.ecr, "api", "1");
  await startDeployment(world, await registerRevision(world, `${repo}:1`));
  await settle(world);
  world.calls.length = 0;
  return { world, repo, base: ["-c", "prod", "-n", "api", "-i", `${repo}:2`] };
}

const BAD: [string[], string][] = [
  [["--registry-auth", "c.json"], "Option --registry-auth needs --pin-digests or --verify-digests"],
  [["--pin-digests", "--registry-auth", ""], "Invalid option --registry-auth: empty value"],
  [
    ["--verify-digests", "--no-wait"],
    "Options --verify-digests and --no-wait cannot be used together",
  ],
  [
    ["--pin-digests", "--revision", "1"],
    "Options --revision and --pin-digests cannot be used together",
  ],
];

for (const [flags, message] of BAD) {
  Deno.test(`deploy ${flags.join(" ")} is exit 2 naming the flag, before any call`, async () => {
    const { world, base } = await anEcrWorld();
    const run = await cli(world, [...base, ...flags]);
    assert.equal(run.exitCode, 2, run.stderr);
    assert.ok(run.stderr.includes(message), run.stderr);
    assert.deepEqual(world.calls, []);
    assert.deepEqual(run.resolvers, [], "no resolver is made");
  });
}

Deno.test("deploy --pin-digests --dry-run shows tag -> digest in the plan and the diff, registers nothing", async () => {
  const { world, repo, base } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "2");
  const run = await cli(world, [...base, "--pin-digests", "--dry-run"]);

  assert.equal(run.exitCode, 0, run.stderr);
  assert.ok(run.stderr.includes(`container "web": ${repo}:2 -> ${digest} (pinned)`), run.stderr);
  assert.ok(
    run.stderr.includes(
      `containerDefinitions[0].image: "${repo}:1" -> "${repo}@${digest}"`,
    ),
    run.stderr,
  );
  assert.equal(world.countOf("registerTaskDefinition"), 0);
});

Deno.test("deploy --pin-digests --output json: the planned event and the result keep the tag", async () => {
  const { world, repo, base } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "2");
  const run = await cli(world, [...base, "--pin-digests", "--output", "json", "-p", "ci"]);

  assert.equal(run.exitCode, 0, run.stderr);
  const lines = run.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  const expected = [{ container: "web", image: `${repo}:2`, digest, pinned: `${repo}@${digest}` }];
  assert.deepEqual(lines.find((line) => line.event === "planned").plan.digests, expected);
  assert.deepEqual(lines.at(-1).digests, expected);
  assert.equal(run.resolvers[0]?.connection.profile, "ci", "ECR shares the ECS connection");
});

Deno.test("deploy --pin-digests: retried image lookups are summarised as such, not as ECS calls", async () => {
  const { world, base } = await anEcrWorld();
  const digest = await pushEcrImage(world.sim.ecr, "api", "2");
  const simulated = new SimulatedImageResolver(world.sim.ecr);
  let failures = 2;
  const flaky: ImageResolver = {
    resolve(image) {
      if (failures-- > 0) {
        return Promise.reject(new RegistryError("HTTP 503 from the registry", { transient: true }));
      }
      return simulated.resolve(image);
    },
  };
  const run = await cli(world, [...base, "--pin-digests"], flaky);

  assert.equal(run.exitCode, 0, run.stderr);
  assert.ok(run.stderr.includes(digest), run.stderr);
  assert.match(run.stderr, /2 image lookups failed; retried \(-v shows each\)/);
  assert.doesNotMatch(run.stderr, /to ECS failed/);
});
