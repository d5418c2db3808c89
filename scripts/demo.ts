// deno-lint-ignore-file no-console
/**
 * The main job on an embedded default: `deno task demo`.
 *
 * Starts the ECS emulator in process on loopback, creates a cluster and a service from a real
 * looking Fargate task definition, then runs real ecs-deploy deploys against it through the AWS
 * SDK over HTTP: one that succeeds, and one whose image cannot be pulled, which fails and says
 * why. Exits 0 when both ended as they should.
 *
 * @module
 */
import { realCliDeps } from "../main.ts";
import { runCli } from "../src/cli/run_cli.ts";
import { serveEmulator } from "../src/emulator/serve_emulator.ts";
import { seedDemo } from "../src/emulator/seed_demo.ts";

const IMAGE = "public.ecr.aws/nginx/nginx";

async function main(): Promise<number> {
  const emulator = await serveEmulator({ port: 0 });
  try {
    console.error(`ECS emulator listening on ${emulator.url}`);
    const seeded = await seedDemo(emulator.sim, { image: `${IMAGE}:1.27` });
    console.error(
      `Created cluster "${seeded.cluster}" and service "${seeded.service}" on ` +
        `${seeded.taskDefinitionArn}; waiting for it to be steady...`,
    );
    await waitUntilSteady(emulator.sim, seeded.cluster, seeded.service);

    const deploy = (image: string) => {
      const argv = ["-c", seeded.cluster, "-n", seeded.service, "-i", image];
      console.error(`\n$ ecs-deploy ${argv.join(" ")} --endpoint-url ${emulator.url}\n`);
      return runCli(
        [...argv, "--endpoint-url", emulator.url, "-r", "us-east-1", "-k", "demo", "-s", "demo"],
        realCliDeps(),
      );
    };

    const good = await deploy(`${IMAGE}:1.28`);
    const bad = await deploy(`${IMAGE}:fail-pull`);
    const calls = new Map<string, number>();
    for (const call of emulator.calls) {
      calls.set(call.operation, (calls.get(call.operation) ?? 0) + 1);
    }
    console.error(
      `\nDemo done: the good deploy exited ${good}, the unpullable one exited ${bad}. ` +
        `ECS calls: ${[...calls].map(([op, n]) => `${op} ${n}`).join(", ")}`,
    );
    return good === 0 && bad === 1 ? 0 : 1;
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
