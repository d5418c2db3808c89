import assert from "node:assert/strict";
import { readStateFile, writeStateFile } from "../../src/emulator/state_file.ts";
import { InvalidRequestError } from "../../src/errors.ts";

Deno.test("readStateFile() is undefined for a file that does not exist yet", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await readStateFile(`${dir}/state.json`), undefined);
});

Deno.test("readStateFile() rejects a file that is not JSON, naming it, and leaves it alone", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/state.json`;
  await Deno.writeTextFile(path, '{"format": "ecs-deploy-emu');
  await assert.rejects(readStateFile(path), (error) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.match(
      error.message,
      new RegExp(
        `^Cannot load the emulator state from "${path}": not JSON \\(.+\\); the file was left ` +
          `as it is \\(move it away to start with an empty emulator\\)$`,
      ),
    );
    return true;
  });
  assert.equal(await Deno.readTextFile(path), '{"format": "ecs-deploy-emu');
});

Deno.test("readStateFile() rejects a path it cannot read, naming it", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(readStateFile(dir), (error) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.ok(
      error.message.startsWith(`Cannot load the emulator state from "${dir}": cannot read it: `),
    );
    return true;
  });
});

Deno.test("writeStateFile() replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/state.json`;
  await writeStateFile(path, { n: 1 });
  await writeStateFile(path, { n: 2, text: "x".repeat(100_000) });
  assert.deepEqual(JSON.parse(await Deno.readTextFile(path)).n, 2);
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  assert.deepEqual(names, ["state.json"]);
});

Deno.test("writeStateFile() into a missing folder fails naming the file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/missing/state.json`;
  await assert.rejects(writeStateFile(path, {}), (error) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.ok(error.message.startsWith(`Cannot save the emulator state to "${path}": `));
    return true;
  });
});
