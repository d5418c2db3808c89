/** Builders for tests of the traffic-shifting strategies (BLUE_GREEN, LINEAR, CANARY). */
import { registerImage, type SimFixture, type Wire } from "./sim_fixtures.ts";

export const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
export const ALTERNATE_GROUP =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

/** A load balancer with the advancedConfiguration ECS blue/green needs. */
export const loadBalancer: Wire = {
  targetGroupArn: TARGET_GROUP,
  containerName: "web",
  containerPort: 80,
  advancedConfiguration: {
    alternateTargetGroupArn: ALTERNATE_GROUP,
    productionListenerRule:
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/lb/1/2/3",
    roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructure",
  },
};

export function lambdaHook(functionName: string, stages: string[], extra: Wire = {}): Wire {
  return {
    targetType: "AWS_LAMBDA",
    hookTargetArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    roleArn: "arn:aws:iam::123456789012:role/ecsLambdaInvoke",
    lifecycleStages: stages,
    ...extra,
  };
}

/** Deploys `image` to prod/api; returns the new service deployment's ARN. */
export async function deployImage(f: SimFixture, image: string): Promise<string> {
  const td = await registerImage(f, image);
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td,
  });
  return (out.service as Wire).currentServiceDeployment as string;
}

export async function serviceDeployment(f: SimFixture, arn: string): Promise<Wire> {
  const out = await f.call("DescribeServiceDeployments", { serviceDeploymentArns: [arn] });
  return (out.serviceDeployments as Wire[])[0]!;
}

const TERMINAL = ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"];

export interface Observation {
  /** Virtual ms since the watch started. */
  at: number;
  status: string;
  stage: string;
  /** Green's production and test weight, when shown. */
  production?: number;
  test?: number;
}

/**
 * Polls the service deployment on the fake clock in 5 ms steps and records every change of
 * status, stage or weights, until it is terminal or `until` says stop. `skip` may jump the
 * clock ahead (through a bake) and returns how far.
 */
export async function watch(
  f: SimFixture,
  arn: string,
  options: {
    limitMs?: number;
    until?: (sd: Wire) => boolean;
    skip?: (o: Observation) => number;
  } = {},
): Promise<{ seen: Observation[]; last: Wire }> {
  const start = f.clock.now();
  const limit = options.limitMs ?? 120_000;
  const seen: Observation[] = [];
  let skipped = 0;
  for (;;) {
    const sd = await serviceDeployment(f, arn);
    const target = sd.targetServiceRevision as Wire;
    const o: Observation = {
      at: f.clock.now() - start,
      status: sd.status as string,
      stage: sd.lifecycleStage as string,
    };
    if (target.requestedProductionTrafficWeight !== undefined) {
      o.production = target.requestedProductionTrafficWeight as number;
      o.test = target.requestedTestTrafficWeight as number;
    }
    const prev = seen.at(-1);
    if (
      !prev || prev.status !== o.status || prev.stage !== o.stage ||
      prev.production !== o.production || prev.test !== o.test
    ) seen.push(o);
    if (TERMINAL.includes(o.status) || options.until?.(sd)) return { seen, last: sd };
    if (f.clock.now() - start - skipped > limit) throw new Error(`still ${o.status} ${o.stage}`);
    const skip = options.skip?.(o) ?? 0;
    skipped += Math.max(0, skip);
    f.clock.advance(skip > 0 ? skip : 5);
  }
}
