import assert from "node:assert/strict";
import { StateSaver } from "../../src/emulator/state_saver.ts";
import { FakeClock } from "../support/fake_clock.ts";

/** Resolves once `path` holds JSON whose `n` is `n` (writes are real file I/O). */
async function untilSaved(path: string, n: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    try {
      if (JSON.parse(await Deno.readTextFile(path)).n === n) return;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`${path} never held n=${n}`);
}

/** Lets the alarm's callbacks (promise jobs) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("StateSaver saves a change once the interval has passed, and many changes once", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/state.json`;
  const clock = new FakeClock();
  let n = 0;
  let snapshots = 0;
  const saver = new StateSaver({
    path,
    clock,
    intervalMs: 1000,
    snapshot: () => (snapshots++, { n }),
    onError: (error) => assert.fail(error),
  });
  n = 1;
  saver.changed();
  saver.changed();
  clock.advance(999);
  await settle();
  assert.equal(snapshots, 0);
  n = 2;
  saver.changed();
  clock.advance(1);
  await untilSaved(path, 2);
  assert.equal(snapshots, 1);
  n = 3;
  await saver.close();
  assert.equal(JSON.parse(await Deno.readTextFile(path)).n, 3);
  // Closed: later changes write nothing.
  n = 4;
  saver.changed();
  clock.advance(5000);
  await settle();
  assert.equal(snapshots, 2);
  assert.equal(JSON.parse(await Deno.readTextFile(path)).n, 3);
});

Deno.test("StateSaver reports a failed background save and close() rejects", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/gone/state.json`;
  const clock = new FakeClock();
  const errors = Promise.withResolvers<Error>();
  const saver = new StateSaver({
    path,
    clock,
    snapshot: () => ({ n: 1 }),
    onError: (error) => errors.resolve(error),
  });
  saver.changed();
  clock.advance(1000);
  assert.match(
    (await errors.promise).message,
    /^Cannot save the emulator state to ".*gone\/state.json": /,
  );
  await assert.rejects(saver.close(), /Cannot save the emulator state/);
});
