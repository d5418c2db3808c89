import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { TaskLogFollower } from "../../../src/deploy/run_task/follow_task_logs.ts";
import { taskLogStreams } from "../../../src/deploy/run_task/task_log_streams.ts";
import { EcsApiError } from "../../../src/ecs/ecs_client.ts";
import type { LogPage, LogsClient } from "../../../src/logs/logs_client.ts";
import type { TaskDefinition } from "../../../src/ecs/types.ts";

const STREAM = { container: "app", group: "/ecs/job", stream: "job/app/abc" };

/** A logs client answering from a script, one answer per call. */
function scripted(answers: (LogPage | Error)[]): LogsClient & { tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    getLogEvents(_group, _stream, nextToken) {
      tokens.push(nextToken);
      const answer = answers.shift() ?? { events: [], nextToken: nextToken ?? "f/0" };
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const line = (n: number) => ({ timestamp: 1_700_000_000_000 + n, message: `line ${n}` });

Deno.test("TaskLogFollower reads on from its token, emits each line and keeps the last 20", async () => {
  const events: DeployEvent[] = [];
  const logs = scripted([
    new EcsApiError("ResourceNotFoundException", "The specified log stream does not exist."),
    { events: Array.from({ length: 15 }, (_, i) => line(i)), nextToken: "f/15" },
    { events: Array.from({ length: 10 }, (_, i) => line(15 + i)), nextToken: "f/25" },
  ]);
  const follower = new TaskLogFollower(logs, [STREAM], (e) => events.push(e), "arn:task");
  await follower.read();
  assert.deepEqual(events, [], "a stream not there yet is no error");
  await follower.read();
  await follower.read();
  assert.deepEqual(logs.tokens, [undefined, undefined, "f/15"]);
  assert.equal(events.length, 25);
  assert.deepEqual(follower.tail, Array.from({ length: 20 }, (_, i) => `line ${5 + i}`));
});

Deno.test("TaskLogFollower reports another failure once and reads no more", async () => {
  const events: DeployEvent[] = [];
  const logs = scripted([new EcsApiError("AccessDeniedException", "not allowed")]);
  const follower = new TaskLogFollower(logs, [STREAM], (e) => events.push(e), "arn:task");
  await follower.read();
  await follower.read();
  assert.equal(logs.tokens.length, 1);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.type, "logs_unavailable");
  assert.match(JSON.stringify(events[0]), /AccessDeniedException: not allowed/);
});

Deno.test("taskLogStreams() follows awslogs containers with a stream prefix only", () => {
  const td = {
    taskDefinitionArn: "arn:td/job:1",
    family: "job",
    revision: 1,
    status: "ACTIVE",
    containerDefinitions: [
      {
        name: "app",
        image: "a",
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": "/ecs/job", "awslogs-stream-prefix": "job" },
        },
      },
      {
        name: "noprefix",
        image: "b",
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/job" } },
      },
      { name: "fluent", image: "c", logConfiguration: { logDriver: "awsfirelens" } },
    ],
  } satisfies TaskDefinition;
  assert.deepEqual(taskLogStreams(td, "abc"), [STREAM]);
});
