/**
 * Set-up errors through the CLI, in process: whatever the command, a missing region, missing
 * credentials, an unknown profile, or an endpoint that refuses, fails TLS, cannot be found or
 * answers HTML ends in one line that names what to fix, with exit 2 for the set-up (nothing can
 * work until it is fixed) and 4 for the endpoint, no SDK internals unless -v, and no change to
 * ECS. The real SDK paths are in tests/e2e/setup_errors_test.ts.
 */
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import type { ConnectionOptions } from "../../src/cli/cli_deps.ts";
import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import { checkProfile } from "../../src/ecs/check_profile.ts";
import { AwsSetupError, EcsEndpointError } from "../../src/ecs/setup_errors.ts";
import { MUTATING_OPERATIONS } from "../../src/deploy/calls/bounded_ecs_client.ts";
import { FakeClock } from "../support/fake_clock.ts";

/** An EcsClient every call of which fails with `error`; it records the calls. */
function failingEcs(error: () => Error, calls: string[]): EcsClient {
  return new Proxy({} as EcsClient, {
    // Neither a thenable (the CLI awaits the client it is given) nor abortable.
    get: (_, method) =>
      method === "then" || method === "withSignal" ? undefined : () => {
        calls.push(String(method));
        return Promise.reject(error());
      },
  });
}

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  calls: string[];
}

/** Runs the CLI with a client whose calls fail with `error`, or whose creation throws it. */
async function run(
  argv: string[],
  error: () => Error,
  options: { when?: "calling" | "creating"; env?: Record<string, string> } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const calls: string[] = [];
  const clock = new FakeClock();
  const exitCode = await runCli(argv, {
    createEcsClient(_connection: ConnectionOptions) {
      if (options.when === "creating") throw error();
      return failingEcs(error, calls);
    },
    clock,
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    env: options.env ?? {},
  });
  return { exitCode, stdout, stderr, calls };
}

const COMMANDS: [string, string[]][] = [
  ["deploy", ["-c", "prod", "-n", "api", "-i", "repo/api:2"]],
  ["deploy -d", ["-c", "prod", "-d", "api", "-i", "repo/api:2"]],
  ["deploy of several services", ["-c", "prod", "-n", "api", "-n", "worker", "-i", "repo/api:2"]],
  ["rollback", ["rollback", "-c", "prod", "-n", "api"]],
  ["wait", ["wait", "-c", "prod", "-n", "api"]],
  ["status", ["status", "-c", "prod", "-n", "api"]],
];

const refused = () =>
  new EcsEndpointError(
    "refused",
    "http://127.0.0.1:4599",
    'Cannot reach ECS at "http://127.0.0.1:4599": connection refused',
    {
      transportCode: "ECONNREFUSED",
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4599"), {
        code: "ECONNREFUSED",
      }),
    },
  );

const CASES: {
  name: string;
  error: () => Error;
  when?: "creating";
  flags?: string[];
  env?: Record<string, string>;
  exit: number;
  says: RegExp[];
  /** What -v adds: the cause chain, where there is one. */
  cause?: RegExp;
}[] = [
  {
    name: "no region",
    error: () =>
      new AwsSetupError("no_region", "No AWS region is set", {}, {
        cause: new Error("Region is missing"),
      }),
    exit: 2,
    says: [
      /^No AWS region is set: give -r REGION/,
      /set AWS_REGION/,
      /the default profile in ~\/\.aws\/config/,
    ],
    cause: /caused by: Region is missing/,
  },
  {
    name: "no credentials, against the emulator",
    error: () =>
      new AwsSetupError("no_credentials", "No AWS credentials found", {}, {
        cause: Object.assign(new Error("Could not load credentials from any providers"), {
          name: "CredentialsProviderError",
        }),
      }),
    flags: ["--endpoint-url", "http://127.0.0.1:4599"],
    exit: 2,
    says: [
      /^No AWS credentials found: give -k ID -s KEY/,
      /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
      /-p or AWS_PROFILE/,
      /aws sso login/,
      /the emulator takes any values: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test/,
    ],
    cause: /caused by: Could not load credentials from any providers/,
  },
  {
    name: "an unknown profile",
    when: "creating",
    error: () =>
      checkProfile("deplyo", [
        { path: "~/.aws/config", kind: "config", text: "[default]\n[profile deploy]\n" },
        { path: "~/.aws/credentials", kind: "credentials", text: undefined },
      ])!,
    flags: ["-p", "deplyo"],
    exit: 2,
    says: [
      /^Profile "deplyo" not found in the shared config files/,
      /\(read ~\/\.aws\/config, ~\/\.aws\/credentials \(missing\)\)/,
      /they define "default", "deploy"/,
      /AWS_CONFIG_FILE/,
    ],
  },
  {
    name: "a refused connection",
    error: refused,
    flags: ["--endpoint-url", "http://127.0.0.1:4599"],
    exit: 4,
    says: [
      /^Cannot reach ECS at "http:\/\/127\.0\.0\.1:4599": connection refused; /,
      /check --endpoint-url/,
      /ecs-deploy emulator/,
    ],
    cause: /caused by: connect ECONNREFUSED 127\.0\.0\.1:4599/,
  },
  {
    name: "a TLS failure",
    error: () =>
      new EcsEndpointError(
        "tls",
        "https://127.0.0.1:4599",
        'Cannot reach ECS at "https://127.0.0.1:4599": the TLS handshake failed ' +
          "(ERR_SSL_WRONG_VERSION_NUMBER)",
        { cause: new Error("received corrupt message of type InvalidContentType") },
      ),
    env: { AWS_ENDPOINT_URL_ECS: "https://127.0.0.1:4599" },
    exit: 4,
    says: [
      /^Cannot reach ECS at "https:\/\/127\.0\.0\.1:4599": the TLS handshake failed/,
      /http:\/\//,
    ],
    cause: /caused by: received corrupt message/,
  },
  {
    name: "an endpoint answering HTML",
    error: () =>
      new EcsEndpointError(
        "not_ecs",
        "http://127.0.0.1:8080",
        'The endpoint "http://127.0.0.1:8080" answered, but not as ECS (HTTP 200, text/html)',
        {
          cause: Object.assign(
            new SyntaxError(
              "Unexpected token '<'\n  Deserialization error: to see the raw response, " +
                "inspect the hidden field {error}.$response on this object.",
            ),
            { $response: { statusCode: 200 } },
          ),
        },
      ),
    flags: ["--endpoint-url", "http://127.0.0.1:8080"],
    exit: 4,
    says: [/^The endpoint "http:\/\/127\.0\.0\.1:8080" answered, but not as ECS/, /a proxy/],
    cause: /caused by: the answer is not ECS JSON: Unexpected token/,
  },
];

