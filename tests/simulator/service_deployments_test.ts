import assert from "node:assert/strict";
import { EcsApiError } from "../../src/ecs/ecs_client.ts";
import {
  aSettledService,
  aSimulator,
  deployments,
  describeService,
  primary,
  registerImage,
  type SimFixture,
  until,
  type Wire,
} from "./sim_fixtures.ts";

async function listDeployments(f: SimFixture, extra: Wire = {}): Promise<Wire[]> {
  const out = await f.call("ListServiceDeployments", { cluster: "prod", service: "api", ...extra });
  return out.serviceDeployments as Wire[];
}

async function describeDeployment(f: SimFixture, arn: string): Promise<Wire> {
  const out = await f.call("DescribeServiceDeployments", { serviceDeploymentArns: [arn] });
  return (out.serviceDeployments as Wire[])[0]!;
}

async function deploy(f: SimFixture, image: string): Promise<{ id: string; sdArn: string }> {
  const td = await registerImage(f, image);
  const out = await f.call("UpdateService", {
    cluster: "prod",
    service: "api",
    taskDefinition: td,
  });
  const service = out.service as Wire;
  return {
    id: (service.deployments as Wire[])[0]!.id as string,
    sdArn: service.currentServiceDeployment as string,
  };
}

Deno.test("each deployment has a service deployment from IN_PROGRESS to SUCCESSFUL", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const [first] = await listDeployments(f);
  assert.match(
    first!.serviceDeploymentArn as string,
    /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/api\/[A-Za-z0-9]{21}$/,
  );
  assert.equal(first!.status, "SUCCESSFUL");
  const ours = await deploy(f, "nginx:1.26");
  assert.equal(ours.sdArn, f.sim.serviceDeploymentArnOf(ours.id));
  const during = await describeDeployment(f, ours.sdArn);
  assert.equal(during.status, "IN_PROGRESS");
  assert.deepEqual(during.deploymentCircuitBreaker, {
    status: "DISABLED",
    failureCount: 0,
    threshold: 3,
  });
  assert.deepEqual((during.sourceServiceRevisions as Wire[]).map((r) => r.arn), [
    first!.targetServiceRevisionArn,
  ]);
  assert.equal((during.targetServiceRevision as Wire).requestedTaskCount, 2);
  await until(f, async () => (await deployments(f)).length === 1);
  const done = await describeDeployment(f, ours.sdArn);
  assert.equal(done.status, "SUCCESSFUL");
  assert.ok(done.finishedAt instanceof Date);
  assert.deepEqual(done.targetServiceRevision, {
    arn: (await listDeployments(f))[0]!.targetServiceRevisionArn,
    requestedTaskCount: 2,
    runningTaskCount: 2,
    pendingTaskCount: 0,
  });
});

Deno.test("ListServiceDeployments lists newest first and filters by status and createdAt", async () => {
  const f = aSimulator();
  await aSettledService(f);
  f.clock.advance(10_000);
  const cut = f.clock.now() / 1000;
  const ours = await deploy(f, "nginx:1.26");
  const all = await listDeployments(f);
  assert.equal(all.length, 2);
  assert.equal(all[0]!.serviceDeploymentArn, ours.sdArn);
  const after = await listDeployments(f, { createdAt: { after: cut } });
  assert.deepEqual(after.map((d) => d.serviceDeploymentArn), [ours.sdArn]);
  const before = await listDeployments(f, { createdAt: { before: cut - 1 } });
  assert.equal(before.length, 1);
  assert.notEqual(before[0]!.serviceDeploymentArn, ours.sdArn);
  const running = await listDeployments(f, { status: ["IN_PROGRESS"] });
  assert.deepEqual(running.map((d) => d.serviceDeploymentArn), [ours.sdArn]);
  await assert.rejects(
    f.call("ListServiceDeployments", { cluster: "prod", service: "ghost" }),
    (e: unknown) => e instanceof EcsApiError && e.type === "ServiceNotFoundException",
  );
});

