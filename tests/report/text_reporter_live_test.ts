/**
 * The text reporter as a deploy shows it: the live view in a terminal (a status line redrawn in
 * place, colour), plain lines with a heartbeat elsewhere, the retries, and the wording of
 * rollbacks, dry runs and the commands to go on with. All on a fake clock.
 */
import assert from "node:assert/strict";
import type { DeployEvent, DeploymentSnapshot } from "../../src/deploy/deploy_events.ts";
import { deployResult, type Ending } from "../../src/deploy/deploy_result.ts";
import { rollbackStep, watchStep } from "../../src/deploy/commands/next_steps.ts";
import { CLEAR_LINE } from "../../src/report/ansi.ts";
import { TextReporter, type TextReporterOptions } from "../../src/report/text_reporter.ts";
import { aTaskDefinition } from "../support/builders.ts";
import { FakeClock } from "../support/fake_clock.ts";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:";

function aReporter(options: Partial<TextReporterOptions> = {}) {
  const clock = new FakeClock();
  const out = { stdout: "", stderr: "" };
  const reporter = new TextReporter({
    stdout: (text) => out.stdout += text,
    stderr: (text) => out.stderr += text,
    clock,
    showPlan: false,
    ...options,
  });
  return {
    reporter,
    out,
    clock,
    report: (...events: DeployEvent[]) => events.forEach((e) => reporter.report(e)),
  };
}

function snapshot(overrides: Partial<DeploymentSnapshot>): DeploymentSnapshot {
  return {
    id: "ecs-svc/2",
    status: "PRIMARY",
    taskDefinition: `${ARN}2`,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    failedTasks: 0,
    rolloutState: "IN_PROGRESS",
    ours: true,
    ...overrides,
  };
}

const OLD = snapshot({
  id: "ecs-svc/1",
  status: "ACTIVE",
  taskDefinition: `${ARN}1`,
  runningCount: 2,
  pendingCount: 0,
  rolloutState: "COMPLETED",
  ours: false,
});

const started: DeployEvent[] = [
  { type: "registered", taskDefinitionArn: `${ARN}2` },
  { type: "service_updated", taskDefinitionArn: `${ARN}2`, deploymentId: "ecs-svc/2" },
  { type: "progress", phase: "deploying", deployments: [snapshot({}), OLD] },
];

const finished = (ending: Partial<Ending> = {}): DeployEvent => ({
  type: "finished",
  result: deployResult({
    outcome: "succeeded",
    reason: "2 of 2 tasks running the new revision",
    cluster: "prod",
    service: "api",
    taskDefinitionArn: `${ARN}2`,
    previousTaskDefinitionArn: `${ARN}1`,
    ...ending,
  }),
  ...(ending.next ? { next: ending.next } : {}),
});

Deno.test("TextReporter in plain output beats every 30 s while nothing changes, until finished", async () => {
  const { report, out, clock } = aReporter();
  report(...started);
  for (let i = 0; i < 3; i++) {
    clock.advance(30_000);
    await flush();
  }
  const heartbeats = out.stderr.split("\n").filter((line) => line.includes("still"));
  assert.deepEqual(heartbeats, [
    "[30s] still deploying api:2: 0/2 new tasks running, 2 pending, old 2/2 draining",
    "[1m00s] still deploying api:2: 0/2 new tasks running, 2 pending, old 2/2 draining",
    "[1m30s] still deploying api:2: 0/2 new tasks running, 2 pending, old 2/2 draining",
  ]);
  report(finished());
  clock.advance(300_000);
  await flush();
  assert.match(
    out.stderr,
    /\[1m30s\] Deployed "api": 2 of 2 tasks running the new revision \(exit 0\)\n$/,
  );
  assert.ok(!out.stderr.includes("\x1b"), "plain output has no escape codes");
});

Deno.test("TextReporter in plain output prints each change, ours marked in words", () => {
  const { report, out } = aReporter();
  report(...started);
  assert.match(
    out.stderr,
    /^\[0s\] deploying: api:2 \(ours\) PRIMARY 0\/2 running, 2 pending, IN_PROGRESS \| api:1 ACTIVE 2\/2 running, COMPLETED$/m,
  );
  assert.match(out.stderr, /^Registered api:2$/m, "a revision as family:revision, not an ARN");
  assert.doesNotMatch(out.stderr, /\*|arn:/);
});

Deno.test("TextReporter live: counts go to the status line, state changes and events above it", async () => {
  const { report, out, clock } = aReporter({
    terminal: { live: true, color: true, columns: () => 100 },
  });
  report(...started);
  clock.advance(5_000);
  await flush();
  const before = out.stderr;
  report({
    type: "progress",
    phase: "deploying",
    deployments: [snapshot({ runningCount: 1, pendingCount: 1 }), OLD],
  });
  const redraw = out.stderr.slice(before.length);
  assert.equal(
    redraw,
    `${CLEAR_LINE}\x1b[1m\u2819\x1b[22m 5s deploying api:2: 1/2 new tasks running, 1 pending, old 2/2 draining`,
    "a count that changed redraws the status line in place, no new line",
  );
  report({
    type: "service_event",
    at: new Date(),
    message: "(service api) has started 1 tasks: (task 0123456789abcdef0123456789abcdef).",
  });
  assert.ok(
    out.stderr.endsWith(
      `${CLEAR_LINE}[5s]   event: (service api) has started 1 tasks: (task \x1b[2m89abcdef\x1b[22m).\n` +
        `${CLEAR_LINE}\x1b[1m\u2819\x1b[22m 5s deploying api:2: 1/2 new tasks running, 1 pending, old 2/2 draining`,
    ),
    JSON.stringify(out.stderr.slice(-300)),
  );
  report({
    type: "progress",
    phase: "settled",
    deployments: [snapshot({ runningCount: 2, pendingCount: 0, rolloutState: "COMPLETED" })],
  });
  assert.match(out.stderr, /\[5s\] settled: api:2 \(ours\) PRIMARY 2\/2 running, COMPLETED\n/);
  report(finished());
  assert.ok(
    out.stderr.endsWith(
      `${CLEAR_LINE}\x1b[32m[5s] Deployed "api": 2 of 2 tasks running the new revision (exit 0)\x1b[39m\n`,
    ),
    "the status line is cleared, then the outcome line in green",
  );
  assert.equal(out.stdout, `${ARN}2\n`, "the new ARN, whole, on stdout");
});

