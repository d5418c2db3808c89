import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";

/** Asserts that `promise` rejects with an {@linkcode EcsApiError} of `type` whose message matches. */
export async function rejectsWithApiError(
  promise: Promise<unknown>,
  type: string,
  message: RegExp,
): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof EcsApiError);
    assert.equal(e.type, type);
    assert.match(e.message, message);
    return true;
  });
}
