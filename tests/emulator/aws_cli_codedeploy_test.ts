// deno-lint-ignore-file no-console
/**
 * The AWS CLI (botocore, a client we did not write) drives CodeDeploy on the emulator: creates an
 * application and an ECS deployment group for a CODE_DEPLOY service, runs a deployment and waits
 * for it with `aws deploy wait deployment-successful`, reads the green task set with `aws ecs
 * describe-services`, and sees a failing deployment end the waiter with a failure. A fake clock
 * holds the deployment still while the CLI looks; the waiter's first poll (at once, before its
 * 15-second delay) finds it ended, because the test moved the clock on first.
 */
import assert from "node:assert/strict";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { CODE_DEPLOY_SERVICE } from "../../src/emulator/seed_codedeploy.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { aws, awsCli, awsCliMissing } from "./aws_cli.ts";

const missing = awsCliMissing;
if (missing) console.error(`Skipping the AWS CLI CodeDeploy tests: ${missing}`);

type Json = Record<string, unknown>;

const appSpec = (taskDefinition: string) =>
  JSON.stringify({
    version: 0.0,
    Resources: [{
      TargetService: {
        Type: "AWS::ECS::Service",
        Properties: {
          TaskDefinition: taskDefinition,
          LoadBalancerInfo: { ContainerName: "web", ContainerPort: 80 },
        },
      },
    }],
  });

Deno.test({
  name: `the AWS CLI creates a CodeDeploy application and group, deploys and waits${
    missing ? ` (skipped: ${missing})` : ""
  }`,
  ignore: missing !== undefined,
  fn: async () => {
    const clock = new FakeClock();
    const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
    try {
      const seeded = await seedDemo(emulator.sim, {
        cluster: "cli",
        service: "web",
        ...CODE_DEPLOY_SERVICE,
      });
      clock.advance(60_000);
      await awsCli(
        emulator,
        "deploy",
        "create-application",
        "--application-name=web-app",
        "--compute-platform=ECS",
      );
      await awsCli(
        emulator,
        "deploy",
        "create-deployment-group",
        "--application-name=web-app",
        "--deployment-group-name=web-group",
        "--service-role-arn=arn:aws:iam::123456789012:role/CodeDeployECSRole",
        "--deployment-config-name=CodeDeployDefault.ECSAllAtOnce",
        `--ecs-services=${JSON.stringify([{ clusterName: "cli", serviceName: "web" }])}`,
        `--deployment-style=${
          JSON.stringify({ deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" })
        }`,
        `--load-balancer-info=${
          JSON.stringify({
            targetGroupPairInfoList: [{
              targetGroups: [{ name: "blue" }, { name: "green" }],
              prodTrafficRoute: {
                listenerArns: [
                  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/2",
                ],
              },
            }],
          })
        }`,
        `--blue-green-deployment-configuration=${
          JSON.stringify({
            deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
            terminateBlueInstancesOnDeploymentSuccess: {
              action: "TERMINATE",
              terminationWaitTimeInMinutes: 0,
            },
          })
        }`,
        `--auto-rollback-configuration=${
          JSON.stringify({ enabled: true, events: ["DEPLOYMENT_FAILURE"] })
        }`,
      );
      const groups = await awsCli(
        emulator,
        "deploy",
        "list-deployment-groups",
        "--application-name=web-app",
      );
      assert.deepEqual(groups.deploymentGroups, ["web-group"]);

      const register = async (image: string) =>
        ((await awsCli(
          emulator,
          "ecs",
          "register-task-definition",
          "--family=web",
          `--container-definitions=${JSON.stringify([{ name: "web", image, memory: 128 }])}`,
        )).taskDefinition as Json).taskDefinitionArn as string;
      const deploy = async (taskDefinition: string) =>
        (await awsCli(
          emulator,
          "deploy",
          "create-deployment",
          "--application-name=web-app",
          "--deployment-group-name=web-group",
          `--revision=${
            JSON.stringify({
              revisionType: "AppSpecContent",
              appSpecContent: { content: appSpec(taskDefinition) },
            })
          }`,
        )).deploymentId as string;

      const green = await register("public.ecr.aws/nginx/nginx:1.28");
      const id = await deploy(green);
      // Green's task set is installing (fast timings: for 50 ms).
      clock.advance(1);
      const during = await awsCli(
        emulator,
        "ecs",
        "describe-services",
        "--cluster=cli",
        "--services=web",
      );
      const sets = (during.services as Json[])[0]!.taskSets as Json[];
      assert.deepEqual(sets.map((s) => [s.status, s.startedBy]), [["PRIMARY", "CODE_DEPLOY"], [
        "ACTIVE",
        "CODE_DEPLOY",
      ]]);
      assert.equal(sets[1]!.externalId, id);
      assert.equal(sets[1]!.taskDefinition, green);
      const target = await awsCli(
        emulator,
        "deploy",
        "get-deployment-target",
        `--deployment-id=${id}`,
        "--target-id=cli:web",
      );
      assert.equal(((target.deploymentTarget as Json).ecsTarget as Json).targetId, "cli:web");

      clock.advance(60_000);
      const waited = await aws(
        emulator.url,
        "deploy",
        "wait",
        "deployment-successful",
        `--deployment-id=${id}`,
      );
      assert.equal(waited.code, 0, waited.stderr);
      const after = await awsCli(
        emulator,
        "ecs",
        "describe-services",
        "--cluster=cli",
        "--services=web",
      );
      assert.equal((after.services as Json[])[0]!.taskDefinition, green);
      assert.notEqual(green, seeded.taskDefinitionArn);

      const failing = await deploy(await register("public.ecr.aws/nginx/nginx:fail-pull"));
      clock.advance(60_000);
      const failed = await aws(
        emulator.url,
        "deploy",
        "wait",
        "deployment-successful",
        `--deployment-id=${failing}`,
      );
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /Waiter DeploymentSuccessful failed/);
      const info = await awsCli(emulator, "deploy", "get-deployment", `--deployment-id=${failing}`);
      const deployment = info.deploymentInfo as Json;
      assert.equal(deployment.status, "Failed");
      assert.equal((deployment.errorInformation as Json).code, "ECS_UPDATE_ERROR");
    } finally {
      await emulator.shutdown();
    }
  },
});
