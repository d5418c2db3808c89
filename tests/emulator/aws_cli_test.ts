// deno-lint-ignore-file no-console
/**
 * The AWS CLI, a client we did not write, against the emulator: if botocore can create,
 * update, wait on and describe services here, the wire protocol is right.
 */
import assert from "node:assert/strict";
import { fastTimings } from "../../src/simulator/simulated_ecs.ts";
import type { RunningEmulator } from "../../src/emulator/serve_emulator.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { awsCliMissing, awsCliTest, awsEcs as runAwsEcs, withInputFile } from "./aws_cli.ts";

const missing = awsCliMissing;
if (missing) console.error(`Skipping the AWS CLI emulator tests: ${missing}`);

/** The parts of the CLI's JSON output these tests read. */
interface CliDeployment {
  status: string;
  taskDefinition: string;
  rolloutState?: string;
  rolloutStateReason?: string;
}
interface CliService {
  status: string;
  taskDefinition: string;
  createdAt: number;
  runningCount: number;
  deployments: CliDeployment[];
}
interface CliOutput {
  service: CliService;
  services: CliService[];
  taskDefinition: { taskDefinitionArn: string };
  serviceDeployments: { status: string }[];
}

/** `aws ecs <args>` with this file's view of the output. */
const awsEcs = (emulator: RunningEmulator, ...args: string[]) =>
  runAwsEcs<CliOutput>(emulator, ...args);

function taskDefinition(image: string) {
  return {
    family: "web",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [{
      name: "web",
      image,
      essential: true,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    }],
  };
}

async function createService(emulator: RunningEmulator): Promise<string> {
  await awsEcs(emulator, "create-cluster", "--cluster-name", "cli");
  const registered = await withInputFile(
    taskDefinition("registry.example.com/web:1.0.0"),
    (file) => awsEcs(emulator, "register-task-definition", "--cli-input-json", file),
  );
  const first = registered.taskDefinition.taskDefinitionArn as string;
  assert.match(first, /^arn:aws:ecs:us-east-1:\d{12}:task-definition\/web:1$/);
  const created = await awsEcs(
    emulator,
    "create-service",
    "--cluster=cli",
    "--service-name=web",
    `--task-definition=${first}`,
    "--desired-count=2",
    "--launch-type=FARGATE",
    "--network-configuration=awsvpcConfiguration={subnets=[subnet-0a1b2c3d],securityGroups=[sg-0a1b2c3d]}",
    "--deployment-configuration=deploymentCircuitBreaker={enable=true,rollback=true},minimumHealthyPercent=100,maximumPercent=200",
  );
  assert.equal(created.service.status, "ACTIVE");
  // CLI v1 prints timestamps as it got them: epoch seconds.
  assert.equal(typeof created.service.createdAt, "number");
  assert.ok(created.service.createdAt > Date.UTC(2025, 0, 1) / 1000);
  return first;
}

awsCliTest("aws ecs wait services-stable succeeds on a healthy rollout in the emulator", {
  timings: fastTimings,
}, async (emulator) => {
  await createService(emulator);
  const second = await withInputFile(
    taskDefinition("registry.example.com/web:2.0.0"),
    (file) => awsEcs(emulator, "register-task-definition", "--cli-input-json", file),
  );
  const next = second.taskDefinition.taskDefinitionArn as string;
  const updated = await awsEcs(
    emulator,
    "update-service",
    "--cluster=cli",
    "--service=web",
    `--task-definition=${next}`,
  );
  assert.equal(updated.service.deployments[0]!.taskDefinition, next);
  await awsEcs(emulator, "wait", "services-stable", "--cluster=cli", "--services=web");
  const described = await awsEcs(
    emulator,
    "describe-services",
    "--cluster=cli",
    "--services=web",
  );
  const service = described.services[0]!;
  assert.equal(service.deployments.length, 1);
  assert.equal(service.deployments[0]!.taskDefinition, next);
  assert.equal(service.deployments[0]!.rolloutState, "COMPLETED");
  assert.equal(service.runningCount, 2);
});

// A fake clock holds the rollout still while the CLI looks at it.
const clock = new FakeClock();
awsCliTest("aws ecs describe-services shows a circuit-breaker rollback after a fail-pull image", {
  clock,
  timings: fastTimings,
}, async (emulator) => {
  const { taskDefinitionArn: first } = await seedDemo(emulator.sim, { cluster: "cli" });
  clock.advance(60_000);
  const failing = await emulator.sim.call("RegisterTaskDefinition", {
    ...taskDefinition("registry.example.com/web:fail-pull"),
    family: "api",
  });
  const failingArn = (failing.taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
  await awsEcs(
    emulator,
    "update-service",
    "--cluster=cli",
    "--service=api",
    `--task-definition=${failingArn}`,
  );

  // Step until the circuit breaker has tripped and the rollback is under way.
  const tripped = async () => {
    const out = await emulator.sim.call("DescribeServices", {
      cluster: "cli",
      services: ["api"],
    });
    const [service] = out.services as { deployments: { rolloutState?: string }[] }[];
    return service?.deployments.some((d) => d.rolloutState === "FAILED") ?? false;
  };
  for (let steps = 0; !(await tripped()); steps++) {
    assert.ok(steps < 1_000, "the circuit breaker never tripped");
    clock.advance(5);
  }

  const during = (await awsEcs(emulator, "describe-services", "--cluster=cli", "--services=api"))
    .services[0]!;
  const failed = during.deployments.find((d) => d.taskDefinition === failingArn)!;
  assert.equal(failed.rolloutState, "FAILED");
  assert.equal(failed.status, "ACTIVE");
  assert.match(failed.rolloutStateReason ?? "", /circuit breaker/i);
  const primary = during.deployments.find((d) => d.status === "PRIMARY")!;
  assert.equal(primary.taskDefinition, first);
  assert.equal(during.taskDefinition, first);

  clock.advance(60_000);
  const listed = await awsEcs(
    emulator,
    "list-service-deployments",
    "--cluster=cli",
    "--service=api",
  );
  assert.equal(listed.serviceDeployments[0]!.status, "ROLLBACK_SUCCESSFUL");
  assert.equal(listed.serviceDeployments[1]!.status, "SUCCESSFUL");
});
