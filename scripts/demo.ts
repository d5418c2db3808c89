// deno-lint-ignore-file no-console
/**
 * The main job on an embedded default: `deno task demo`.
 *
 * Starts the ECS emulator in process on loopback, creates a cluster and a service from a real
 * looking Fargate task definition, then runs real ecs-deploy deploys against it through the AWS
 * SDK over HTTP: a rolling deploy that succeeds, a blue/green deploy of a second service behind
 * a load balancer that walks its lifecycle stages (traffic shift, a one-minute bake, clean-up),
 * and a rolling deploy whose image cannot be pulled, which fails and says why. Exits 0 when all
 * three ended as they should.
 *
 * ECS time runs TIME_SCALE times faster than the wall clock so that the bake, given in whole
 * minutes as ECS takes it, passes in seconds; the task and stage timings are stretched by the
 * same factor, so tasks start and stages pass at the emulator's usual wall-clock pace.
 *
 * @module
 */
import { realCliDeps } from "../main.ts";
import { runCli } from "../src/cli/run_cli.ts";
import { systemClock } from "../src/clock.ts";
import {
  defaultTimings,
  SimulatedEcs,
  type SimulatedTimings,
} from "../src/simulator/simulated_ecs.ts";
import { ScaledClock } from "../src/emulator/scaled_clock.ts";
import { serveEmulator } from "../src/emulator/serve_emulator.ts";
import { seedDemo } from "../src/emulator/seed_demo.ts";

const IMAGE = "public.ecr.aws/nginx/nginx";
/** ECS time per wall-clock time: the one-minute bake takes two seconds. */
const TIME_SCALE = 30;
/** Wall-clock milliseconds per lifecycle stage without work of its own (POST_*, shifts). */
const STAGE_WALL_MS = 500;
const ACCOUNT = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

/** The default timings stretched by TIME_SCALE: the same wall-clock pace on the scaled clock. */
function demoTimings(): SimulatedTimings {
  const timings = { ...defaultTimings };
  for (const key of Object.keys(timings) as (keyof SimulatedTimings)[]) {
    if (!key.endsWith("RetentionMs")) timings[key] *= TIME_SCALE;
  }
  timings.lifecycleStageMs = STAGE_WALL_MS * TIME_SCALE;
  return timings;
}

async function main(): Promise<number> {
  const sim = new SimulatedEcs({
    clock: new ScaledClock(systemClock, TIME_SCALE),
    timings: demoTimings(),
  });
  const emulator = await serveEmulator({ port: 0, sim });
  try {
    console.error(`ECS emulator listening on ${emulator.url}`);
    const seeded = await seedDemo(emulator.sim, { image: `${IMAGE}:1.27` });
    // A second service on the same image, deployed by ECS blue/green behind a load balancer.
    const blueGreen = await seedDemo(emulator.sim, {
      image: `${IMAGE}:1.27`,
      service: "api-bg",
      deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 1 },
      loadBalancers: [{
        targetGroupArn: `${ACCOUNT}:targetgroup/api-blue/0123456789abcdef`,
        containerName: "web",
        containerPort: 80,
        advancedConfiguration: {
          alternateTargetGroupArn: `${ACCOUNT}:targetgroup/api-green/fedcba9876543210`,
          productionListenerRule:
            `${ACCOUNT}:listener-rule/app/demo/0123456789abcdef/0123456789abcdef/0123456789abcdef`,
          testListenerRule:
            `${ACCOUNT}:listener-rule/app/demo/0123456789abcdef/fedcba9876543210/fedcba9876543210`,
          roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers",
        },
      }],
    });
    console.error(
      `Created cluster "${seeded.cluster}" with the rolling service "${seeded.service}" and the ` +
        `blue/green service "${blueGreen.service}" (bake 1 minute, ECS time ${TIME_SCALE}x ` +
        `faster); waiting for them to be steady...`,
    );
    await waitUntilSteady(emulator.sim, seeded.cluster, seeded.service);
    await waitUntilSteady(emulator.sim, blueGreen.cluster, blueGreen.service);

    const deploy = (service: string, image: string) => {
      const argv = ["-c", seeded.cluster, "-n", service, "-i", image];
      console.error(`\n$ ecs-deploy ${argv.join(" ")} --endpoint-url ${emulator.url}\n`);
      return runCli(
        [...argv, "--endpoint-url", emulator.url, "-r", "us-east-1", "-k", "demo", "-s", "demo"],
        realCliDeps(),
      );
    };

    const good = await deploy(seeded.service, `${IMAGE}:1.28`);
    const blueGreenExit = await deploy(blueGreen.service, `${IMAGE}:1.28`);
    const bad = await deploy(seeded.service, `${IMAGE}:fail-pull`);
    const calls = new Map<string, number>();
    for (const call of emulator.calls) {
      calls.set(call.operation, (calls.get(call.operation) ?? 0) + 1);
    }
    console.error(
      `\nDemo done: the rolling deploy exited ${good}, the blue/green one exited ` +
        `${blueGreenExit}, the unpullable one exited ${bad}. ` +
        `ECS calls: ${[...calls].map(([op, n]) => `${op} ${n}`).join(", ")}`,
    );
    return good === 0 && blueGreenExit === 0 && bad === 1 ? 0 : 1;
  } finally {
    await emulator.shutdown();
  }
}

async function waitUntilSteady(
  sim: { call(op: string, input: Record<string, unknown>): Promise<Record<string, unknown>> },
  cluster: string,
  service: string,
): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const { services } = await sim.call("DescribeServices", { cluster, services: [service] });
    const [described] = services as { deployments: { rolloutState?: string }[] }[];
    const deployments = described?.deployments ?? [];
    if (deployments.length === 1 && deployments[0]?.rolloutState === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Service "${service}" did not become steady in the emulator`);
}

if (import.meta.main) Deno.exit(await main());