/** The reason a run printed: the JSON result's, which the text output shows too. */
function reasonOf(result: Run): string {
  return JSON.parse(result.stdout.trimEnd().split("\n").at(-1)!).reason;
}

for (const item of CASES) {
  for (const [command, argv] of COMMANDS) {
    Deno.test(`${command} with ${item.name} says what to do, exit ${item.exit}, no change`, async () => {
      const flags = [...argv, ...(item.flags ?? [])];
      const options = {
        ...(item.when ? { when: item.when } : {}),
        ...(item.env ? { env: item.env } : {}),
      };
      const text = await run(flags, item.error, options);
      const explain = `${text.exitCode}\n${text.stdout}\n${text.stderr}`;
      assert.equal(text.exitCode, item.exit, explain);
      for (const says of item.says) {
        assert.match(text.stderr, new RegExp(says.source.replace(/^\^/, "")), explain);
      }
      assert.doesNotMatch(text.stderr, /\$response|Deserialization|caused by|\n\s+at /, explain);
      assert.equal(text.stderr.trim().split("\n").length, 1, `one line: ${explain}`);
      assert.deepEqual(
        text.calls.filter((call) =>
          MUTATING_OPERATIONS.some((op) => op.toLowerCase() === call.toLowerCase())
        ),
        [],
        "nothing changed in ECS",
      );
      assert.ok(
        !text.calls.some((call) => /^(register|update|deregister|stop)/.test(call)),
        `nothing changed: ${text.calls}`,
      );

      const json = await run([...flags, "--output", "json"], item.error, options);
      assert.equal(json.exitCode, item.exit);
      const reason = reasonOf(json);
      for (const says of item.says) assert.match(reason, says, reason);
      assert.equal(JSON.parse(json.stdout.trimEnd().split("\n").at(-1)!).exitCode, item.exit);

      if (item.cause) {
        const verbose = await run([...flags, "-v"], item.error, options);
        assert.match(verbose.stderr, item.cause, "-v prints the cause chain");
      }
    });
  }
}

Deno.test("status explains an HTML answer it did not retry, without the parser's words", async () => {
  const html = () =>
    Object.assign(
      new SyntaxError(
        "Unexpected token '<', \"<html>\" is not valid JSON\n  Deserialization error: to see " +
          "the raw response, inspect the hidden field {error}.$response on this object.",
      ),
      { $response: { statusCode: 200 } },
    );
  const result = await run(
    ["status", "-c", "prod", "-n", "api", "--endpoint-url", "http://127.0.0.1:8080"],
    html,
  );
  assert.equal(result.exitCode, 4, result.stderr);
  assert.equal(
    result.stderr.split("\n")[0],
    'error: The endpoint "http://127.0.0.1:8080" answered, but not as ECS; a proxy, a login ' +
      "page or a wrong URL answered: check --endpoint-url, and HTTPS_PROXY",
  );
  assert.doesNotMatch(result.stderr, /\$response|Deserialization/);
});
