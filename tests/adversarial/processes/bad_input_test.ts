/**
 * Bad input through the real program (`deno run main.ts`, the real client factory), against an
 * endpoint where nothing listens: an empty or malformed flag must end with exit 2 naming it,
 * before any connection is tried, instead of falling back to the environment's endpoint (or
 * real AWS) and failing with exit 4 after the SDK's retries.
 *
 * @module
 */
import assert from "node:assert/strict";
import { explain, resultLine, runCliProcess } from "../../support/spawn_cli.ts";

/** A loopback port nothing listens on: bound by us, then closed again. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("bad input (process): empty and invalid --endpoint-url, -i and -t are exit 2 without a connection", async () => {
  const nowhere = `http://127.0.0.1:${closedPort()}`;
  // The environment points at a closed port too: a flag that fell back to it would show up as
  // a connection error (exit 4), never as the exit 2 asked for here.
  const env = { AWS_ENDPOINT_URL_ECS: nowhere, AWS_REGION: "us-east-1" };
  const target = ["-c", "prod", "-n", "api", "-i", "repo/api:2", "--output", "json"];
  const rows: [string[], string][] = [
    [[...target, "--endpoint-url", ""], "Invalid option --endpoint-url: empty value"],
    [[...target, "--endpoint-url", "not a url"], `Invalid option --endpoint-url "not a url"`],
    [[...target, "--endpoint-url", "::::"], `Invalid option --endpoint-url "::::"`],
    [[...target, "--endpoint-url", "ftp://127.0.0.1:21"], `scheme "ftp" is not supported`],
    [[...target, "-r", "", "--endpoint-url", nowhere], "Invalid option -r, --region: empty value"],
    [
      [
        "-c",
        "prod",
        "-n",
        "api",
        "-i",
        "Repo/API:2",
        "--endpoint-url",
        nowhere,
        "--output",
        "json",
      ],
      "Invalid option -i, --image",
    ],
    [[...target, "-t", "0.0001", "--endpoint-url", nowhere], `Invalid option -t, --timeout`],
    [["wait", "-c", "prod", "-n", "api", "--endpoint-url", "", "--output", "json"], "empty value"],
  ];
  const exits = await Promise.all(rows.map(([args]) => runCliProcess(args, { env })));
  rows.forEach(([args, message], i) => {
    const exit = exits[i]!;
    const what = `${JSON.stringify(args)}\n${explain(exit)}`;
    assert.equal(exit.code, 2, what);
    assert.ok(exit.stderr.includes(message), what);
    assert.doesNotMatch(exit.stderr, /ECONNREFUSED|Connection refused|retrying/i, what);
    const result = resultLine(exit);
    assert.equal(result.outcome, "invalid", what);
    assert.equal(result.exitCode, 2, what);
  });
});
