import assert from "node:assert/strict";
import { runEmulator, type RunEmulatorOptions } from "../../src/emulator/run_emulator.ts";
import { InvalidRequestError } from "../../src/errors.ts";
import { FakeClock } from "../support/fake_clock.ts";

/** Calls ECS operation `operation` on the emulator at `url` over HTTP. */
async function ecs(url: string, operation: string, input: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}` },
    body: JSON.stringify(input),
  });
  return await response.json();
}

/** Starts runEmulator; resolves once it listens, with its URL, lines and a stop function. */
async function started(options: RunEmulatorOptions) {
  const controller = new AbortController();
  const lines: string[] = [];
  const ready = Promise.withResolvers<string>();
  const running = runEmulator({ port: 0, clock: new FakeClock(), ...options }, {
    write: (line) => {
      lines.push(line);
      const url = /^ecs-deploy emulator listening on (\S+)$/.exec(line)?.[1];
      if (url) ready.resolve(url);
    },
    signal: controller.signal,
    invocation: { words: ["ecs-deploy"] },
  });
  running.catch((error) => ready.reject(error));
  const url = await ready.promise;
  return {
    url,
    lines,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

Deno.test("runEmulator() writes the ready line, serves until aborted, then stops", async () => {
  const emulator = await started({});
  assert.match(
    emulator.lines[0] ?? "",
    /^ecs-deploy emulator listening on http:\/\/127\.0\.0\.1:\d+$/,
  );
  assert.deepEqual(await ecs(emulator.url, "ListClusters"), { clusterArns: [] });
  await emulator.stop();
  await assert.rejects(fetch(emulator.url, { method: "POST" }));
  assert.equal(emulator.lines.length, 1);
});

Deno.test("runEmulator({ demo }) serves a settled demo service and prints what to try", async () => {
  const emulator = await started({ demo: true });
  try {
    const { services } = await ecs(emulator.url, "DescribeServices", {
      cluster: "demo",
      services: ["api"],
    });
    assert.equal(services[0].runningCount, 2);
    assert.equal(services[0].deployments.length, 1);
    assert.equal(services[0].deployments[0].rolloutState, "COMPLETED");
    const guide = emulator.lines.slice(1).join("\n");
    assert.ok(
      guide.includes(
        `ecs-deploy deploy -c demo -n api -i public.ecr.aws/nginx/nginx:1.28 \\\n` +
          `    --endpoint-url ${emulator.url} -r us-east-1 -k test -s test`,
      ),
      guide,
    );
  } finally {
    await emulator.stop();
  }
});

Deno.test("runEmulator({ statePath }) keeps the state across restarts", async () => {
  const dir = await Deno.makeTempDir();
  const statePath = `${dir}/ecs.json`;
  const first = await started({ statePath, demo: true });
  assert.equal(first.lines[1], `State: new, kept in "${statePath}"`);
  // Written before listening, so a pipeline can rely on the file once the ready line is out.
  assert.equal(JSON.parse(await Deno.readTextFile(statePath)).version, 1);
  await ecs(first.url, "CreateCluster", { clusterName: "ci" });
  await first.stop();

  const second = await started({ statePath, demo: true });
  try {
    assert.equal(second.lines[1], `State: restored from "${statePath}", kept there`);
    assert.match(second.lines.join("\n"), /tasks of api:1 \(.*\), from the state file/);
    const { clusterArns } = await ecs(second.url, "ListClusters");
    assert.deepEqual(clusterArns.map((arn: string) => arn.split("/").pop()).sort(), ["ci", "demo"]);
    // The demo was not created twice.
    const { taskDefinitionArns } = await ecs(second.url, "ListTaskDefinitions");
    assert.equal(taskDefinitionArns.length, 1);
  } finally {
    await second.stop();
  }
});

for (
  const [name, content, why] of [
    ["not JSON", "{ half", /not JSON \(/],
    [
      "an unknown version",
      `{"format":"ecs-deploy-emulator-state","version":99}`,
      /format version 99 is not supported: this ecs-deploy reads version 1/,
    ],
    ["not a state", `{"clusters":[]}`, /not an emulator state: "format" is undefined/],
  ] as const
) {
  Deno.test(`runEmulator({ statePath }) refuses a state file that is ${name} and leaves it`, async () => {
    const dir = await Deno.makeTempDir();
    const statePath = `${dir}/ecs.json`;
    await Deno.writeTextFile(statePath, content);
    const lines: string[] = [];
    await assert.rejects(
      runEmulator({ port: 0, clock: new FakeClock(), statePath, demo: true }, {
        write: (line) => lines.push(line),
        signal: new AbortController().signal,
      }),
      (error) => {
        assert.ok(error instanceof InvalidRequestError);
        assert.ok(error.message.startsWith(`Cannot load the emulator state from "${statePath}": `));
        assert.match(error.message, why);
        return true;
      },
    );
    assert.deepEqual(lines, []);
    assert.equal(await Deno.readTextFile(statePath), content);
  });
}

Deno.test("runEmulator({ timeScale }) runs ECS time that many times faster than its clock", async () => {
  for (const [timeScale, expected] of [[undefined, "IN_PROGRESS"], [600, "COMPLETED"]] as const) {
    const clock = new FakeClock();
    const emulator = await started({ clock, ...(timeScale ? { timeScale } : {}) });
    await ecs(emulator.url, "CreateCluster", { clusterName: "prod" });
    const td = await ecs(emulator.url, "RegisterTaskDefinition", {
      family: "api",
      containerDefinitions: [{ name: "web", image: "nginx:1.25", memory: 128 }],
    });
    await ecs(emulator.url, "CreateService", {
      cluster: "prod",
      serviceName: "api",
      taskDefinition: td.taskDefinition.taskDefinitionArn,
      desiredCount: 1,
    });
    // One second of the emulator's clock: ten ECS minutes at 600x, far more than a rollout.
    clock.advance(1_000);
    const out = await ecs(emulator.url, "DescribeServices", { cluster: "prod", services: ["api"] });
    assert.equal(out.services[0].deployments[0].rolloutState, expected, `time scale ${timeScale}`);
    await emulator.stop();
  }
});
