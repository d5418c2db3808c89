import assert from "node:assert/strict";
import { AwsEcsClient, awsEcsClientOptionsFromEnv } from "../../src/ecs/aws_ecs_client.ts";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import { EcsEndpointError } from "../../src/ecs/setup_errors.ts";
import { isTransientError } from "../../src/deploy/calls/call_errors.ts";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import type { EmulatorFaults } from "../../src/emulator/fault_injector.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { type RunningEmulator, serveEmulator } from "../../src/emulator/serve_emulator.ts";
import { FakeClock } from "../support/fake_clock.ts";

const CREDENTIALS = { accessKeyId: "AKIDADAPTERTEST", secretAccessKey: "adapter-test-secret" };

/** Runs `fn` with an emulator on a fake clock and an adapter pointed at it; stops both after. */
async function withEmulator(
  options: { faults?: EmulatorFaults; maxAttempts?: number; logger?: (line: string) => void },
  fn: (ecs: AwsEcsClient, emulator: RunningEmulator, clock: FakeClock) => Promise<void>,
): Promise<void> {
  const clock = new FakeClock();
  const emulator = await serveEmulator({
    port: 0,
    clock,
    timings: fastTimings,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const ecs = new AwsEcsClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: CREDENTIALS,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    await fn(ecs, emulator, clock);
  } finally {
    ecs.destroy();
    await emulator.shutdown();
  }
}

Deno.test("AwsEcsClient maps ECS error responses to EcsApiError with type and status", async () => {
  await withEmulator({}, async (ecs) => {
    await assert.rejects(ecs.describeService("no-such-cluster", "api"), (error) => {
      assert.ok(error instanceof EcsApiError);
      assert.equal(error.type, "ClusterNotFoundException");
      assert.equal(error.status, 400);
      assert.match(error.message, /Cluster not found/);
      assert.ok(error.cause instanceof Error);
      return true;
    });
    await assert.rejects(ecs.describeTaskDefinition("nope:1"), { type: "ClientException" });
  });
});

Deno.test("AwsEcsClient reports a ServerException with status 500 once retries run out", async () => {
  await withEmulator({ faults: { errorRate: 1 }, maxAttempts: 1 }, async (ecs, emulator) => {
    await assert.rejects(ecs.listTasks("demo", "api", "RUNNING"), (error) => {
      assert.ok(error instanceof EcsApiError);
      assert.equal(error.type, "ServerException");
      assert.equal(error.status, 500);
      return true;
    });
    assert.equal(emulator.calls.length, 1);
  });
});

Deno.test("AwsEcsClient retries throttled calls until one gets through", async () => {
  const lines: string[] = [];
  await withEmulator(
    { faults: { throttleRate: 0.5, seed: 8 }, logger: (line) => lines.push(line) },
    async (ecs, emulator) => {
      await seedDemo(emulator.sim);
      const service = await ecs.describeService("demo", "api");
      assert.equal(service?.serviceName, "api");
      const statuses = emulator.calls.map((call) => call.errorType ?? call.status);
      // Seed 8 throttles the first two calls and lets the third through.
      assert.deepEqual(statuses, ["ThrottlingException", "ThrottlingException", 200]);
      assert.match(
        lines[0] ?? "",
        new RegExp(`^ECS DescribeServices ok status=200 attempts=${statuses.length} \\d+ms$`),
      );
    },
  );
  assert.ok(lines.every((line) => !line.includes(CREDENTIALS.secretAccessKey)));
});

Deno.test("AwsEcsClient gives up on throttling after maxAttempts with ThrottlingException", async () => {
  await withEmulator({ faults: { throttleRate: 1 }, maxAttempts: 2 }, async (ecs, emulator) => {
    await assert.rejects(ecs.describeService("demo", "api"), {
      name: "EcsApiError",
      type: "ThrottlingException",
      status: 400,
      message: "Rate exceeded",
    });
    assert.equal(emulator.calls.length, 2);
  });
});

Deno.test("AwsEcsClient names an endpoint that never answered: refused, with the endpoint", async () => {
  // Port 1 lies below the ephemeral range that every port-0 bind draws from, so no other test
  // can be listening there (a port freed by closing a listener could be taken in between).
  const ecs = new AwsEcsClient({
    endpoint: "http://127.0.0.1:1",
    region: "us-east-1",
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    await assert.rejects(ecs.describeService("demo", "api"), (error) => {
      assert.ok(error instanceof EcsEndpointError, `expected EcsEndpointError, got ${error}`);
      assert.equal(error.failure, "refused");
      assert.equal(error.endpoint, "http://127.0.0.1:1");
      assert.equal(error.transportCode, "ECONNREFUSED");
      assert.equal(error.message, 'Cannot reach ECS at "http://127.0.0.1:1": connection refused');
      assert.match(String((error.cause as Error).message), /ECONNREFUSED/);
      assert.equal(isTransientError(error), false, "a set-up error is not retried to the deadline");
      return true;
    });
  } finally {
    ecs.destroy();
  }
});

Deno.test("AwsEcsClient reads again after an odd answer, and names an endpoint that only answers HTML", async () => {
  let requests = 0;
  let answerEcsAt = Infinity;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (request) => {
    await request.text();
    if (++requests >= answerEcsAt) {
      const body = { services: [], failures: [{ arn: "arn:x", reason: "MISSING" }] };
      return Response.json(body, { headers: { "content-type": "application/x-amz-json-1.1" } });
    }
    return new Response("<html><body>Sign in to the proxy</body></html>", {
      headers: { "content-type": "text/html" },
    });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const ecs = new AwsEcsClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS });
  const again = new AwsEcsClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS });
  try {
    await assert.rejects(ecs.describeService("demo", "api"), (error) => {
      assert.ok(error instanceof EcsEndpointError, String(error));
      assert.equal(error.failure, "not_ecs");
      assert.equal(
        error.message,
        `The endpoint "${url}" answered, but not as ECS (HTTP 200, text/html)`,
      );
      assert.equal(isTransientError(error), false);
      return true;
    });
    assert.equal(requests, 3, "three answers, then it gives up");
    // A proxy's one-off page before ECS answers: the read is sent again and gets through.
    requests = 0;
    answerEcsAt = 2;
    assert.equal(await again.describeService("demo", "api"), undefined);
    assert.equal(requests, 2);
  } finally {
    ecs.destroy();
    again.destroy();
    await server.shutdown();
  }
});

