import assert from "node:assert/strict";
import type { GroupResult, MemberResult } from "../../src/deploy/mod.ts";
import { GroupJsonReporter } from "../../src/report/group_json_reporter.ts";
import { groupTable } from "../../src/report/group_text_reporter.ts";
import { aTaskDefinition } from "../support/builders.ts";

const ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/";

function aMember(overrides: Partial<MemberResult>): MemberResult {
  return {
    member: "api",
    service: "api",
    cluster: "prod",
    outcome: "succeeded",
    exitCode: 0,
    reason: "2 of 2 tasks running the new revision",
    taskDefinitionArn: `${ARN}api:2`,
    previousTaskDefinitionArn: `${ARN}api:1`,
    deploymentId: "ecs-svc/1",
    ...overrides,
  };
}

Deno.test("groupTable() shows where each service went, and back, and why it did not succeed", () => {
  const rows = groupTable([
    aMember({}),
    aMember({
      member: "worker",
      outcome: "rolled_back",
      reason: "tasks failed to start; rolled back with the group to worker:1",
      taskDefinitionArn: `${ARN}worker:2`,
      previousTaskDefinitionArn: `${ARN}worker:1`,
      groupRollback: {
        taskDefinitionArn: `${ARN}worker:1`,
        deploymentId: "ecs-svc/3",
        outcome: "succeeded",
        reason: "back",
      },
    }),
    aMember({
      member: "cron@batch",
      outcome: "not_started",
      exitCode: null,
      reason: 'not started: "worker" failed (--fail-fast)',
      taskDefinitionArn: null,
      previousTaskDefinitionArn: null,
      deploymentId: null,
    }),
  ]);
  assert.deepEqual(rows, [
    "SERVICE     OUTCOME      REVISION                          REASON",
    "api         succeeded    api:1 -> api:2",
    "worker      rolled_back  worker:1 -> worker:2 -> worker:1  tasks failed to start; rolled back " +
    "with the group to worker:1",
    'cron@batch  not_started  -                                 not started: "worker" failed ' +
    "(--fail-fast)",
  ]);
});

Deno.test("GroupJsonReporter names the service on its lines, masks its plan, and ends with the group", () => {
  const lines: string[] = [];
  const reporter = new GroupJsonReporter((text) => lines.push(text), { showPlan: true });
  const current = aTaskDefinition({
    containerDefinitions: [{
      name: "web",
      image: "repo/api:1",
      environment: [{ name: "DB_PASSWORD", value: "s3cr3t-value" }],
    }],
  });
  reporter.report({
    type: "member",
    member: "api",
    event: {
      type: "planned",
      plan: {
        cluster: "prod",
        service: "api",
        current: { taskDefinition: current, tags: [] },
        imageChanges: [],
      },
    },
  });
  const result: GroupResult = {
    group: true,
    outcome: "succeeded",
    exitCode: 0,
    cluster: "prod",
    reason: "1 service: 1 succeeded",
    durationMs: 5,
    revisions: [],
    services: [aMember({})],
  };
  reporter.report({
    type: "member",
    member: "api",
    event: {
      type: "finished",
      result: {
        outcome: "succeeded",
        exitCode: 0,
        cluster: "prod",
        service: "api",
        taskDefinitionArn: `${ARN}api:2`,
        previousTaskDefinitionArn: `${ARN}api:1`,
        deploymentId: "ecs-svc/1",
        serviceDeploymentArn: null,
        reason: "ok",
        imageChanges: [],
        durationMs: 5,
      },
    },
  });
  reporter.report({ type: "group_finished", result });

  const parsed = lines.map((line) => JSON.parse(line));
  assert.equal(parsed[0].member, "api");
  assert.equal(parsed[0].event, "planned");
  assert.ok(!lines[0]!.includes("s3cr3t-value"), lines[0]);
  assert.equal(parsed[1].event, "service_result");
  assert.equal(parsed[1].member, "api");
  assert.equal(parsed[1].outcome, "succeeded");
  assert.deepEqual(parsed.at(-1), result);
});
