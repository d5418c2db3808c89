// deno-lint-ignore-file no-console
/**
 * The AWS CLI runs a one-off task on the emulator, waits for it to stop with botocore's own
 * waiter, sees its exit code and stop reason, and reads its lines from CloudWatch Logs.
 */
import assert from "node:assert/strict";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import { aJobRevisionInput } from "../support/builders.ts";
import { awsCli, awsCliMissing, awsCliTest, awsEcs, withInputFile } from "./aws_cli.ts";

const missing = awsCliMissing;
if (missing) console.error(`Skipping the AWS CLI one-off task test: ${missing}`);

interface CliTask {
  taskArn: string;
  lastStatus: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: { name: string; exitCode?: number }[];
}

awsCliTest(
  "aws ecs run-task runs a one-off task that stops with its exit code; aws logs reads it",
  { timings: fastTimings },
  async (emulator) => {
    await awsEcs(emulator, "create-cluster", "--cluster-name", "jobs");
    await withInputFile(
      aJobRevisionInput("registry.example.com/app:1"),
      (file) => awsEcs(emulator, "register-task-definition", "--cli-input-json", file),
    );
    const ran = await awsEcs<{ tasks: CliTask[]; failures: unknown[] }>(
      emulator,
      "run-task",
      "--cluster=jobs",
      "--task-definition=migrate",
      "--launch-type=FARGATE",
      "--network-configuration=awsvpcConfiguration={subnets=[subnet-0a1b2c3d]}",
      `--overrides={"containerOverrides":[{"name":"app","command":["migrate","up","exit-4"]}]}`,
    );
    assert.deepEqual(ran.failures, []);
    const arn = ran.tasks[0]!.taskArn;
    assert.equal(ran.tasks[0]!.lastStatus, "PROVISIONING");
    await awsEcs(emulator, "wait", "tasks-stopped", "--cluster=jobs", `--tasks=${arn}`);
    const described = await awsEcs<{ tasks: CliTask[] }>(
      emulator,
      "describe-tasks",
      "--cluster=jobs",
      `--tasks=${arn}`,
    );
    const task = described.tasks[0]!;
    assert.equal(task.lastStatus, "STOPPED");
    assert.equal(task.stopCode, "EssentialContainerExited");
    assert.equal(task.stoppedReason, "Essential container in task exited");
    assert.equal(task.containers[0]!.exitCode, 4);

    const id = arn.split("/").pop()!;
    const logs = await awsCli<{ events: { timestamp: number; message: string }[] }>(
      emulator,
      "logs",
      "get-log-events",
      "--log-group-name=/ecs/migrate",
      `--log-stream-name=job/app/${id}`,
      "--start-from-head",
    );
    assert.deepEqual(logs.events.map((e) => e.message), [
      "container app started",
      "migrate up exit-4",
      "container app exited with code 4",
    ]);
    assert.ok(logs.events[0]!.timestamp > Date.UTC(2025, 0, 1), "epoch milliseconds");
    const filtered = await awsCli<{ events: { logStreamName: string }[] }>(
      emulator,
      "logs",
      "filter-log-events",
      "--log-group-name=/ecs/migrate",
      "--filter-pattern=exited",
    );
    assert.deepEqual(filtered.events.map((e) => e.logStreamName), [`job/app/${id}`]);
  },
);
