/**
 * `ecs-deploy emulator --state FILE` across a restart of the process: a rollout in progress
 * when the first emulator stops goes on in the second and finishes, and a state file that
 * cannot be used stops the emulator with exit 2, naming the file, which is left alone.
 */
import assert from "node:assert/strict";
import { SimulatedEcs } from "../../src/simulator/simulated_ecs.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { explain, runCliProcess } from "../support/spawn_cli.ts";
import { runShell, startEmulator } from "./emulator_process.ts";

const connection = (url: string) => ["--endpoint-url", url, "-r", "us-east-1"];
const service = ["-c", "demo", "-n", "api"];

/** The demo service's deployments as the saved state shows them at the moment it was saved. */
async function savedDeployments(path: string): Promise<Record<string, unknown>[]> {
  const snapshot = JSON.parse(await Deno.readTextFile(path));
  const sim = new SimulatedEcs({ clock: new FakeClock(snapshot.now), snapshot });
  const { services } = await sim.call("DescribeServices", { cluster: "demo", services: ["api"] });
  return (services as { deployments: Record<string, unknown>[] }[])[0]!.deployments;
}

Deno.test("a rollout in progress when the emulator stops goes on after a restart with --state", async () => {
  const dir = await Deno.makeTempDir();
  const state = `${dir}/ecs.json`;
  // Tasks take 20 s to start here, so the rollout is surely unfinished when this one stops.
  const first = await startEmulator([
    "--demo",
    "--port",
    "0",
    "--state",
    state,
    "--task-start-ms",
    "20000",
  ]);
  const deploy = await runCliProcess([
    "deploy",
    ...service,
    "-i",
    "public.ecr.aws/nginx/nginx:1.28",
    "--no-wait",
    ...connection(first.url),
  ]);
  assert.equal(deploy.code, 0, explain(deploy));
  const stopped = await first.stop();
  assert.equal(stopped.code, 0, stopped.stderr);

  const saved = await savedDeployments(state);
  assert.deepEqual(
    saved.map((d) => [d.status, String(d.taskDefinition).split("/").pop(), d.rolloutState]),
    [["PRIMARY", "api:2", "IN_PROGRESS"], ["ACTIVE", "api:1", "COMPLETED"]],
  );

  // Restarted with the usual timings; what was scheduled keeps its time.
  const second = await startEmulator(["--port", "0", "--state", state]);
  try {
    await second.waitFor(new RegExp(`State: restored from "${state}", kept there\n`));
    const wait = await runCliProcess(["wait", ...service, ...connection(second.url)], {
      timeoutMs: 90_000,
    });
    assert.equal(wait.code, 0, explain(wait));
    const status = await runCliProcess(["status", ...service, ...connection(second.url)]);
    assert.equal(status.code, 0, explain(status));
    assert.match(status.stdout + status.stderr, /api:2/);
  } finally {
    const { code } = await second.stop();
    assert.equal(code, 0, second.stderr());
  }
  // Saved on shutdown: the finished rollout is in the file.
  const after = await savedDeployments(state);
  assert.deepEqual(
    after.map((d) => [String(d.taskDefinition).split("/").pop(), d.rolloutState]),
    [["api:2", "COMPLETED"]],
  );
});

Deno.test("emulator --state with a corrupt file exits 2 naming it and leaves it as it was", async () => {
  const dir = await Deno.makeTempDir();
  const state = `${dir}/ecs.json`;
  await Deno.writeTextFile(state, `{"format":"ecs-deploy-emulator-state","version":1,"sta`);
  const exit = await runShell(`deno run -A main.ts emulator --demo --port 0 --state '${state}'`);
  assert.equal(exit.code, 2, exit.stderr);
  assert.match(
    exit.stderr,
    new RegExp(
      `^error: Cannot load the emulator state from "${state}": not JSON \\(.*\\); the file was left as it is`,
      "m",
    ),
  );
  assert.doesNotMatch(exit.stderr, /listening on/);
  assert.equal(
    await Deno.readTextFile(state),
    `{"format":"ecs-deploy-emulator-state","version":1,"sta`,
  );
});
