import assert from "node:assert/strict";
import { ROOT } from "../support/spawn_cli.ts";

/** Reads text until `pattern` appears in the text so far; returns the match. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, pattern: RegExp) {
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
    text += value;
  }
  return text.match(pattern)!;
}

Deno.test("deno task emulator serves the demo on loopback, says what to try, and stops cleanly on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "emulator", "--port", "0"],
    cwd: ROOT,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  // One read up to the end of the guide: text past a match would be lost between two reads.
  const [guide, url] = await readUntil(
    stderr,
    /ecs-deploy emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n[^]*Any other tag deploys and runs\.\n/,
  );
  // `deno task` runs in the checkout, so the guide's commands run main.ts from there.
  assert.ok(guide.includes(`Try it in another terminal, in ${ROOT.replace(/\/$/, "")} `), guide);
  assert.ok(
    guide.includes(
      `  deno run -A main.ts deploy -c demo -n api -i public.ecr.aws/nginx/nginx:1.28 \\\n` +
        `    --endpoint-url ${url} -r us-east-1 -k test -s test\n`,
    ),
    guide,
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
  assert.deepEqual(await response.json(), {
    clusterArns: ["arn:aws:ecs:us-east-1:123456789012:cluster/demo"],
  });
  child.kill("SIGTERM");
  const status = await child.status;
  // The end of stderr means every process holding it, the emulator under `deno task` included,
  // has exited, so nothing listens on its port any more. (Connecting to the port afterwards
  // would race any other test that binds the freed port.)
  while (!(await stderr.read()).done);
  assert.equal(status.code, 0);
});
