import assert from "node:assert/strict";
import { parseEcsAppSpec } from "../../src/codedeploy/ecs_appspec.ts";

const YAML = `version: 0.0
# The example of the CodeDeploy user guide, shortened.
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "arn:aws:ecs:us-east-1:111222333444:task-definition/my-task-definition-family-name:1"
        LoadBalancerInfo:
          ContainerName: "SampleApplicationName"
          ContainerPort: 80
        PlatformVersion: "LATEST"
Hooks:
  - BeforeInstall: "LambdaFunctionToValidateBeforeInstall"
  - AfterAllowTestTraffic: "LambdaFunctionToValidateAfterTestTrafficStarts"
`;

Deno.test("parseEcsAppSpec() reads the YAML AppSpec of the docs", () => {
  assert.deepEqual(parseEcsAppSpec(YAML), {
    taskDefinition:
      "arn:aws:ecs:us-east-1:111222333444:task-definition/my-task-definition-family-name:1",
    containerName: "SampleApplicationName",
    containerPort: 80,
    platformVersion: "LATEST",
    hooks: {
      BeforeInstall: "LambdaFunctionToValidateBeforeInstall",
      AfterAllowTestTraffic: "LambdaFunctionToValidateAfterTestTrafficStarts",
    },
  });
});

Deno.test("parseEcsAppSpec() refuses an AppSpec without TaskDefinition or with a bad hook", () => {
  assert.throws(
    () => parseEcsAppSpec(YAML.replace(/ +TaskDefinition:.*\n/, "")),
    /does not specify Properties.TaskDefinition/,
  );
  assert.throws(() => parseEcsAppSpec(YAML.replace("BeforeInstall:", "Install:")), /Install/);
  assert.throws(() => parseEcsAppSpec("{not json"), /cannot be parsed/);
});
