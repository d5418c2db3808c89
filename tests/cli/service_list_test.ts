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
