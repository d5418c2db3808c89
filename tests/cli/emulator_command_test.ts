import assert from "node:assert/strict";

/** Reads a stream until `pattern` appears in the text so far; returns the match. */
async function readUntil(stream: ReadableStream<Uint8Array>, pattern: RegExp) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
    text += value;
  }
  reader.releaseLock();
  return text.match(pattern)!;
}

Deno.test("deno task emulator serves ECS on loopback, says where, and stops cleanly on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "emulator", "--port", "0"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const [, url] = await readUntil(
    child.stderr,
    /ecs-deploy emulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const response = await fetch(url!, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters",
    },
    body: "{}",
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { clusterArns: [] });
  child.kill("SIGTERM");
  const status = await child.status;
  await child.stderr.cancel().catch(() => {});
  assert.equal(status.code, 0);
  await assert.rejects(fetch(url!, { method: "POST", body: "{}" }), "the port is closed");
});
