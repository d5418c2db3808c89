/**
 * Set-up errors through the real SDK, the CLI as a child process in a clean environment: no
 * region, no credentials, an unknown profile, a refused connection, an endpoint answering
 * HTML and `https://` to a plain HTTP server. Each ends in one line naming what to fix (and the
 * endpoint), with the exit code the README gives, no SDK internals, and nothing sent that could
 * change ECS. The same cases for every command, in process, are in tests/cli/setup_errors_test.ts.
 */
import assert from "node:assert/strict";
import { type CliExit, explain, resultLine, runCliProcess } from "../support/spawn_cli.ts";
import { runScenariosConcurrently } from "./e2e_world.ts";

/** A loopback server answering every request with an HTML page, recording the operations. */
function htmlServer(): { url: string; operations: string[]; close(): Promise<void> } {
  const operations: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (request) => {
    operations.push(request.headers.get("x-amz-target")?.split(".").pop() ?? "?");
    await request.text();
    return new Response("<!doctype html><html><body>Please sign in</body></html>", {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    operations,
    close: () => server.shutdown(),
  };
}

const DEPLOY = ["-c", "prod", "-n", "api", "-i", "repo/api:2", "-t", "60"];

/** The one line on stderr, checked for SDK internals; the JSON result's reason and exit code. */
function assertOneLine(exit: CliExit, code: number, line: RegExp): void {
  assert.equal(exit.code, code, explain(exit));
  const lines = exit.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line:\n${explain(exit)}`);
  assert.match(lines[0]!, line, explain(exit));
  assert.doesNotMatch(exit.stderr, /\$response|Deserialization|Region is missing|\n\s+at /);
}

async function withJson(args: string[], env: Record<string, string> = {}) {
  const exit = await runCliProcess([...args, "--output", "json"], { env });
  return { exit, result: resultLine(exit) };
}

Deno.test("set-up errors through the real SDK say what to do, naming the endpoint", async (t) => {
  const html = htmlServer();
  const profileDir = await Deno.makeTempDir();
  const configFile = `${profileDir}/config`;
  await Deno.writeTextFile(configFile, "[default]\nregion = us-east-1\n[profile deploy]\n");
  try {
    await runScenariosConcurrently(t, {
      "no region (AWS_REGION unset, no config): exit 2, naming -r, AWS_REGION and the profile":
        async () => {
          const { exit, result } = await withJson([...DEPLOY, "--endpoint-url", html.url]);
          assertOneLine(
            exit,
            2,
            /^error: No AWS region is set: give -r REGION .*set AWS_REGION.*the default profile in \/dev\/null \(exit 2\)$/,
          );
          assert.equal(result.outcome, "invalid");
          assert.equal(result.exitCode, 2);
        },
      "no credentials: exit 2, naming -k/-s, AWS_PROFILE, SSO and the emulator's dummy values":
        async () => {
          const exit = await runCliProcess(
            ["status", "-c", "prod", "-n", "api", "-r", "us-east-1", "--endpoint-url", html.url],
            { env: { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" } },
          );
          assertOneLine(exit, 2, /^error: No AWS credentials found: give -k ID -s KEY/);
          for (const words of ["AWS_PROFILE", "aws sso login", "AWS_ACCESS_KEY_ID=test"]) {
            assert.ok(exit.stderr.includes(words), `"${words}" in:\n${exit.stderr}`);
          }
        },
      "an unknown profile: exit 2, naming the files read and the profiles in them": async () => {
        const { exit, result } = await withJson(
          [...DEPLOY, "-p", "deplyo", "--endpoint-url", html.url],
          { AWS_CONFIG_FILE: configFile },
        );
        assertOneLine(
          exit,
          2,
          new RegExp(
            `^error: Profile "deplyo" not found in the shared config files \\(read ${configFile}, ` +
              `/dev/null\\): they define "default", "deploy"; `,
          ),
        );
        assert.match(result.reason as string, /^Profile "deplyo" not found/);
      },
      "a refused connection (a closed port): exit 4, naming the endpoint": async () => {
        const exit = await runCliProcess([
          ...DEPLOY,
          "-r",
          "us-east-1",
          // Port 1: below the ephemeral range, so nothing a test binds to port 0 is there.
          "--endpoint-url",
          "http://127.0.0.1:1",
        ]);
        assertOneLine(
          exit,
          4,
          /Cannot reach ECS at "http:\/\/127\.0\.0\.1:1": connection refused; .*ecs-deploy emulator/,
        );
        assert.doesNotMatch(exit.stderr, /timed out/, "refused is no reason to wait for -t");
      },
      "an endpoint answering HTML: exit 4, naming it, reads only": async () => {
        const { exit, result } = await withJson([
          ...DEPLOY,
          "-r",
          "us-east-1",
          "--endpoint-url",
          html.url,
        ]);
        assertOneLine(
          exit,
          4,
          new RegExp(
            `The endpoint "${html.url}" answered, but not as ECS \\(HTTP 200, text/html\\); a proxy`,
          ),
        );
        assert.equal(result.outcome, "error");
        const verbose = await runCliProcess([
          ...DEPLOY,
          "-r",
          "us-east-1",
          "--endpoint-url",
          html.url,
          "-v",
        ]);
        assert.match(verbose.stderr, /caused by: .*is not valid JSON/, "-v shows the cause");
      },
      "https:// to a plain HTTP server: exit 4, a TLS failure naming the endpoint": async () => {
        const tls = html.url.replace("http://", "https://");
        const exit = await runCliProcess([...DEPLOY, "-r", "us-east-1", "--endpoint-url", tls]);
        assertOneLine(
          exit,
          4,
          new RegExp(
            `Cannot reach ECS at "${tls}": the TLS handshake failed.*needs an http:// URL`,
          ),
        );
      },
    });
    const changes = html.operations.filter((op) => !/^(Describe|List)/.test(op));
    assert.deepEqual(changes, [], "nothing that changes ECS was sent");
  } finally {
    await html.close();
    await Deno.remove(profileDir, { recursive: true });
  }
});
