import assert from "node:assert/strict";
import {
  describeForeignAnswer,
  endpointFailureOf,
  regionalEndpoint,
  serviceOf,
  setupErrorOf,
} from "../../src/ecs/aws_sdk_mapping.ts";
import { AwsSetupError } from "../../src/ecs/setup_errors.ts";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

Deno.test("setupErrorOf() maps the SDK's missing region and missing credentials, keeping the cause", () => {
  const region = new Error("Region is missing");
  const noRegion = setupErrorOf(region, undefined);
  assert.ok(noRegion instanceof AwsSetupError);
  assert.equal(noRegion.problem, "no_region");
  assert.equal(noRegion.cause, region);
  const credentials = Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
  });
  const noCredentials = setupErrorOf(credentials, "deploy");
  assert.equal(noCredentials?.problem, "no_credentials");
  assert.equal(noCredentials?.message, 'No AWS credentials found for profile "deploy"');
  const sso = Object.assign(new Error("The SSO session has expired"), {
    name: "TokenProviderError",
  });
  assert.equal(setupErrorOf(sso, "corp")?.problem, "no_credentials");
  assert.equal(setupErrorOf(new Error("socket hang up"), undefined), undefined);
  assert.equal(setupErrorOf("Region is missing", undefined), undefined);
});

Deno.test("endpointFailureOf() tells refused, DNS, TLS, timeouts and foreign answers apart", () => {
  assert.equal(endpointFailureOf(withCode("ECONNREFUSED")), "refused");
  assert.equal(endpointFailureOf(withCode("ENOTFOUND")), "host_not_found");
  assert.equal(endpointFailureOf(withCode("ERR_SSL_WRONG_VERSION_NUMBER")), "tls");
  assert.equal(endpointFailureOf(withCode("UNABLE_TO_VERIFY_LEAF_SIGNATURE")), "tls");
  assert.equal(endpointFailureOf(new Error("invalid peer certificate: UnknownIssuer")), "tls");
  assert.equal(
    endpointFailureOf(Object.assign(new Error("t"), { name: "TimeoutError" })),
    "timed_out",
  );
  assert.equal(endpointFailureOf(withCode("ECONNRESET")), "reset");
  const html = Object.assign(new SyntaxError("Unexpected token '<'"), {
    $response: { statusCode: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
  });
  assert.equal(endpointFailureOf(html), "not_ecs");
  assert.equal(describeForeignAnswer(html), "HTTP 200, text/html");
  assert.equal(endpointFailureOf(new SyntaxError("a bug, no response")), undefined);
  assert.equal(endpointFailureOf(Object.assign(new Error("a"), { name: "AbortError" })), undefined);
  assert.equal(endpointFailureOf(new TypeError("x is undefined")), undefined);
});

Deno.test("regionalEndpoint() is the SDK's default endpoint, China's partition included", () => {
  assert.equal(regionalEndpoint("eu-west-1"), "https://ecs.eu-west-1.amazonaws.com");
  assert.equal(regionalEndpoint("cn-north-1"), "https://ecs.cn-north-1.amazonaws.com.cn");
});

Deno.test("serviceOf() gives a service without deployments or events empty arrays", () => {
  const service = serviceOf({ serviceName: "api", status: "INACTIVE", desiredCount: undefined });
  assert.deepEqual(service.deployments, []);
  assert.deepEqual(service.events, []);
  assert.equal("desiredCount" in service, false, "undefined members are dropped");
});
