import assert from "node:assert/strict";
import { causeLines } from "../../src/report/cause_chain.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";

Deno.test("causeLines() lists each cause with its AWS error type, innermost last", () => {
  const error = new Error("Cannot deploy", {
    cause: new EcsApiError("ThrottlingException", "Rate exceeded", { cause: "a string cause" }),
  });
  assert.deepEqual(causeLines(error), [
    "caused by: ThrottlingException: Rate exceeded",
    "caused by: a string cause",
  ]);
  assert.deepEqual(causeLines(new Error("alone")), []);
  assert.deepEqual(causeLines("not an error"), []);
});

Deno.test("causeLines() stops at a cycle", () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  a.cause = b;
  assert.deepEqual(causeLines(a), ["caused by: b"]);
});
