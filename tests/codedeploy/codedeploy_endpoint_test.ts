import assert from "node:assert/strict";
import { codeDeployEndpoint } from "../../src/codedeploy/codedeploy_endpoint.ts";

Deno.test("codeDeployEndpoint(): the flag, then AWS_ENDPOINT_URL_CODEDEPLOY, then the ECS flag, then AWS_ENDPOINT_URL", () => {
  const env = { AWS_ENDPOINT_URL_CODEDEPLOY: "http://cd-env", AWS_ENDPOINT_URL: "http://all" };
  assert.equal(
    codeDeployEndpoint({ codeDeployEndpoint: "http://cd-flag", endpoint: "http://ecs" }, env),
    "http://cd-flag",
  );
  assert.equal(codeDeployEndpoint({ endpoint: "http://ecs" }, env), "http://cd-env");
  assert.equal(
    codeDeployEndpoint({ endpoint: "http://ecs" }, { AWS_ENDPOINT_URL: "http://all" }),
    "http://ecs",
  );
  assert.equal(codeDeployEndpoint({}, { AWS_ENDPOINT_URL: "http://all" }), "http://all");
  // ECS's own variable is ECS's alone.
  assert.equal(codeDeployEndpoint({}, { AWS_ENDPOINT_URL_ECS: "http://ecs-env" }), undefined);
});
