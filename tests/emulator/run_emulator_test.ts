import assert from "node:assert/strict";
import { runEmulator } from "../../src/emulator/run_emulator.ts";
import { FakeClock } from "../support/fake_clock.ts";

Deno.test("runEmulator() writes the ready line, serves until aborted, then stops", async () => {
  const controller = new AbortController();
  const lines: string[] = [];
  const ready = Promise.withResolvers<string>();
  const running = runEmulator({ port: 0, clock: new FakeClock() }, {
    write: (line) => {
      lines.push(line);
      ready.resolve(line);
    },
    signal: controller.signal,
  });
  const url = (await ready.promise).replace("ecs-deploy emulator listening on ", "");
  assert.match(lines[0] ?? "", /^ecs-deploy emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(url, {
    method: "POST",
    headers: { "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters" },
    body: "{}",
  });
  assert.deepEqual(await response.json(), { clusterArns: [] });
  controller.abort();
  await running;
  await assert.rejects(fetch(url, { method: "POST" }));
  assert.equal(lines.length, 1);
});
