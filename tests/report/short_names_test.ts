import assert from "node:assert/strict";
import {
  formatElapsed,
  shortenNames,
  shortRevision,
  shortTaskId,
} from "../../src/report/short_names.ts";

const TD = "arn:aws:ecs:eu-west-1:123456789012:task-definition/api-web:19";
const TASK_ID = "0123456789abcdef0123456789abcdef";

Deno.test("shortRevision() is family:revision of an ARN, anything else as it is", () => {
  assert.equal(shortRevision(TD), "api-web:19");
  assert.equal(shortRevision("api:3"), "api:3");
});

Deno.test("shortTaskId() keeps the last 8 characters of a task id or ARN", () => {
  assert.equal(shortTaskId(TASK_ID), "89abcdef");
  assert.equal(shortTaskId(`arn:aws:ecs:eu-west-1:123456789012:task/prod/${TASK_ID}`), "89abcdef");
  assert.equal(shortTaskId("abc"), "abc");
});

Deno.test("shortenNames() shortens task definition ARNs and task ids in text, marking them", () => {
  assert.equal(
    shortenNames(`rolled back from ${TD} to ${TD.replace(":19", ":18")}`),
    "rolled back from api-web:19 to api-web:18",
  );
  assert.equal(
    shortenNames(`(service api) has started 1 tasks: (task ${TASK_ID}).`, (id) => `<${id}>`),
    "(service api) has started 1 tasks: (task <89abcdef>).",
  );
  assert.equal(
    shortenNames(`task arn:aws-cn:ecs:cn-north-1:123456789012:task/c/${TASK_ID} stopped`),
    "task 89abcdef stopped",
  );
  assert.equal(shortenNames("deployment ecs-svc/123 goes on"), "deployment ecs-svc/123 goes on");
});

Deno.test("formatElapsed() reads as seconds, then minutes and seconds, then hours", () => {
  assert.equal(formatElapsed(0), "0s");
  assert.equal(formatElapsed(59_999), "59s");
  assert.equal(formatElapsed(90_000), "1m30s");
  assert.equal(formatElapsed(3_725_000), "1h02m");
  assert.equal(formatElapsed(-5), "0s");
});

Deno.test("shortenNames() leaves the task of a command whole, so that the command still works", () => {
  const arn = `arn:aws:ecs:eu-west-1:123456789012:task/prod/${TASK_ID}`;
  assert.equal(
    shortenNames(
      `task ${arn} goes on in ECS: stop it with: aws ecs stop-task --cluster prod --task ${arn}`,
    ),
    `task 89abcdef goes on in ECS: stop it with: aws ecs stop-task --cluster prod --task ${arn}`,
  );
});
