import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import {
  aSettledService,
  aSimulator,
  describeService,
  registerImage,
  type Wire,
} from "./sim_fixtures.ts";
import {
  ALTERNATE_GROUP,
  deployImage,
  loadBalancer,
  TARGET_GROUP,
  watch,
} from "./strategy_fixtures.ts";

const advanced = loadBalancer.advancedConfiguration as Wire;
const RULE = advanced.productionListenerRule as string;

function withAdvanced(change: Wire): Wire {
  const config: Wire = { ...advanced, ...change };
  for (const key of Object.keys(change)) if (change[key] === undefined) delete config[key];
  return { ...loadBalancer, advancedConfiguration: config };
}

async function rejectsWith(promise: Promise<unknown>, message: string | RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof EcsApiError, `not an EcsApiError: ${e}`);
    assert.equal(e.type, "InvalidParameterException");
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

Deno.test("CreateService refuses a BLUE_GREEN, LINEAR or CANARY load balancer without a complete advancedConfiguration", async () => {
  const f = aSimulator();
  await f.call("CreateCluster", { clusterName: "prod" });
  const td = await registerImage(f, "nginx:1.25");
  const create = (strategy: string, lb: Wire) =>
    f.call("CreateService", {
      cluster: "prod",
      serviceName: `api-${strategy.toLowerCase()}`,
      taskDefinition: td,
      desiredCount: 1,
      deploymentConfiguration: { strategy },
      loadBalancers: [lb],
    });
  const { advancedConfiguration: _, ...bare } = loadBalancer;
  for (const strategy of ["BLUE_GREEN", "LINEAR", "CANARY"]) {
    await rejectsWith(create(strategy, bare), /advancedConfiguration/);
  }
  for (const member of ["alternateTargetGroupArn", "productionListenerRule", "roleArn"]) {
    await rejectsWith(
      create("BLUE_GREEN", withAdvanced({ [member]: undefined })),
      new RegExp(member),
    );
  }
  await rejectsWith(
    create("BLUE_GREEN", withAdvanced({ alternateTargetGroupArn: TARGET_GROUP })),
    /alternateTargetGroupArn/,
  );
  // The troubleshooting guide's wording for a listener ARN given for an ALB rule.
  const listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2";
  await rejectsWith(
    create("BLUE_GREEN", withAdvanced({ productionListenerRule: listener })),
    `productionListenerRule has an invalid ARN format. Must be RuleArn for ALB or ListenerArn for NLB. Got: ${listener}`,
  );
  await rejectsWith(
    create("BLUE_GREEN", withAdvanced({ testListenerRule: RULE })),
    `The following rules cannot be used as both production and test listener rules: ${RULE}`,
  );
  const listed = await f.call("ListServices", { cluster: "prod" });
  assert.deepEqual(listed.serviceArns, []);
  // What ECS accepts: a complete one, an NLB listener, rolling without any, no load balancer.
  const nlb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/lb/1/2";
  await create("BLUE_GREEN", loadBalancer);
  await create("LINEAR", withAdvanced({ productionListenerRule: nlb }));
  await create("ROLLING", bare);
  await f.call("CreateService", {
    cluster: "prod",
    serviceName: "no-lb",
    taskDefinition: td,
    desiredCount: 1,
    deploymentConfiguration: { strategy: "CANARY" },
  });
});

Deno.test("UpdateService refuses to switch a load-balanced service to BLUE_GREEN without advancedConfiguration", async () => {
  const f = aSimulator();
  const { advancedConfiguration: _, ...bare } = loadBalancer;
  await aSettledService(f, { service: { loadBalancers: [bare] } });
  await rejectsWith(
    f.call("UpdateService", {
      cluster: "prod",
      service: "api",
      deploymentConfiguration: { strategy: "BLUE_GREEN" },
    }),
    /advancedConfiguration/,
  );
  const service = await describeService(f);
  assert.equal((service.deploymentConfiguration as Wire).strategy, undefined);
  await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    deploymentConfiguration: { strategy: "BLUE_GREEN" },
    loadBalancers: [loadBalancer],
  });
});

Deno.test("each successful BLUE_GREEN deployment swaps the production and alternate target groups", async () => {
  const f = aSimulator();
  await aSettledService(f, {
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
    service: { loadBalancers: [loadBalancer] },
  });
  const roles = async () => {
    const [lb] = (await describeService(f)).loadBalancers as Wire[];
    return [lb!.targetGroupArn, (lb!.advancedConfiguration as Wire).alternateTargetGroupArn];
  };
  assert.deepEqual(await roles(), [TARGET_GROUP, ALTERNATE_GROUP]);
  const first = await watch(f, await deployImage(f, "nginx:1.26"));
  assert.equal(first.last.status, "SUCCESSFUL");
  // Green took production traffic in the alternate group, which is now the production one.
  assert.deepEqual(await roles(), [ALTERNATE_GROUP, TARGET_GROUP]);
  const events = ((await describeService(f)).events as Wire[]).map((e) => String(e.message));
  assert.ok(
    events.some((m) => m.includes(`registered 2 targets in (target-group ${ALTERNATE_GROUP})`)),
  );
  assert.ok(
    events.some((m) => m.includes(`deregistered 2 targets in (target-group ${TARGET_GROUP})`)),
  );
  const second = await watch(f, await deployImage(f, "nginx:1.27"));
  assert.equal(second.last.status, "SUCCESSFUL");
  assert.deepEqual(await roles(), [TARGET_GROUP, ALTERNATE_GROUP]);
  // A deployment that rolls back leaves the roles as they were.
  const failed = await watch(f, await deployImage(f, "nginx:fail-pull"));
  assert.equal(failed.last.status, "ROLLBACK_SUCCESSFUL");
  assert.deepEqual(await roles(), [TARGET_GROUP, ALTERNATE_GROUP]);
});
