import assert from "node:assert/strict";
import { AwsEcsClient, awsEcsClientOptionsFromEnv } from "../../src/ecs/aws_ecs_client.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { AwsLogsClient } from "../../src/logs/aws_logs_client.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { FakeClock } from "../support/fake_clock.ts";

const CREDENTIALS = { accessKeyId: "AKIDLOGSTEST", secretAccessKey: "logs-test-secret" };

Deno.test("the SDK adapters run, follow and stop a one-off task and read its lines on the emulator", async () => {
  const clock = new FakeClock();
  const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
  const options = { endpoint: emulator.url, region: "us-east-1", credentials: CREDENTIALS };
  const ecs = new AwsEcsClient(options);
  const logs = new AwsLogsClient(options);
  try {
    await seedDemo(emulator.sim, { cluster: "prod" });
    const service = (await ecs.describeService("prod", "api"))!;
    const ran = await ecs.runTask({
      cluster: "prod",
      taskDefinition: "api:1",
      launchType: "FARGATE",
      networkConfiguration: service.networkConfiguration!,
      overrides: { containerOverrides: [{ name: "web", command: ["migrate", "exit-5"] }] },
      clientToken: "token-1",
    });
    assert.deepEqual(ran.failures, []);
    const arn = ran.tasks[0]!.taskArn;
    const again = await ecs.runTask({
      cluster: "prod",
      taskDefinition: "api:1",
      launchType: "FARGATE",
      networkConfiguration: service.networkConfiguration!,
      clientToken: "token-1",
    });
    assert.equal(again.tasks[0]!.taskArn, arn, "the client token starts no second task");
    const stream = `api/web/${arn.split("/").pop()}`;
    await assert.rejects(logs.getLogEvents("/ecs/api", stream), (e: unknown) => {
      assert.ok(e instanceof EcsApiError);
      assert.equal(e.type, "ResourceNotFoundException");
      assert.equal(e.status, 400);
      return true;
    });
    clock.advance(1_000);
    const [task] = await ecs.describeTasks("prod", [arn]);
    assert.equal(task!.lastStatus, "STOPPED");
    assert.equal(task!.containers[0]!.exitCode, 5);
    assert.ok(task!.stoppedAt instanceof Date);
    const page = await logs.getLogEvents("/ecs/api", stream);
    assert.deepEqual(page.events.map((e) => e.message), [
      "container web started",
      "migrate exit-5",
      "container web exited with code 5",
    ]);
    const next = await logs.getLogEvents("/ecs/api", stream, page.nextToken);
    assert.deepEqual(next.events, []);

    const server = await ecs.runTask({
      cluster: "prod",
      taskDefinition: "api:1",
      launchType: "FARGATE",
      networkConfiguration: service.networkConfiguration!,
    });
    clock.advance(100);
    const stopped = await ecs.stopTask("prod", server.tasks[0]!.taskArn, "enough");
    assert.equal(stopped.desiredStatus, "STOPPED");
    assert.equal(stopped.stopCode, "UserInitiated");
    await assert.rejects(
      ecs.runTask({ cluster: "prod", taskDefinition: "api:1", launchType: "FARGATE" }),
      { type: "InvalidParameterException" },
    );
  } finally {
    ecs.destroy();
    logs.destroy();
    await emulator.shutdown();
  }
});

Deno.test("the Logs endpoint from the environment: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, then AWS_ENDPOINT_URL", () => {
  const env = {
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "http://logs:1",
    AWS_ENDPOINT_URL_ECS: "http://ecs:3",
    AWS_ENDPOINT_URL: "http://all:2",
  };
  assert.equal(awsEcsClientOptionsFromEnv(env, "CLOUDWATCH_LOGS").endpoint, "http://logs:1");
  assert.equal(
    awsEcsClientOptionsFromEnv({ ...env, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "" }, "CLOUDWATCH_LOGS")
      .endpoint,
    "http://all:2",
  );
});