Deno.test("AwsEcsClient leaves failures as they are once the endpoint has answered as ECS", async () => {
  let requests = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (request) => {
    await request.text();
    if (++requests === 1) {
      const body = { services: [], failures: [{ arn: "arn:x", reason: "MISSING" }] };
      return Response.json(body, { headers: { "content-type": "application/x-amz-json-1.1" } });
    }
    return new Response("<html>502 Bad Gateway</html>", {
      headers: { "content-type": "text/html" },
    });
  });
  const ecs = new AwsEcsClient({
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    region: "us-east-1",
    credentials: CREDENTIALS,
  });
  try {
    assert.equal(await ecs.describeService("demo", "api"), undefined);
    for (let i = 0; i < 3; i++) {
      await assert.rejects(ecs.describeService("demo", "api"), (error) => {
        assert.ok(error instanceof SyntaxError, `an outage stays transient: ${error}`);
        return true;
      });
    }
  } finally {
    ecs.destroy();
    await server.shutdown();
  }
});

Deno.test("AwsEcsClient signs for the given region and sends to the endpoint override", async () => {
  const seen: Headers[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (request) => {
    seen.push(request.headers);
    await request.text();
    const body = { services: [], failures: [{ arn: "arn:x", reason: "MISSING" }] };
    return Response.json(body, { headers: { "content-type": "application/x-amz-json-1.1" } });
  });
  const ecs = new AwsEcsClient({
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    region: "eu-west-3",
    credentials: CREDENTIALS,
  });
  try {
    assert.equal(await ecs.region(), "eu-west-3");
    assert.equal(await ecs.describeService("demo", "gone"), undefined);
    const headers = seen[0]!;
    assert.equal(
      headers.get("x-amz-target"),
      "AmazonEC2ContainerServiceV20141113.DescribeServices",
    );
    assert.equal(headers.get("host"), `127.0.0.1:${server.addr.port}`);
    assert.match(
      headers.get("authorization") ?? "",
      /^AWS4-HMAC-SHA256 Credential=AKIDADAPTERTEST\/\d{8}\/eu-west-3\/ecs\/aws4_request, /,
    );
  } finally {
    ecs.destroy();
    await server.shutdown();
  }
});

Deno.test("AwsEcsClient pages through ListTasks and batches DescribeTasks by 100", async () => {
  await withEmulator({}, async (ecs, emulator, clock) => {
    await seedDemo(emulator.sim, { desiredCount: 150 });
    clock.advance(60_000);
    const arns = await ecs.listTasks("demo", "api", "RUNNING");
    assert.equal(arns.length, 150);
    assert.equal(new Set(arns).size, 150);
    const tasks = await ecs.describeTasks("demo", arns);
    assert.deepEqual(tasks.map((task) => task.taskArn).sort(), [...arns].sort());
    const count = (operation: string) => emulator.calls.filter((c) => c.operation === operation);
    assert.equal(count("ListTasks").length, 2);
    assert.equal(count("DescribeTasks").length, 2);
  });
});

Deno.test("AwsEcsClient pages through ListTaskDefinitions oldest first", async () => {
  await withEmulator({}, async (ecs, emulator) => {
    const { taskDefinitionArn } = await seedDemo(emulator.sim);
    for (let i = 2; i <= 130; i++) {
      await emulator.sim.call("RegisterTaskDefinition", {
        family: "api",
        containerDefinitions: [{ name: "web", image: `nginx:1.${i}`, memory: 128 }],
      });
    }
    const arns = await ecs.listTaskDefinitions("api", "ACTIVE");
    assert.equal(arns.length, 130);
    assert.equal(arns[0], taskDefinitionArn);
    assert.match(arns[129] ?? "", /:task-definition\/api:130$/);
    assert.equal(emulator.calls.filter((c) => c.operation === "ListTaskDefinitions").length, 2);
  });
});

Deno.test("awsEcsClientOptionsFromEnv() falls back to AWS_DEFAULT_REGION and AWS_ENDPOINT_URL", () => {
  assert.deepEqual(
    awsEcsClientOptionsFromEnv({
      AWS_DEFAULT_REGION: "eu-central-1",
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
      AWS_PROFILE: "ci",
    }),
    { region: "eu-central-1", endpoint: "http://127.0.0.1:4566", profile: "ci" },
  );
  assert.deepEqual(
    awsEcsClientOptionsFromEnv({
      AWS_REGION: "us-west-2",
      AWS_DEFAULT_REGION: "eu-central-1",
      AWS_ENDPOINT_URL_ECS: "http://127.0.0.1:4599",
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
    }),
    { region: "us-west-2", endpoint: "http://127.0.0.1:4599" },
  );
  assert.deepEqual(awsEcsClientOptionsFromEnv({ AWS_REGION: "", AWS_PROFILE: "" }), {});
});
