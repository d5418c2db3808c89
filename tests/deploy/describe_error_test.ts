import assert from "node:assert/strict";
import { describeError } from "../../src/deploy/describe_error.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";

Deno.test("describeError() names the AWS error type, then the message", () => {
  assert.equal(
    describeError(new EcsApiError("AccessDeniedException", "not authorized")),
    "AccessDeniedException: not authorized",
  );
  assert.equal(describeError("plain"), "plain");
});

Deno.test("describeError() drops the SDK's advice about $response from an unreadable answer", () => {
  const garbled = Object.assign(
    new SyntaxError(
      "Unexpected token '<', \"<html>\" is not valid JSON\n  Deserialization error: to see the " +
        "raw response, inspect the hidden field {error}.$response on this object.",
    ),
    { $response: { statusCode: 502 } },
  );
  assert.equal(
    describeError(garbled),
    "the answer is not ECS JSON: Unexpected token '<', \"<html>\" is not valid JSON",
  );
});
