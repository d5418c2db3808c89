/**
 * End to end: `deploy --revision` and the edit flags through `deno run -A main.ts` as a child
 * process, against the emulator over loopback with the real AWS SDK: the exit code, the JSON
 * result and the requests the emulator received.
 */
import assert from "node:assert/strict";
import { explain, resultLine, spawnCli } from "../support/spawn_cli.ts";
import {
  cliTarget,
  countOf,
  type E2eWorld,
  inWorld,
  MUTATING,
  registerRevision,
  REPO,
  runScenariosConcurrently,
} from "./e2e_world.ts";

function assertNothingChanged(world: E2eWorld): void {
  const operations = world.operations();
  for (const operation of MUTATING) {
    assert.ok(!operations.includes(operation), `${operation} in ${operations.join(", ")}`);
  }
}

const scenarios: Record<string, () => Promise<void>> = {
  "deploy --revision N points the service at that revision, registering none": () =>
    inWorld("rev", {}, async (world) => {
      const second = await registerRevision(world, `${REPO}:1.28`);
      const exit = await spawnCli(cliTarget(world, "--revision", "2", "-t", "30")).exited;
      assert.equal(exit.code, 0, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "succeeded");
      assert.equal(result.taskDefinitionArn, second);
      assert.equal(result.previousTaskDefinitionArn, world.taskDefinitionArn);
      const counts = countOf(world.operations());
      assert.equal(counts.RegisterTaskDefinition, undefined);
      assert.equal(counts.UpdateService, 1);
      const update = world.requests.find((r) => r.operation === "UpdateService")!;
      assert.equal(update.input.taskDefinition, second, "pinned to the ARN");
      assert.equal((await world.describeService()).taskDefinition, second);
    }),

  "deploy --revision with an edit flag is exit 2 before any call": () =>
    inWorld("rev-edit", {}, async (world) => {
      const exit = await spawnCli(
        cliTarget(world, "--revision", "1", "-e", "web", "A=1", "-t", "30"),
      ).exited;
      assert.equal(exit.code, 2, explain(exit));
      assert.match(
        resultLine(exit).reason as string,
        /^Option --revision cannot be used with -e, --env: it deploys a registered revision as it is/,
      );
      assert.equal(world.requests.length, 0);
    }),

  "deploy --revision of an unknown revision is exit 2, nothing changed": () =>
    inWorld("rev-missing", {}, async (world) => {
      const exit = await spawnCli(cliTarget(world, "--revision", "7", "-t", "30")).exited;
      assert.equal(exit.code, 2, explain(exit));
      assert.match(resultLine(exit).reason as string, /^Cannot deploy --revision "rev-missing:7"/);
      assertNothingChanged(world);
    }),

  "deploy -e registers the edited copy over the wire; the JSON plan masks the value": () =>
    inWorld("edit", {}, async (world) => {
      const exit = await spawnCli(
        cliTarget(
          world,
          "-e",
          "web",
          "API_TOKEN=hunter2",
          "--label",
          "web",
          "team=edge",
          "-t",
          "30",
        ),
      ).exited;
      assert.equal(exit.code, 0, explain(exit));
      assert.ok(!exit.stdout.includes("hunter2"), "the JSON output holds the value");
      assert.ok(!exit.stderr.includes("hunter2"), "the text output holds the value");
      const register = world.requests.find((r) => r.operation === "RegisterTaskDefinition")!;
      const [web] = register.input.containerDefinitions as Record<string, unknown>[];
      assert.deepStrictEqual((web!.environment as unknown[]).at(-1), {
        name: "API_TOKEN",
        value: "hunter2",
      });
      assert.deepStrictEqual(web!.dockerLabels, { team: "edge" });
      assert.equal(resultLine(exit).outcome, "succeeded");
    }),

  "deploy with an edit already in place is exit 0 with nothing registered": () =>
    inWorld("noop", {}, async (world) => {
      const exit = await spawnCli(cliTarget(world, "--user", "web", "root", "-t", "30")).exited;
      // The seeded revision has no user: set it once, then again.
      assert.equal(exit.code, 0, explain(exit));
      const again = await spawnCli(cliTarget(world, "--user", "web", "root", "-t", "30")).exited;
      assert.equal(again.code, 0, explain(again));
      assert.match(
        resultLine(again).reason as string,
        /^nothing to deploy: every edit is already in place/,
      );
      assert.equal(
        countOf(world.operations()).RegisterTaskDefinition,
        1,
        "only the first registers",
      );
    }),
};

Deno.test(
  "deploy --revision and edit flags as a child process against the emulator",
  (t) => runScenariosConcurrently(t, scenarios),
);
