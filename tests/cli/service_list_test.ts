import assert from "node:assert/strict";
import { serviceList } from "../../src/cli/service_list.ts";
import { InvalidRequestError } from "../../src/errors.ts";

Deno.test("serviceList() puts SERVICE in the default cluster and SERVICE@CLUSTER in its own", () => {
  assert.deepEqual(serviceList({ names: ["api", "worker@jobs"] }, "prod"), [
    { service: "api", cluster: "prod" },
    { service: "worker", cluster: "jobs" },
  ]);
});

Deno.test("serviceList() reads a file after -n, skipping blank lines and comments", () => {
  const text = "# release 42\r\napi # the front\n\n   \nworker@jobs\n";
  assert.deepEqual(serviceList({ names: ["cron"], file: { path: "s.txt", text } }, "prod"), [
    { service: "cron", cluster: "prod" },
    { service: "api", cluster: "prod" },
    { service: "worker", cluster: "jobs" },
  ]);
});

Deno.test("serviceList() names where a service is given twice", () => {
  assert.throws(
    () => serviceList({ names: ["api"], file: { path: "s.txt", text: "x\napi@prod\n" } }, "prod"),
    new InvalidRequestError(
      'Service "api" in cluster "prod" is given twice (-n, --service-name and --services-file ' +
        '"s.txt" line 2); list each service once',
    ),
  );
});

Deno.test("serviceList() refuses an empty file, an empty name and a malformed @", () => {
  assert.throws(
    () => serviceList({ names: [], file: { path: "s.txt", text: "# none\n" } }, "prod"),
    /Invalid option --services-file "s.txt": it lists no service/,
  );
  assert.throws(() => serviceList({ names: [" "] }, "prod"), /-n, --service-name: empty value/);
  for (const bad of ["api@", "@prod", "a@b@c"]) {
    assert.throws(
      () => serviceList({ names: [bad] }, "prod"),
      /expected SERVICE or SERVICE@CLUSTER/,
      bad,
    );
  }
});

Deno.test("serviceList() refuses a name ECS cannot have, such as two on one line, before any call", () => {
  for (const bad of ["api worker", "api,", "api@prod eu", "we.b", "api@prod/x"]) {
    assert.throws(
      () => serviceList({ names: [bad] }, "prod"),
      /expected SERVICE or SERVICE@CLUSTER: names of letters, digits, "-" and "_"/,
      bad,
    );
  }
  assert.throws(
    () => serviceList({ names: [], file: { path: "s.txt", text: "api, worker\n" } }, "prod"),
    /Invalid service "api, worker" \(--services-file "s.txt" line 1\)/,
  );
  const arn = "arn:aws:ecs:us-east-1:123456789012:service/prod/api";
  assert.deepEqual(serviceList({ names: [arn, "a_b-9@c-1"] }, "prod"), [
    { service: arn, cluster: "prod" },
    { service: "a_b-9", cluster: "c-1" },
  ]);
});

Deno.test("serviceList() reads a file with a byte order mark, CRLF, tabs and trailing blanks", () => {
  const text = "\uFEFFapi  \r\n\tworker\t# queue\r\n\r\ncron@batch \r\n";
  assert.deepEqual(serviceList({ names: [], file: { path: "s.txt", text } }, "prod"), [
    { service: "api", cluster: "prod" },
    { service: "worker", cluster: "prod" },
    { service: "cron", cluster: "batch" },
  ]);
});

Deno.test("serviceList() sees the same service given by name and by ARN as given twice", () => {
  const arns = [
    "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
    "api@arn:aws:ecs:us-east-1:123456789012:cluster/prod",
  ];
  for (const arn of arns) {
    assert.throws(
      () => serviceList({ names: ["api", arn] }, "prod"),
      /Service "api" in cluster "prod" is given twice/,
      arn,
    );
  }
  assert.equal(
    serviceList(
      { names: ["api", "arn:aws:ecs:us-east-1:123456789012:service/staging/api"] },
      "prod",
    )
      .length,
    2,
  );
});
