// deno-lint-ignore-file no-console
/**
 * The EcsClient contract against (a) the simulated ECS in process, (b) the AWS SDK adapter over
 * loopback against the emulator (real SDK, real SigV4 signing with dummy keys), and (c) the AWS
 * SDK adapter against moto_server, where it is installed.
 */
import { AwsEcsClient } from "../../../src/ecs/aws_ecs_client.ts";
import { fastTimings, SimulatedEcs } from "../../../src/simulator/simulated_ecs.ts";
import { SimulatedEcsClient } from "../../../src/simulator/simulated_ecs_client.ts";
import { serveEmulator } from "../../../src/emulator/serve_emulator.ts";
import { FakeClock } from "../../support/fake_clock.ts";
import { type ContractCaseName, runEcsClientContract } from "./ecs_client_contract.ts";
import { ecsJsonCall } from "./ecs_json_call.ts";
import { motoUnavailableReason, startMotoServer } from "./moto_server.ts";

const DUMMY_CREDENTIALS = { accessKeyId: "AKIDCONTRACTTEST", secretAccessKey: "contract-secret" };

Deno.test("EcsClient contract: SimulatedEcsClient in process", async (t) => {
  const clock = new FakeClock();
  const sim = new SimulatedEcs({ clock, timings: fastTimings });
  await runEcsClientContract(t, {
    client: new SimulatedEcsClient(sim),
    seed: (operation, input) => sim.call(operation, input),
    advance: (ms) => Promise.resolve(clock.advance(ms)),
  });
});

Deno.test("EcsClient contract: AwsEcsClient against the emulator over HTTP", async (t) => {
  const clock = new FakeClock();
  const emulator = await serveEmulator({ port: 0, clock, timings: fastTimings });
  const client = new AwsEcsClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: DUMMY_CREDENTIALS,
  });
  try {
    await runEcsClientContract(t, {
      client,
      // Seed over the wire too, so seeding sees the same codec as the client.
      seed: (operation, input) => ecsJsonCall(emulator.url, operation, input),
      advance: (ms) => Promise.resolve(clock.advance(ms)),
    });
  } finally {
    client.destroy();
    await emulator.shutdown();
  }
});

/** What moto (5.x) does not model, so the contract cannot hold there. */
const MOTO_GAPS: Partial<Record<ContractCaseName, string>> = {
  "describeService() returns the deployment circuit breaker configuration":
    "moto drops deploymentConfiguration.deploymentCircuitBreaker",
  "registerTaskDefinition() returns the tags it registered":
    "moto leaves tags out of the RegisterTaskDefinition response",
  "updateService() starts a PRIMARY deployment of exactly the given revision":
    "moto keeps the old deployment and stores the task definition as given, not as an ARN",
  "a healthy rollout completes with one PRIMARY deployment and every task running":
    "moto never advances deployments nor starts service tasks",
  "listTasks() and describeTasks() show the service's running tasks":
    "moto starts no tasks for services",
  "listServiceDeployments() lists deployments newest first, filters by creation time; describeServiceDeployments() describes one":
    "moto has no ServiceDeployment APIs (HTTP 500)",
  "a fail-pull rollout trips the circuit breaker and ECS rolls back to the previous revision":
    "moto never runs tasks, so nothing fails and no circuit breaker trips",
  "stopServiceDeployment() with ROLLBACK returns the service to the previous revision":
    "moto has no ServiceDeployment APIs (HTTP 500)",
};

const motoMissing = motoUnavailableReason();
if (motoMissing) console.error(`Skipping the moto contract tests: ${motoMissing}`);

Deno.test({
  name: `EcsClient contract: AwsEcsClient against moto_server${
    motoMissing ? ` (skipped: ${motoMissing})` : ""
  }`,
  ignore: motoMissing !== undefined,
  fn: async (t) => {
    const moto = await startMotoServer();
    const client = new AwsEcsClient({
      endpoint: moto.url,
      region: "us-east-1",
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 2,
    });
    try {
      await runEcsClientContract(t, {
        client,
        seed: (operation, input) => ecsJsonCall(moto.url, operation, input),
        // moto's deployments do not move with time; cases that need progress are skipped.
        advance: () => Promise.resolve(),
        unsupported: MOTO_GAPS,
      });
    } finally {
      client.destroy();
      await moto.stop();
    }
  },
});
