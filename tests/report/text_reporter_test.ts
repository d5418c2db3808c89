import assert from "node:assert/strict";
import type { DeployResult } from "../../src/deploy/deploy_events.ts";
import { deployResult } from "../../src/deploy/deploy_result.ts";
import { TextReporter } from "../../src/report/text_reporter.ts";
import { aTaskDefinition } from "../support/builders.ts";
import { FakeClock } from "../support/fake_clock.ts";

function aReporter(
  options: {
    githubActions?: boolean;
    showPlan?: boolean;
    showValues?: boolean;
    verbose?: boolean;
  } = {},
) {
  const out = { stdout: "", stderr: "" };
  const reporter = new TextReporter({
    stdout: (text) => out.stdout += text,
    stderr: (text) => out.stderr += text,
    clock: new FakeClock(),
    showPlan: options.showPlan ?? false,
    githubActions: options.githubActions ?? false,
    showValues: options.showValues ?? false,
    verbose: options.verbose ?? false,
  });
  return { reporter, out };
}

const rolledBack: DeployResult = deployResult({
  outcome: "rolled_back",
  reason: "tasks failed to start; the service is back on api:1",
  cluster: "prod",
  service: "api",
  taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:2",
  previousTaskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:1",
  diagnosis: {
    summary: "3 tasks failed to start: CannotPullContainerError: not found",
    stoppedTasks: [],
    events: [],
    unreadable: [],
  },
});

Deno.test("TextReporter ends with the outcome, the reason and the diagnosis on stderr", () => {
  const { reporter, out } = aReporter();
  reporter.report({ type: "finished", result: rolledBack });
  assert.match(
    out.stderr,
    /Rolled back "api" to api:1: tasks failed to start.*\(exit 1\)/,
  );
  assert.match(out.stderr, /Why: 3 tasks failed to start: CannotPullContainerError/);
  assert.equal(out.stdout, "arn:aws:ecs:us-east-1:1:task-definition/api:2\n");
});

Deno.test("TextReporter annotates failures for GitHub Actions on stderr only", () => {
  const plain = aReporter();
  plain.reporter.report({ type: "finished", result: rolledBack });
  assert.doesNotMatch(plain.out.stderr, /::error/);

  const { reporter, out } = aReporter({ githubActions: true });
  reporter.report({ type: "finished", result: rolledBack });
  assert.match(
    out.stderr,
    /::error title=ecs-deploy rolled_back::tasks failed to start; the service is back on api:1%0A3 tasks failed/,
  );
  assert.doesNotMatch(out.stdout, /::error/);
});

Deno.test("TextReporter shows the task definition diff and the requests of a dry run", () => {
  const { reporter, out } = aReporter({ showPlan: true });
  const current = aTaskDefinition();
  reporter.report({
    type: "planned",
    plan: {
      cluster: "prod",
      service: "api",
      current: { taskDefinition: current, tags: [] },
      imageChanges: [{
        container: "app",
        from: "registry.example.com/api:1",
        to: "registry.example.com/api:2",
        unchanged: false,
      }],
      nextTaskDefinition: {
        family: "api",
        containerDefinitions: [{
          name: "app",
          image: "registry.example.com/api:2",
          essential: true,
        }],
      },
      serviceUpdate: { cluster: "prod", service: "api" },
    },
  });
  assert.match(
    out.stderr,
    /container "app": registry.example.com\/api:1 -> registry.example.com\/api:2/,
  );
  assert.match(
    out.stderr,
    /containerDefinitions\[0\]\.image: "registry.example.com\/api:1" -> "registry.example.com\/api:2"/,
  );
  assert.match(out.stderr, /RegisterTaskDefinition request:/);
  assert.match(out.stderr, /"taskDefinition": "<the registered revision's ARN>"/);
});

Deno.test("TextReporter masks environment values in the diff and the request unless showValues", () => {
  const current = aTaskDefinition({
    containerDefinitions: [{
      name: "app",
      image: "repo/api:1",
      environment: [{ name: "TOKEN", value: "old-secret" }],
    }],
  });
  const plan = {
    cluster: "prod",
    current: { taskDefinition: current, tags: [] },
    imageChanges: [],
    nextTaskDefinition: {
      family: "api",
      containerDefinitions: [{
        name: "app",
        image: "repo/api:1",
        environment: [{ name: "TOKEN", value: "new-secret" }],
        secrets: [{ name: "DB", valueFrom: "arn:aws:ssm:eu-west-1:1:parameter/db" }],
      }],
    },
  };
  const masked = aReporter({ showPlan: true });
  masked.reporter.report({ type: "planned", plan });
  assert.doesNotMatch(masked.out.stderr, /old-secret|new-secret|parameter\/db/);
  assert.match(
    masked.out.stderr,
    /containerDefinitions\[0\]\.environment\[0\]\.value: "\(masked\)" -> "\(masked\)"/,
    "a changed value is still shown as a change",
  );
  const shown = aReporter({ showPlan: true, showValues: true });
  shown.reporter.report({ type: "planned", plan });
  assert.match(shown.out.stderr, /"old-secret" -> "new-secret"/);
  assert.match(shown.out.stderr, /parameter\/db/);
});

Deno.test("TextReporter prints the cause chain of the ending error with verbose only", () => {
  const error = new Error("Cannot reach ECS", {
    cause: Object.assign(new Error("socket hang up", { cause: new Error("ECONNRESET") }), {
      type: "NetworkingError",
    }),
  });
  const result = deployResult({ outcome: "error", reason: "Cannot reach ECS", cluster: "prod" });
  const quiet = aReporter();
  quiet.reporter.report({ type: "finished", result, error });
  assert.doesNotMatch(quiet.out.stderr, /caused by/);
  const verbose = aReporter({ verbose: true });
  verbose.reporter.report({ type: "finished", result, error });
  assert.match(
    verbose.out.stderr,
    /\(exit 4\)\n {2}caused by: NetworkingError: socket hang up\n {2}caused by: ECONNRESET\n$/,
  );
});
