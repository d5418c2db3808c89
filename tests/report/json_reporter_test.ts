import assert from "node:assert/strict";
import type { DeployPlan } from "../../src/deploy/plan/plan_deploy.ts";
import { deployResult } from "../../src/deploy/deploy_result.ts";
import { JsonReporter } from "../../src/report/json_reporter.ts";
import { aTaskDefinition } from "../support/builders.ts";

const plan: DeployPlan = {
  cluster: "prod",
  service: "api",
  current: {
    taskDefinition: aTaskDefinition({
      containerDefinitions: [{
        name: "app",
        image: "registry.example.com/api:1",
        environment: [{ name: "DATABASE_PASSWORD", value: "hunter2" }],
      }],
    }),
    tags: [],
  },
  imageChanges: [{
    container: "app",
    from: "registry.example.com/api:1",
    to: "registry.example.com/api:2",
    unchanged: false,
  }],
  nextTaskDefinition: { family: "api", containerDefinitions: [] },
  serviceUpdate: { cluster: "prod", service: "api" },
};

function render(showPlan: boolean, showValues = false) {
  let out = "";
  const reporter = new JsonReporter((text) => out += text, { showPlan, showValues });
  reporter.report({ type: "planned", plan });
  reporter.report({ type: "registered", taskDefinitionArn: "arn:td/api:2" });
  reporter.report({
    type: "finished",
    result: deployResult({ outcome: "succeeded", reason: "done", cluster: "prod" }),
  });
  return { out, lines: out.trim().split("\n").map((line) => JSON.parse(line)) };
}

Deno.test("JsonReporter writes one object per event and the result object last", () => {
  const { lines } = render(false);
  assert.deepEqual(lines.map((line) => line.event), ["planned", "registered", undefined]);
  assert.deepEqual(lines[1], { event: "registered", taskDefinitionArn: "arn:td/api:2" });
  assert.equal(lines.at(-1).outcome, "succeeded");
  assert.equal(lines.at(-1).exitCode, 0);
});

Deno.test("JsonReporter keeps task definition contents out of the plan of a real deploy", () => {
  const { out, lines } = render(false);
  assert.ok(!out.includes("hunter2"), "environment values stay out of CI logs");
  assert.deepEqual(lines[0].plan.imageChanges, plan.imageChanges);
  assert.equal(lines[0].plan.registersRevision, true);
  assert.equal(
    lines[0].plan.currentTaskDefinitionArn,
    plan.current.taskDefinition.taskDefinitionArn,
  );
});

Deno.test("JsonReporter shows the whole plan of a dry run, environment values masked", () => {
  const { out, lines } = render(true);
  assert.ok(!out.includes("hunter2"), out);
  assert.deepEqual(lines[0].plan.current.taskDefinition.containerDefinitions[0].environment, [
    { name: "DATABASE_PASSWORD", value: "(masked)" },
  ]);
  assert.deepEqual(lines[0].plan.nextTaskDefinition, plan.nextTaskDefinition);
});

Deno.test("JsonReporter shows environment values only when asked to show values", () => {
  const { out, lines } = render(true, true);
  assert.ok(out.includes("hunter2"));
  assert.deepEqual(lines[0].plan.current, JSON.parse(JSON.stringify(plan.current)));
});
