import assert from "node:assert/strict";
import { applyEdits } from "../../../../src/deploy/plan/edits/apply_edits.ts";
import {
  type EditChange,
  type EditRequest,
  noEdits,
} from "../../../../src/deploy/plan/edits/edit_request.ts";
import type { TaskDefinitionInput } from "../../../../src/ecs/types.ts";
import { InvalidRequestError } from "../../../../src/errors.ts";

function anInput(): TaskDefinitionInput {
  return {
    family: "api",
    cpu: "512",
    memory: "1024",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: [
      {
        name: "web",
        image: "repo/api:1",
        environment: [{ name: "PORT", value: "8080" }, { name: "LOG", value: "info" }],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "/prod/db/password" }],
        dockerLabels: { team: "payments" },
        memory: 512,
      },
      { name: "envoy", image: "envoy:v1" },
    ],
  };
}

const edits = (overrides: Partial<EditRequest>): EditRequest => ({ ...noEdits(), ...overrides });
const env = (key: string, value: string, container?: string) => ({
  ...(container !== undefined ? { container } : {}),
  key,
  value,
  flag: "-e, --env",
});

function rejects(request: EditRequest, message: string, input = anInput()): void {
  assert.throws(() => applyEdits(input, request, "api:7"), (error: unknown) => {
    assert.ok(error instanceof InvalidRequestError, `not an InvalidRequestError: ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

const web = (input: TaskDefinitionInput) => input.containerDefinitions[0]!;

Deno.test("applyEdits() sets a variable in place, appends a new one and never mutates the input", () => {
  const input = anInput();
  const before = structuredClone(input);
  const result = applyEdits(
    input,
    edits({ environment: [env("LOG", "debug", "web"), env("NEW", "1", "web")] }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).environment, [
    { name: "PORT", value: "8080" },
    { name: "LOG", value: "debug" },
    { name: "NEW", value: "1" },
  ]);
  assert.deepStrictEqual(input, before);
  assert.deepStrictEqual(
    result.changes,
    [
      {
        flag: "-e, --env",
        container: "web",
        member: "environment.LOG",
        before: "info",
        after: "debug",
        unchanged: false,
        masked: true,
      },
      {
        flag: "-e, --env",
        container: "web",
        member: "environment.NEW",
        after: "1",
        unchanged: false,
        masked: true,
      },
    ] satisfies EditChange[],
  );
});

Deno.test("applyEdits() without a container sets the variable in every container", () => {
  const result = applyEdits(anInput(), edits({ environment: [env("REGION", "eu")] }), "api:7");
  assert.deepStrictEqual(
    result.changes.map((c) => [c.container, c.member, c.after]),
    [["web", "environment.REGION", "eu"], ["envoy", "environment.REGION", "eu"]],
  );
  assert.deepStrictEqual(result.input.containerDefinitions[1]!.environment, [
    { name: "REGION", value: "eu" },
  ]);
});

Deno.test("applyEdits() reports a value already in place as unchanged, not as an error", () => {
  const result = applyEdits(anInput(), edits({ environment: [env("PORT", "8080", "web")] }), "x");
  assert.equal(result.changes.length, 1);
  assert.equal(result.changes[0]!.unchanged, true);
  assert.deepStrictEqual(result.input, anInput());
});

Deno.test("applyEdits() --unset-env removes a variable; an absent one is unchanged", () => {
  const result = applyEdits(
    anInput(),
    edits({
      unsetEnvironment: [{ container: "web", key: "LOG" }, { container: "web", key: "NOPE" }],
    }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).environment, [{ name: "PORT", value: "8080" }]);
  assert.deepStrictEqual(
    result.changes.map((c) => [c.member, c.before, c.after, c.unchanged]),
    [["environment.LOG", "info", undefined, false], [
      "environment.NOPE",
      undefined,
      undefined,
      true,
    ]],
  );
});

Deno.test("applyEdits() --exclusive-env keeps only the variables given to that container", () => {
  const result = applyEdits(
    anInput(),
    edits({ environment: [env("PORT", "9090", "web")], exclusiveEnvironment: true }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).environment, [{ name: "PORT", value: "9090" }]);
  assert.deepStrictEqual(
    result.changes.map((c) => [c.flag, c.member, c.after]),
    [["-e, --env", "environment.PORT", "9090"], ["--exclusive-env", "environment.LOG", undefined]],
  );
  // The other container was given nothing, so it keeps what it has.
  assert.equal(result.input.containerDefinitions[1]!.environment, undefined);
});

Deno.test("applyEdits() lets -e override an env file, and a later file line an earlier one", () => {
  const result = applyEdits(
    anInput(),
    edits({
      environment: [
        { container: "web", key: "A", value: "1", flag: "--env-file .env:1" },
        { container: "web", key: "A", value: "2", flag: "--env-file .env:2" },
        env("A", "3", "web"),
      ],
    }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).environment?.at(-1), { name: "A", value: "3" });
});

Deno.test("applyEdits() edits secrets like variables, by valueFrom", () => {
  const result = applyEdits(
    anInput(),
    edits({
      secrets: [{
        container: "web",
        key: "API_KEY",
        value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key",
        flag: "--secret",
      }],
      unsetSecrets: [{ container: "web", key: "DB_PASSWORD" }],
    }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).secrets, [
    { name: "API_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key" },
  ]);
  assert.ok(result.changes.every((c) => c.masked));
});

Deno.test("applyEdits() sets command, entry point, working directory, user and sizes", () => {
  const result = applyEdits(
    anInput(),
    edits({
      command: [{ container: "web", value: ["npm", "start"] }],
      entryPoint: [{ container: "envoy", value: ["/bin/sh", "-c"] }],
      workingDirectory: [{ container: "web", value: "/app" }],
      user: [{ container: "web", value: "1000:1000" }],
      cpu: [{ container: "web", value: 256 }],
      memory: [{ container: "web", value: 512 }],
      memoryReservation: [{ container: "web", value: 256 }],
    }),
    "api:7",
  );
  const [w, e] = result.input.containerDefinitions;
  assert.deepStrictEqual(w!.command, ["npm", "start"]);
  assert.deepStrictEqual(e!.entryPoint, ["/bin/sh", "-c"]);
  assert.equal(w!.workingDirectory, "/app");
  assert.equal(w!.user, "1000:1000");
  assert.equal(w!.cpu, 256);
  assert.equal(w!.memoryReservation, 256);
  const memory = result.changes.find((c) => c.member === "memory")!;
  assert.equal(memory.unchanged, true, "memory was already 512");
  assert.ok(result.changes.every((c) => !c.masked));
});

Deno.test("applyEdits() sets docker labels, keeping the others", () => {
  const result = applyEdits(
    anInput(),
    edits({ dockerLabels: [{ container: "web", key: "tier", value: "front", flag: "--label" }] }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).dockerLabels, { team: "payments", tier: "front" });
});

Deno.test("applyEdits() sets task roles and size, and a size ECS stores as a number string is unchanged", () => {
  const result = applyEdits(
    anInput(),
    edits({
      taskCpu: "512",
      taskMemory: "2048",
      taskRoleArn: "arn:aws:iam::123456789012:role/api",
      executionRoleArn: "arn:aws:iam::123456789012:role/exec",
    }),
    "api:7",
  );
  assert.deepStrictEqual(
    result.changes.map((c) => [c.member, c.before, c.after, c.unchanged]),
    [
      ["cpu", "512", "512", true],
      ["memory", "1024", "2048", false],
      ["taskRoleArn", undefined, "arn:aws:iam::123456789012:role/api", false],
      ["executionRoleArn", undefined, "arn:aws:iam::123456789012:role/exec", false],
    ],
  );
  assert.equal(result.changes[0]!.container, undefined);
});

Deno.test("applyEdits() names the flag, the container and the containers that exist", () => {
  const message = (flag: string) =>
    `Invalid option ${flag}: container "wbe" not found in task definition "api:7"; ` +
    `containers are "web", "envoy"`;
  rejects(edits({ environment: [env("A", "1", "wbe")] }), message("-e, --env"));
  rejects(edits({ unsetSecrets: [{ container: "wbe", key: "A" }] }), message("--unset-secret"));
  rejects(edits({ command: [{ container: "wbe", value: ["x"] }] }), message("--command"));
  rejects(edits({ memory: [{ container: "wbe", value: 64 }] }), message("--memory"));
  rejects(
    edits({ dockerLabels: [{ container: "wbe", key: "a", value: "b", flag: "--label" }] }),
    message("--label"),
  );
});

Deno.test("applyEdits() refuses a key that would be both a variable and a secret", () => {
  rejects(
    edits({ environment: [env("DB_PASSWORD", "hunter2", "web")] }),
    `Invalid option -e, --env: "DB_PASSWORD" of container "web" would be both an environment ` +
      `variable and a secret; remove the other with --unset-secret web DB_PASSWORD`,
  );
  // Removing the secret in the same deploy makes it a plain variable.
  const result = applyEdits(
    anInput(),
    edits({
      environment: [env("DB_PASSWORD", "x", "web")],
      unsetSecrets: [{ container: "web", key: "DB_PASSWORD" }],
    }),
    "api:7",
  );
  assert.deepStrictEqual(web(result.input).secrets, []);
});

Deno.test("applyEdits() refuses conflicting values and a key both set and removed", () => {
  rejects(
    edits({ environment: [env("A", "1", "web"), env("A", "2", "web")] }),
    `Invalid option -e, --env: variable "A" of container "web" is given two values`,
  );
  rejects(
    edits({
      environment: [env("A", "1", "web")],
      unsetEnvironment: [{ container: "web", key: "A" }],
    }),
    `Invalid option --unset-env: variable "A" of container "web" is both set (-e, --env) and removed`,
  );
  rejects(
    edits({ cpu: [{ container: "web", value: 1 }, { container: "web", value: 2 }] }),
    `Invalid option --cpu: container "web" is given two values`,
  );
  rejects(
    edits({ exclusiveSecrets: true }),
    "Invalid option --exclusive-secrets: it needs the secrets to keep: give --secret",
  );
});
