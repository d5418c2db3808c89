/**
 * Helpers for the self-containment tests (bundle, URL run): start `ecs-deploy emulator` from
 * the artifact under test, seed it over the ECS wire protocol, run a deploy and read its result.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Variables a child keeps: finding programs and temp folders, and reaching the npm registry
 * the way this machine does (proxies, extra certificate authorities). */
const KEPT = [
  "PATH",
  "HOME",
  "USERPROFILE",
  "SYSTEMROOT",
  "TEMP",
  "TMP",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
];

let sharedDenoDir: string | undefined;

/** This deno's cache folder, passed on explicitly so a child with another HOME shares it. */
export function denoDir(): string {
  sharedDenoDir ??= Deno.env.get("DENO_DIR") ?? JSON.parse(
    new TextDecoder().decode(
      new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).outputSync().stdout,
    ),
  ).denoDir as string;
  return sharedDenoDir;
}

/** The variables a child gets: enough to find deno and its cache, fake AWS credentials, and
 * shared config files that do not exist, so nothing of the developer's AWS setup leaks in. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { DENO_DIR: denoDir() };
  for (const name of KEPT) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: "1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/nonexistent/ecs-deploy-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/ecs-deploy-test/credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** What a finished child printed. */
export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end with no standard input. */
export async function runToEnd(
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<Finished> {
  const [cmd, ...args] = argv;
  const output = await new Deno.Command(cmd!, {
    args,
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** A running `ecs-deploy emulator` child. */
export interface EmulatorProcess {
  url: string;
  /** Stops it with SIGTERM (a kill on Windows) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `<argv> emulator --port 0` and waits for its "listening on" line on stderr. Tasks
 * start in 50 ms so a deploy finishes in well under a second.
 */
export async function startEmulator(
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<EmulatorProcess> {
  const [cmd, ...args] = argv;
  const child = new Deno.Command(cmd!, {
    args: [...args, "emulator", "--port", "0", "--task-start-ms", "50"],
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).values();
  let seen = "";
  let url: string | undefined;
  while (url === undefined) {
    const next = await lines.next();
    if (next.done) {
      await child.status;
      throw new Error(`The emulator exited before listening:\n${seen}`);
    }
    seen += next.value;
    url = /ecs-deploy emulator listening on (http:\/\/\S+)/.exec(seen)?.[1];
  }
  // Keep draining stderr so the child never blocks on a full pipe.
  const drained = (async () => {
    for await (const _ of lines) { /* discard */ }
  })();
  return {
    url,
    async stop() {
      try {
        child.kill(Deno.build.os === "windows" ? "SIGKILL" : "SIGTERM");
      } catch {
        // Already exited.
      }
      await child.status;
      await drained;
    },
  };
}

/** Calls one ECS operation on the emulator over the JSON wire protocol. */
export async function ecsCall(
  url: string,
  operation: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  assert.equal(response.status, 200, `${operation}: ${JSON.stringify(json)}`);
  return json;
}

/** The service the tests deploy to. */
export const SEEDED = { cluster: "e2e", service: "api", image: "registry.example.com/api:v1" };

/** Creates the cluster, revision 1 of the family and a service of 2 tasks running it. */
export async function seedService(url: string): Promise<string> {
  await ecsCall(url, "CreateCluster", { clusterName: SEEDED.cluster });
  const registered = await ecsCall(url, "RegisterTaskDefinition", {
    family: SEEDED.service,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{ name: "web", image: SEEDED.image, essential: true }],
  });
  const taskDefinition = registered.taskDefinition as { taskDefinitionArn: string };
  await ecsCall(url, "CreateService", {
    cluster: SEEDED.cluster,
    serviceName: SEEDED.service,
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ["subnet-0e2e"], assignPublicIp: "DISABLED" },
    },
  });
  await untilSteady(url);
  return taskDefinition.taskDefinitionArn;
}

/** Waits until the seeded service's first deployment has completed: deploys refuse to go over it. */
async function untilSteady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { services } = await ecsCall(url, "DescribeServices", {
      cluster: SEEDED.cluster,
      services: [SEEDED.service],
    });
    const [service] = services as { deployments: { rolloutState?: string }[] }[];
    const deployments = service?.deployments ?? [];
    if (deployments.length === 1 && deployments[0]?.rolloutState === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the seeded service did not become steady within 20 s");
}

/** The deploy arguments for the seeded service: a new tag of its image, JSON output. */
export function deployArgs(url: string): string[] {
  return [
    "-c",
    SEEDED.cluster,
    "-n",
    SEEDED.service,
    "-i",
    "registry.example.com/api:v2",
    "--endpoint-url",
    url,
    "--timeout",
    "60",
    "--output",
    "json",
  ];
}

/** Checks that a deploy of the seeded service succeeded and returns its JSON result. */
export function assertDeployed(run: Finished, previousArn: string): Record<string, unknown> {
  assert.equal(run.code, 0, `deploy failed:\n${run.stderr}\n${run.stdout}`);
  const last = run.stdout.trimEnd().split("\n").at(-1) ?? "";
  const result = JSON.parse(last);
  assert.equal(result.outcome, "succeeded");
  assert.equal(result.exitCode, 0);
  assert.equal(result.cluster, SEEDED.cluster);
  assert.equal(result.service, SEEDED.service);
  assert.equal(result.previousTaskDefinitionArn, previousArn);
  assert.match(result.taskDefinitionArn, /:task-definition\/api:2$/);
  assert.equal(typeof result.deploymentId, "string");
  return result;
}
