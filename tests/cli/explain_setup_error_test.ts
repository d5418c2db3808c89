import assert from "node:assert/strict";
import { explainSetupError } from "../../src/cli/explain_setup_error.ts";
import { AwsSetupError, EcsEndpointError } from "../../src/ecs/setup_errors.ts";

const NO_FLAGS = { connection: { verbose: false }, env: {} };

Deno.test("explainSetupError() names the region's sources, with the profile and config file in use", () => {
  const error = new AwsSetupError("no_region", "No AWS region is set", { profile: "deploy" });
  assert.equal(
    explainSetupError(error, { env: { AWS_CONFIG_FILE: "/ci/aws.ini" } }),
    "No AWS region is set: give -r REGION (such as -r us-east-1), set AWS_REGION, or add " +
      '`region = ...` to profile "deploy" in /ci/aws.ini',
  );
});

Deno.test("explainSetupError() names the dummy credentials only when an endpoint is set", () => {
  const error = new AwsSetupError("no_credentials", "No AWS credentials found");
  assert.doesNotMatch(explainSetupError(error, NO_FLAGS)!, /emulator/);
  assert.match(
    explainSetupError(error, { env: { AWS_ENDPOINT_URL_ECS: "http://127.0.0.1:4599" } })!,
    /the emulator takes any values: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test$/,
  );
  const sso = new AwsSetupError("no_credentials", 'No AWS credentials found for profile "corp"', {
    profile: "corp",
  });
  assert.match(explainSetupError(sso, NO_FLAGS)!, /run "aws sso login --profile corp"/);
});

Deno.test("explainSetupError() says where the endpoint came from", () => {
  const refused = new EcsEndpointError("refused", "http://x:1", 'Cannot reach ECS at "http://x:1"');
  assert.match(
    explainSetupError(refused, {
      connection: { verbose: false, endpoint: "http://x:1" },
      env: {},
    })!,
    /check --endpoint-url/,
  );
  assert.match(
    explainSetupError(refused, { env: { AWS_ENDPOINT_URL: "http://x:1" } })!,
    /check AWS_ENDPOINT_URL,/,
  );
});

Deno.test("explainSetupError() leaves other errors to their own message", () => {
  assert.equal(explainSetupError(new Error("boom"), NO_FLAGS), undefined);
  assert.equal(explainSetupError(new SyntaxError("a bug"), NO_FLAGS), undefined);
  assert.equal(explainSetupError(undefined, NO_FLAGS), undefined);
});
