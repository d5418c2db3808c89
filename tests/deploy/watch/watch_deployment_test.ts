import assert from "node:assert/strict";
import type { DeployEvent } from "../../../src/deploy/deploy_events.ts";
import { defaultPollSettings } from "../../../src/deploy/watch/poll_schedule.ts";
import { watchDeployment } from "../../../src/deploy/watch/watch_deployment.ts";
import type { EcsClient } from "../../../src/ecs/ecs_client.ts";
import type { Service, ServiceDeployment } from "../../../src/ecs/types.ts";
import {
  aDeployment,
  aService,
  aTrackedDeployment,
  REVISION_1,
  REVISION_2,
  SERVICE_DEPLOYMENT_ARN,
} from "../../support/builders.ts";
import { FakeClock } from "../../support/fake_clock.ts";

const previous = REVISION_1;
const next = REVISION_2;
const sdArn = SERVICE_DEPLOYMENT_ARN;
const tracked = aTrackedDeployment();

/** An ECS that answers DescribeServices from a script indexed by the call number. */
function scriptedEcs(
  script: (call: number) => Service,
  serviceDeployment?: ServiceDeployment,
) {
  const calls: string[] = [];
  const ecs = {
    describeService(): Promise<Service> {
      calls.push("describeService");
      return Promise.resolve(script(calls.filter((c) => c === "describeService").length));
    },
    describeServiceDeployments(): Promise<ServiceDeployment[]> {
      calls.push("describeServiceDeployments");
      return Promise.resolve(serviceDeployment ? [serviceDeployment] : []);
    },
  } as unknown as EcsClient;
  return { ecs, calls };
}

function watch(ecs: EcsClient, clock: FakeClock, deadlineMs = 600_000) {
  const events: DeployEvent[] = [];
  const result = watchDeployment({
    ecs,
    clock,
    emit: (event) => events.push(event),
    cluster: "prod",
    service: "api",
    tracked,
    deadline: clock.now() + deadlineMs,
  });
  return { result, events };
}

const ours = (overrides = {}) =>
  aDeployment({ id: "ecs-svc/2", taskDefinition: next, rolloutState: "IN_PROGRESS", ...overrides });
const old = aDeployment({ id: "ecs-svc/1", status: "ACTIVE", taskDefinition: previous });
const event = (id: string, message: string) => ({ id, createdAt: new Date(0), message });

Deno.test("watchDeployment() reports each service event once and progress only when it changes", async () => {
  const clock = new FakeClock();
  const { ecs } = scriptedEcs((call) =>
    call < 5
      ? aService({
        deployments: [ours({ runningCount: 1 }), old],
        events: [event("e1", "started 1")],
      })
      : aService({
        deployments: [ours({ rolloutState: "COMPLETED" })],
        events: [event("e2", "steady"), event("e1", "started 1")],
      })
  );
  const { result, events } = watch(ecs, clock);
  assert.equal((await result).outcome, "succeeded");
  const messages = events.filter((e) => e.type === "service_event").map((e) => e.message);
  assert.deepEqual(messages, ["started 1", "steady"]);
  assert.equal(events.filter((e) => e.type === "progress").length, 2);
});

Deno.test("watchDeployment() polls once a second while things move, then backs off", async () => {
  const clock = new FakeClock();
  const { ecs, calls } = scriptedEcs(() => aService({ deployments: [ours(), old] }));
  const { result } = watch(ecs, clock, 120_000);
  assert.equal((await result).outcome, "timed_out");
  const fresh = defaultPollSettings.patienceMs / 1_000;
  assert.ok(clock.sleeps.slice(0, fresh).every((ms) => ms === 1_000), "1 s while fresh");
  assert.ok(Math.max(...clock.sleeps) <= defaultPollSettings.maxIntervalMs);
  const perSecond = calls.length / 120;
  assert.ok(perSecond <= 1, `${calls.length} calls in 120 s`);
  // The schedule before edge-aware polling made 39 calls in these 120 s.
  assert.ok(calls.length < 39, `backed off: ${calls.length} calls in 120 s of no change`);
});

Deno.test("watchDeployment() asks the ServiceDeployment only once ECS has dropped ours", async () => {
  const clock = new FakeClock();
  const rollback: ServiceDeployment = {
    serviceDeploymentArn: sdArn,
    serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    createdAt: new Date(0),
    status: "ROLLBACK_SUCCESSFUL",
    statusReason: "circuit breaker rolled back",
  };
  const other = aDeployment({ id: "ecs-svc/9", taskDefinition: "arn:other:7" });
  const { ecs, calls } = scriptedEcs(() => aService({ deployments: [other] }), rollback);
  const { result } = watch(ecs, clock);
  const watched = await result;
  assert.equal(watched.outcome, "rolled_back");
  assert.equal(watched.reason, "circuit breaker rolled back");
  assert.equal(calls.filter((c) => c === "describeServiceDeployments").length, 1);
});

Deno.test("watchDeployment() trusts DescribeServices while ours is listed", async () => {
  const clock = new FakeClock();
  const { ecs, calls } = scriptedEcs(() =>
    aService({ deployments: [ours({ rolloutState: "COMPLETED" })] })
  );
  assert.equal((await watch(ecs, clock).result).outcome, "succeeded");
  assert.deepEqual(calls, ["describeService"]);
});