Deno.test("a superseded service deployment is STOPPED", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const second = await deploy(f, "nginx:1.26");
  f.clock.advance(5);
  await deploy(f, "nginx:1.27");
  const sd = await describeDeployment(f, second.sdArn);
  assert.equal(sd.status, "STOPPED");
  assert.ok(sd.stoppedAt instanceof Date);
  assert.match(sd.statusReason as string, /new service deployment/);
});

Deno.test("StopServiceDeployment ROLLBACK returns the service to the previous revision", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  const [previousSd] = await listDeployments(f);
  const previousId = (await primary(f)).id;
  const ours = await deploy(f, "nginx:slow");
  f.clock.advance(20);
  const out = await f.call("StopServiceDeployment", {
    serviceDeploymentArn: ours.sdArn,
    stopType: "ROLLBACK",
  });
  assert.equal(out.serviceDeploymentArn, ours.sdArn);
  const rolling = await describeDeployment(f, ours.sdArn);
  assert.equal(rolling.status, "ROLLBACK_IN_PROGRESS");
  assert.equal(
    (rolling.rollback as Wire).serviceRevisionArn,
    previousSd!.targetServiceRevisionArn,
  );
  assert.equal((await primary(f)).id, previousId);
  await until(f, async () => (await deployments(f)).length === 1);
  assert.equal((await describeDeployment(f, ours.sdArn)).status, "ROLLBACK_SUCCESSFUL");
  assert.equal((await describeService(f)).taskDefinition, td1);
  assert.equal(f.finished.at(-1)?.outcome, "ROLLED_BACK");
  assert.equal(f.finished.at(-1)?.deploymentId, ours.id);
});

Deno.test("StopServiceDeployment ABORT stops the rollout where it is", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const ours = await deploy(f, "nginx:slow");
  await f.call("StopServiceDeployment", { serviceDeploymentArn: ours.sdArn, stopType: "ABORT" });
  assert.equal((await describeDeployment(f, ours.sdArn)).status, "STOPPED");
  const entry = await primary(f);
  assert.equal(entry.id, ours.id);
  assert.equal(entry.rolloutState, "FAILED");
  assert.equal(f.finished.at(-1)?.outcome, "FAILED");
});

Deno.test("StopServiceDeployment refuses a finished deployment and an unknown ARN", async () => {
  const f = aSimulator();
  await aSettledService(f);
  const [done] = await listDeployments(f);
  await assert.rejects(
    f.call("StopServiceDeployment", { serviceDeploymentArn: done!.serviceDeploymentArn }),
    (e: unknown) => e instanceof EcsApiError && e.type === "ConflictException",
  );
  await assert.rejects(
    f.call("StopServiceDeployment", {
      serviceDeploymentArn:
        "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/AAAAAAAAAAAAAAAAAAAAA",
    }),
    (e: unknown) => e instanceof EcsApiError && e.type === "ServiceDeploymentNotFoundException",
  );
});

Deno.test("DescribeServiceDeployments and DescribeServiceRevisions report unknown ARNs as MISSING", async () => {
  const f = aSimulator();
  const td1 = await aSettledService(f);
  const [sd] = await listDeployments(f);
  const missing = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/nope";
  const out = await f.call("DescribeServiceDeployments", {
    serviceDeploymentArns: [sd!.serviceDeploymentArn, missing],
  });
  assert.equal((out.serviceDeployments as Wire[]).length, 1);
  assert.deepEqual(out.failures, [{ arn: missing, reason: "MISSING" }]);
  const revisionArn = sd!.targetServiceRevisionArn as string;
  const revisions = await f.call("DescribeServiceRevisions", {
    serviceRevisionArns: [revisionArn, `${revisionArn}0`],
  });
  const [revision] = revisions.serviceRevisions as Wire[];
  assert.equal(revision!.taskDefinition, td1);
  assert.equal((revision!.containerImages as Wire[])[0]!.image, "nginx:1.25");
  assert.match(
    (revision!.containerImages as Wire[])[0]!.imageDigest as string,
    /^sha256:[0-9a-f]{64}$/,
  );
  assert.deepEqual(revisions.failures, [{ arn: `${revisionArn}0`, reason: "MISSING" }]);
});
