import assert from "node:assert/strict";
import {
  apiErrorOf,
  sdkCallLine,
  sdkClientConfig,
  sdkReach,
} from "../../src/ecs/aws_sdk_client_config.ts";
import type { SdkServiceException } from "../../src/ecs/aws_sdk_mapping.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";

Deno.test("sdkClientConfig() takes the options' reach and timeouts, and the defaults for the rest", () => {
  const config = sdkClientConfig({
    region: "eu-west-1",
    endpoint: "http://127.0.0.1:4566",
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
    requestTimeoutMs: 1_500,
  }, 4);
  assert.equal(config.region, "eu-west-1");
  assert.equal(config.endpoint, "http://127.0.0.1:4566");
  assert.equal("profile" in config, false, "an absent option stays absent");
  assert.deepEqual(config.credentials, { accessKeyId: "AKID", secretAccessKey: "secret" });
  assert.deepEqual(config.requestHandler, {
    requestTimeout: 1_500,
    connectionTimeout: 5_000,
    throwOnRequestTimeout: true,
  });
});

Deno.test("sdkReach() keeps a session token only where one is given", () => {
  const reach = sdkReach({
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" },
    profile: "ci",
  });
  assert.deepEqual(reach, {
    profile: "ci",
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" },
  });
});

Deno.test("sdkCallLine() names the service, operation, result, status and attempts", () => {
  const started = performance.now();
  const line = sdkCallLine("ECS", "DescribeServices", "ok", {
    httpStatusCode: 200,
    attempts: 2,
  }, started);
  assert.match(line, /^ECS DescribeServices ok status=200 attempts=2 \d+ms$/);
  assert.match(
    sdkCallLine("CloudWatch Logs", "GetLogEvents", "TypeError", undefined, started, {
      attempts: false,
    }),
    /^CloudWatch Logs GetLogEvents TypeError status=- \d+ms$/,
  );
});

Deno.test("apiErrorOf() keeps the exception's type, message and HTTP status", () => {
  const exception = Object.assign(new Error("Service not found."), {
    name: "ServiceNotFoundException",
    $fault: "client" as const,
    $metadata: { httpStatusCode: 409 },
  }) satisfies SdkServiceException;
  const error = apiErrorOf(exception);
  assert.ok(error instanceof EcsApiError);
  assert.equal(error.type, "ServiceNotFoundException");
  assert.equal(error.message, "Service not found.");
  assert.equal(error.status, 409, "not the default 400");
  assert.equal(error.cause, exception);
});
