/**
 * SIGINT/SIGTERM during a deploy of several services, end to end: the CLI as a child process
 * deploys two services through the fault proxy; once both are updated, their watches hang at the
 * proxy and the signal comes. The CLI must exit by itself with 130/143, end its JSON with the
 * group result (cancelled, every member cancelled) and leave each service on an ACTIVE revision.
 */
import assert from "node:assert/strict";
import { seedDemo } from "../../../src/emulator/seed_demo.ts";
import { explain, resultLine, spawnCli } from "../../support/spawn_cli.ts";
import {
  cliConnection,
  countOf,
  type E2eWorld,
  REPO,
  runScenariosConcurrently,
  waitUntilSteady,
  type WireService,
} from "../../e2e/e2e_world.ts";
import { inProxiedWorld, seen, until } from "./proxied_world.ts";

async function describe(world: E2eWorld, service: string): Promise<WireService> {
  const { services } = await world.emulator.sim.call("DescribeServices", {
    cluster: world.cluster,
    services: [service],
  });
  return (services as WireService[])[0]!;
}

/** Deploys the world's service and "worker", signals once both watches hang, checks the end. */
function signalDuringGroup(cluster: string, signal: Deno.Signal, extra: string[] = []) {
  return inProxiedWorld(cluster, {}, async (world, proxy) => {
    await seedDemo(world.emulator.sim, { cluster, service: "worker" });
    await waitUntilSteady(() => describe(world, "worker"));
    const cli = spawnCli([
      "-c",
      cluster,
      "-n",
      world.service,
      "-n",
      "worker",
      "-i",
      `${REPO}:1.28`,
      "-t",
      "60",
      ...cliConnection(world),
      ...extra,
    ]);
    await until("both services are updated", () => countOf(world.operations()).UpdateService === 2);
    proxy.script({ operation: "DescribeServices", fault: { kind: "hang" }, times: Infinity });
    await until("the watches hang", () => seen(proxy, "DescribeServices").hung > 0);
    cli.kill(signal);
    const exit = await cli.exited;
    const code = signal === "SIGTERM" ? 143 : 130;
    assert.equal(exit.code, code, explain(exit));
    assert.equal(exit.signal, null, "the CLI should exit by itself, not die of the signal");
    const group = resultLine(exit);
    assert.equal(group.group, true, explain(exit));
    assert.equal(group.outcome, "cancelled");
    assert.equal(group.exitCode, code);
    const services = group.services as { service: string; outcome: string }[];
    assert.deepEqual(services.map((s) => s.outcome), ["cancelled", "cancelled"], explain(exit));
    assert.ok(!world.operations().includes("DeregisterTaskDefinition"));
    for (const service of [world.service, "worker"]) {
      const { taskDefinition } = await describe(world, service);
      const { taskDefinition: td } = await world.emulator.sim.call("DescribeTaskDefinition", {
        taskDefinition,
      });
      assert.equal((td as { status: string }).status, "ACTIVE", `${service} on ${taskDefinition}`);
    }
  });
}

Deno.test("signals during a deploy of several services stop every member, exit 130/143", async (t) => {
  await runScenariosConcurrently(t, {
    "SIGTERM while both services are watched: exit 143, both cancelled": () =>
      signalDuringGroup("gsigterm", "SIGTERM"),
    "SIGINT while both are watched, with --parallel 2 --keep-revisions 1: exit 130": () =>
      signalDuringGroup("gsigint", "SIGINT", ["--parallel", "2", "--keep-revisions", "1"]),
  });
});