Deno.test("TextReporter colours the outcome: red failed or rolled back, yellow timed out", () => {
  const colours: [Ending["outcome"], string][] = [
    ["failed", "\x1b[31m"],
    ["rolled_back", "\x1b[31m"],
    ["timed_out", "\x1b[33m"],
    ["superseded", "\x1b[33m"],
  ];
  for (const [outcome, colour] of colours) {
    const { report, out } = aReporter({ terminal: { live: false, color: true } });
    report(finished({ outcome, reason: "why" }));
    assert.ok(out.stderr.startsWith(colour), `${outcome}: ${JSON.stringify(out.stderr)}`);
  }
});

Deno.test("TextReporter summarises retries once, or shows each with verbose", () => {
  const throttled: DeployEvent = {
    type: "retrying",
    operation: "DescribeServices",
    error: "ThrottlingException: Rate exceeded",
    delayMs: 500,
  };
  const quiet = aReporter();
  quiet.report(...started, ...Array(6).fill(throttled), finished());
  assert.doesNotMatch(quiet.out.stderr, /Rate exceeded/);
  assert.match(quiet.out.stderr, /^\[0s\] ECS throttled 6 calls; retried \(-v shows each\)$/m);
  assert.equal(quiet.out.stderr.match(/throttled/g)?.length, 1, "summarised once");

  const verbose = aReporter({ verbose: true });
  verbose.report(...started, ...Array(6).fill(throttled), finished());
  assert.equal(verbose.out.stderr.match(/DescribeServices failed, retrying: Thrott/g)?.length, 6);
  assert.doesNotMatch(verbose.out.stderr, /ECS throttled/);
});

Deno.test("TextReporter prints the commands to go on with, with the user's connection flags", () => {
  const { report, out } = aReporter({
    connectionArgs: [
      "--endpoint-url",
      "http://127.0.0.1:4599",
      "-p",
      "ops team",
      "-r",
      "eu-west-1",
    ],
  });
  report(finished({
    outcome: "timed_out",
    reason: "still deploying when the deadline passed",
    next: {
      reason: "still deploying when the deadline passed; deployment ecs-svc/2 goes on in ECS",
      steps: [watchStep("prod", "api"), rollbackStep("prod", "api", `${ARN}1`)],
    },
  }));
  const flags = "--endpoint-url http://127.0.0.1:4599 -p 'ops team' -r eu-west-1";
  assert.equal(
    out.stderr,
    '[0s] Deployment of "api" timed out: still deploying when the deadline passed; ' +
      "deployment ecs-svc/2 goes on in ECS (exit 3)\n" +
      `  watch it:  ecs-deploy wait -c prod -n api ${flags}\n` +
      `  roll back: ecs-deploy rollback -c prod -n api --to api:1 ${flags}\n`,
  );
});

Deno.test("TextReporter: a dry run never ends with Deployed", () => {
  const { report, out } = aReporter({ dryRun: true });
  report(
    {
      type: "planned",
      plan: {
        cluster: "prod",
        service: "api",
        current: { taskDefinition: aTaskDefinition(), tags: [] },
        imageChanges: [],
        nextTaskDefinition: { family: "api", containerDefinitions: [] },
      },
    },
    finished({ reason: "dry run: nothing was changed", taskDefinitionArn: undefined }),
  );
  assert.match(
    out.stderr,
    /\[0s\] Dry run: would deploy "api" as a new revision of api \(now api:1\): nothing was changed \(exit 0\)\n$/,
  );
  assert.doesNotMatch(out.stderr, /Deployed/);
});

Deno.test("TextReporter: a rollback reads as one, also after a signal", () => {
  const { report, out } = aReporter();
  report(
    {
      type: "rollback_started",
      reason: "interrupted while deploying",
      taskDefinitionArn: `${ARN}1`,
    },
    finished({
      outcome: "cancelled",
      reason: `interrupted while deploying; rolled back from ${ARN}2 to ${ARN}1`,
      rollback: {
        taskDefinitionArn: `${ARN}1`,
        deploymentId: "ecs-svc/3",
        outcome: "succeeded",
        reason: "2 of 2 tasks running the new revision",
      },
    }),
  );
  assert.match(out.stderr, /^\[0s\] Rolling back to api:1: interrupted while deploying$/m);
  assert.match(
    out.stderr,
    /^\[0s\] Interrupted; rolled back "api" to api:1: interrupted while deploying; rolled back from api:2 to api:1 \(exit 130\)$/m,
  );

  const command = aReporter({ command: "rollback" });
  command.report(finished({ taskDefinitionArn: `${ARN}1`, previousTaskDefinitionArn: `${ARN}2` }));
  assert.match(command.out.stderr, /Rolled back "api" to api:1: /);
});
