import assert from "node:assert/strict";
import { MASKED, maskEditChange, maskPlan, maskSecrets } from "../../src/report/mask_secrets.ts";
import type { DeployPlan } from "../../src/deploy/plan/plan_deploy.ts";
import { aTaskDefinition } from "../support/builders.ts";

const container = {
  name: "app",
  image: "repo/api:1",
  environment: [{ name: "DB_PASSWORD", value: "hunter2" }, { name: "MODE", value: "prod" }],
  secrets: [{ name: "TOKEN", valueFrom: "arn:aws:ssm:eu-west-1:1:parameter/token" }],
  repositoryCredentials: { credentialsParameter: "arn:aws:secretsmanager:eu-west-1:1:secret:r" },
  logConfiguration: {
    logDriver: "splunk",
    secretOptions: [{ name: "splunk-token", valueFrom: "arn:aws:ssm:eu-west-1:1:parameter/s" }],
  },
};

Deno.test("maskSecrets() masks environment values and secret references, keeps the rest", () => {
  const masked = maskSecrets({ family: "api", containerDefinitions: [container] });
  assert.deepEqual(masked, {
    family: "api",
    containerDefinitions: [{
      name: "app",
      image: "repo/api:1",
      environment: [{ name: "DB_PASSWORD", value: MASKED }, { name: "MODE", value: MASKED }],
      secrets: [{ name: "TOKEN", valueFrom: MASKED }],
      repositoryCredentials: { credentialsParameter: MASKED },
      logConfiguration: {
        logDriver: "splunk",
        secretOptions: [{ name: "splunk-token", valueFrom: MASKED }],
      },
    }],
  });
  assert.equal(container.environment[0]!.value, "hunter2", "the input is not changed");
});

Deno.test("maskSecrets() masks below a diff path, as a diff line shows a changed subtree", () => {
  assert.equal(maskSecrets("hunter2", "containerDefinitions[0].environment[0].value"), MASKED);
  assert.deepEqual(maskSecrets(container.environment, "containerDefinitions[3].environment"), [
    { name: "DB_PASSWORD", value: MASKED },
    { name: "MODE", value: MASKED },
  ]);
  assert.equal(maskSecrets("repo/api:2", "containerDefinitions[0].image"), "repo/api:2");
  assert.equal(maskSecrets(undefined, "containerDefinitions[0].environment[0].value"), undefined);
});

Deno.test("maskPlan() masks the current and the next task definition", () => {
  const plan: DeployPlan = {
    cluster: "prod",
    current: {
      taskDefinition: aTaskDefinition({ containerDefinitions: [container] }),
      tags: [{ key: "team", value: "a" }],
    },
    nextTaskDefinition: { family: "api", containerDefinitions: [container] },
    imageChanges: [],
  };
  const text = JSON.stringify(maskPlan(plan));
  for (const secret of ["hunter2", "parameter/token", "secret:r", "parameter/s"]) {
    assert.ok(!text.includes(secret), secret);
  }
  assert.ok(text.includes(`"team"`), "tags are not secrets");
  assert.ok(JSON.stringify(plan).includes("hunter2"), "the plan itself is not changed");
});

Deno.test("maskEditChange() masks an edit's environment value or secret reference, keeps what it is", () => {
  const change = {
    flag: "-e, --env",
    container: "app",
    member: "environment.DB_PASSWORD",
    before: "hunter2",
    after: "hunter3",
    unchanged: false,
    masked: true,
  };
  assert.deepStrictEqual(maskEditChange(change), { ...change, before: MASKED, after: MASKED });
  // A removal stays a removal, an addition an addition: only values are replaced.
  const { before: _before, ...added } = change;
  assert.deepStrictEqual(maskEditChange(added), { ...added, after: MASKED });
  const label = { ...change, member: "dockerLabels.team", masked: false };
  assert.equal(maskEditChange(label), label);
});

Deno.test("maskPlan() masks the plan's edits", () => {
  const plan: DeployPlan = {
    cluster: "prod",
    current: { taskDefinition: aTaskDefinition(), tags: [] },
    imageChanges: [],
    edits: [{
      flag: "--secret",
      container: "app",
      member: "secrets.TOKEN",
      after: "/prod/hunter2",
      unchanged: false,
      masked: true,
    }],
  };
  assert.ok(!JSON.stringify(maskPlan(plan)).includes("hunter2"));
});
