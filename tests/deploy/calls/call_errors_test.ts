import assert from "node:assert/strict";
import {
  isTransientError,
  isUnavailableApi,
  provesNotApplied,
} from "../../../src/deploy/calls/call_errors.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";

const withCode = (code: string, message = "connection failed") =>
  Object.assign(new Error(message), { code });
const garbled = () =>
  Object.assign(new SyntaxError("Unexpected token '<'"), { $response: { statusCode: 200 } });

Deno.test("isTransientError() rides out throttling, server errors, broken connections and garbled answers", () => {
  for (
    const error of [
      new EcsApiError("ThrottlingException", "Rate exceeded"),
      new EcsApiError("ServerException", "boom"),
      new EcsApiError("BadGateway", "proxy", { status: 502 }),
      withCode("ECONNRESET", "socket hang up"),
      withCode("ECONNREFUSED"),
      Object.assign(new Error("socket hang up"), { name: "TimeoutError" }),
      garbled(),
    ]
  ) {
    assert.equal(isTransientError(error), true, String(error));
  }
});

Deno.test("isTransientError() lets a bug or a rejection surface instead of retrying to the deadline", () => {
  for (
    const error of [
      new TypeError("Cannot read properties of undefined (reading 'deployments')"),
      new SyntaxError("Unexpected token in our own code"),
      new EcsApiError("ClientException", "bad request"),
      new EcsApiError("AccessDeniedException", "not allowed"),
      new Error("something else"),
      "a string",
    ]
  ) {
    assert.equal(isTransientError(error), false, String(error));
  }
});

Deno.test("provesNotApplied() is true only where ECS cannot have acted", () => {
  assert.equal(provesNotApplied(new EcsApiError("ThrottlingException", "Rate exceeded")), true);
  assert.equal(provesNotApplied(withCode("ECONNREFUSED")), true);
  // ECS may have applied the change before these.
  assert.equal(provesNotApplied(new EcsApiError("ServerException", "boom")), false);
  assert.equal(provesNotApplied(withCode("ECONNRESET", "socket hang up")), false);
  assert.equal(provesNotApplied(garbled()), false);
});

Deno.test("isUnavailableApi() names a missing witness: unknown operation, unsupported, denied", () => {
  for (const type of ["UnknownOperationException", "UnsupportedFeatureException"]) {
    assert.equal(isUnavailableApi(new EcsApiError(type, "no")), true, type);
  }
  assert.equal(isUnavailableApi(new EcsApiError("AccessDeniedException", "denied")), true);
  assert.equal(isUnavailableApi(new EcsApiError("ThrottlingException", "slow down")), false);
  assert.equal(isUnavailableApi(new EcsApiError("ServerException", "boom")), false);
  assert.equal(isUnavailableApi(new TypeError("bug")), false);
});
