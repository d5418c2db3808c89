// deno-lint-ignore-file no-console
/**
 * A deployment alarm tripped from outside, as a pipeline would: the AWS CLI (botocore, a client
 * we did not write) sets a CloudWatch alarm to ALARM on the emulator's port while ecs-deploy (the
 * CLI as a child process) waits through a blue/green bake, and ECS rolls the deployment back.
 */
import assert from "node:assert/strict";
import { explain, resultLine, spawnCli } from "../support/spawn_cli.ts";
import { aws, awsCliMissing } from "../emulator/aws_cli.ts";
import { cliTarget, inWorld, REPO } from "./e2e_world.ts";

const missing = awsCliMissing;
if (missing) console.error(`Skipping the AWS CLI alarm test: ${missing}`);

type Json = Record<string, unknown>;

Deno.test({
  name:
    `aws cloudwatch set-alarm-state during a blue/green bake: the deploy ends rolled_back, exit 1${
      missing ? ` (skipped: ${missing})` : ""
    }`,
  ignore: missing !== undefined,
  fn: () =>
    inWorld("bgalarm", {}, async (world) => {
      const sim = world.emulator.sim;
      await sim.call("UpdateService", {
        cluster: world.cluster,
        service: world.service,
        deploymentConfiguration: {
          strategy: "BLUE_GREEN",
          bakeTimeInMinutes: 10,
          alarms: { alarmNames: ["api-5xx"], enable: true, rollback: true },
        },
      });
      const cloudwatch = (...args: string[]) => aws(world.emulator.url, "cloudwatch", ...args);
      const unknown = await cloudwatch(
        "set-alarm-state",
        "--alarm-name=nope",
        "--state-value=ALARM",
        "--state-reason=test",
      );
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /ResourceNotFound.*Alarm nope not found/);

      const deploy = spawnCli(cliTarget(world, "-i", `${REPO}:1.28`, "-t", "120"));
      // Watch from here for our deployment's bake (wall time, a minute at most: a guard).
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { services } = await sim.call("DescribeServices", {
          cluster: world.cluster,
          services: [world.service],
        });
        const arn = (services as Json[])[0]!.currentServiceDeployment as string;
        const { serviceDeployments } = await sim.call("DescribeServiceDeployments", {
          serviceDeploymentArns: [arn],
        });
        const sd = (serviceDeployments as Json[])[0]!;
        if (sd.status === "IN_PROGRESS" && sd.lifecycleStage === "BAKE_TIME") break;
        assert.ok(
          Date.now() < deadline,
          `no bake within a minute: ${sd.status} ${sd.lifecycleStage}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const tripped = await cloudwatch(
        "set-alarm-state",
        "--alarm-name=api-5xx",
        "--state-value=ALARM",
        "--state-reason=5xx above 1% for 3 minutes",
      );
      assert.equal(tripped.code, 0, tripped.stderr);

      const exit = await deploy.exited;
      assert.equal(exit.code, 1, explain(exit));
      const result = resultLine(exit);
      assert.equal(result.outcome, "rolled_back");
      assert.match(
        String(result.reason),
        /\(rollback by CloudWatch Alarm\); the service is back on/,
      );
      assert.equal((await world.describeService()).taskDefinition, world.taskDefinitionArn);

      const described = await cloudwatch("describe-alarms", "--alarm-names", "api-5xx");
      assert.equal(described.code, 0, described.stderr);
      const [alarm] = (JSON.parse(described.stdout) as { MetricAlarms: Json[] }).MetricAlarms;
      assert.equal(alarm?.StateValue, "ALARM");
      assert.equal(alarm?.StateReason, "5xx above 1% for 3 minutes");
    }),
});
