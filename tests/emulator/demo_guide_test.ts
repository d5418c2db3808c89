import assert from "node:assert/strict";
import { demoGuide, type DemoGuideOptions } from "../../src/emulator/demo_guide.ts";

const options: DemoGuideOptions = {
  url: "http://127.0.0.1:4599",
  region: "us-east-1",
  demo: {
    cluster: "demo",
    service: "api",
    revision: "api:1",
    images: ["web=public.ecr.aws/nginx/nginx:1.27"],
    desiredCount: 2,
    created: true,
  },
  invocation: { words: ["deno", "run", "-A", "main.ts"], cwd: "/home/me/ecs deploy" },
  slowStartMs: 30_000,
};

/** The command under the comment that starts with `comment`, lines as printed. */
function commandAfter(lines: string[], comment: string): string {
  const start = lines.findIndex((line) => line.startsWith(`  # ${comment}`));
  assert.ok(start >= 0, `no "${comment}" in:\n${lines.join("\n")}`);
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end).join("\n");
}

Deno.test("demoGuide() prints whole commands: endpoint, region, dummy keys, the program as run", () => {
  const lines = demoGuide(options);
  const connection = "--endpoint-url http://127.0.0.1:4599 -r us-east-1 -k test -s test";
  assert.equal(
    commandAfter(lines, "a deploy that succeeds (exit 0)"),
    `  deno run -A main.ts deploy -c demo -n api -i public.ecr.aws/nginx/nginx:1.28 \\\n    ${connection}`,
  );
  assert.equal(
    commandAfter(lines, "a deploy whose tasks crash: the circuit breaker rolls it back (exit 1)"),
    `  deno run -A main.ts deploy -c demo -n api -i public.ecr.aws/nginx/nginx:crash \\\n    ${connection}`,
  );
  assert.equal(
    commandAfter(lines, "what the service runs now (exit 0)"),
    `  deno run -A main.ts status -c demo -n api \\\n    ${connection}`,
  );
  assert.equal(
    commandAfter(lines, "back to the revision before the one it runs (exit 0)"),
    `  deno run -A main.ts rollback -c demo -n api \\\n    ${connection}`,
  );
  assert.equal(
    commandAfter(
      lines,
      "a one-off task (a migration) on the service's network; its command exits 3 (exit 1)",
    ),
    `  deno run -A main.ts run -c demo -d api:1 --network-from-service api --command 'migrate exit-3' \\\n    ${connection}`,
  );
  assert.match(
    commandAfter(lines, "the same service through the AWS CLI"),
    /aws ecs describe-services \\\n {4}--cluster demo --services api --endpoint-url http:\/\/127\.0\.0\.1:4599 --region us-east-1$/,
  );
  // Where to type them, quoted for the shell.
  assert.ok(
    lines.includes(
      "Try it in another terminal, in '/home/me/ecs deploy' (the credentials are dummies; the emulator accepts any):",
    ),
  );
});

Deno.test("demoGuide() says which image tags fail on purpose", () => {
  const text = demoGuide(options).join("\n");
  for (const tag of ["fail-pull", "crash", "unhealthy", "slow"]) {
    assert.match(text, new RegExp(`^  ${tag} +\\S`, "m"));
  }
  assert.match(text, /slow {7}starts, but takes 30 s/);
});

Deno.test("demoGuide() for a binary on PATH needs no folder, and says a restored service is", () => {
  const lines = demoGuide({
    ...options,
    invocation: { words: ["ecs-deploy"] },
    demo: { ...options.demo, created: false, revision: "api:7" },
  });
  assert.match(commandAfter(lines, "what the service runs now"), /^ {2}ecs-deploy status -c demo/);
  assert.ok(
    lines.includes(
      "Try it in another terminal (the credentials are dummies; the emulator accepts any):",
    ),
  );
  assert.match(lines.join("\n"), /running 2 tasks of api:7 \(web=.*\), from the state file/);
});
