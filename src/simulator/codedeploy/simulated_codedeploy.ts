/**
 * A simulated AWS CodeDeploy for ECS services (the CODE_DEPLOY deployment controller), on the
 * same clock as the simulated ECS it deploys to: applications, deployment groups, the predefined
 * ECS deployment configs, and deployments that walk `codedeploy_rollout.ts`. `call(operation,
 * input)` takes decoded JSON 1.1 input (`CodeDeploy_20141006.<Op>`) and answers its output, or
 * throws `EcsApiError` with CodeDeploy's error type. Its state is not part of ECS snapshots.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import { EcsApiError } from "../../ecs/ecs_client.ts";
import { SeededRandom } from "../seeded_random.ts";
import type { Wire } from "../sim_records.ts";
import type { SimulatedEcs } from "../simulated_ecs.ts";
import type { TaskSetBridge } from "../task_set_bridge.ts";
import type { SimulatedTimings } from "../timings.ts";
import { parseEcsAppSpec } from "../../codedeploy/ecs_appspec.ts";
import type {
  ApplicationRecord,
  DeploymentRecord,
  GroupRecord,
  TaskSetRecord,
} from "./codedeploy_records.ts";
import {
  advanceDeployment,
  continueFromReady,
  EVENTS,
  type RolloutWorld,
  skipTerminationWait,
  startDeployment,
  stopDeployment,
  taskFailureOf,
} from "./codedeploy_rollout.ts";
import {
  deploymentToWire,
  groupToWire,
  targetToWire,
  taskSetToEcsWire,
} from "./codedeploy_wire.ts";
import { deploymentConfigToWire, ECS_CONFIGS } from "./deployment_configs.ts";
import { readGroupInput } from "./group_input.ts";

/** The target prefix of CodeDeploy operations in `X-Amz-Target`. */
export const CODEDEPLOY_TARGET_PREFIX = "CodeDeploy_20141006.";

const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/;

export function fail(type: string, message: string): never {
  throw new EcsApiError(type, message);
}

function text(input: Wire, member: string, required?: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null || value === "") {
    if (required) fail(required, `${member} is required`);
    return undefined;
  }
  if (typeof value !== "string") {
    fail("SerializationException", `Unexpected value for "${member}": expected a string`);
  }
  return value;
}

export class SimulatedCodeDeploy {
  readonly #clock: Clock;
  readonly #ecs: TaskSetBridge;
  readonly #timings: SimulatedTimings;
  readonly #random: SeededRandom;
  readonly #applications = new Map<string, ApplicationRecord>();
  readonly #groups = new Map<string, GroupRecord>();
  readonly #deployments = new Map<string, DeploymentRecord>();
  /** The task sets each service (`cluster:service`) runs between deployments. */
  readonly #taskSets = new Map<string, TaskSetRecord>();
  readonly #world: RolloutWorld;

  /** CodeDeploy for `ecs`, on its clock. */
  constructor(options: { ecs: SimulatedEcs; seed?: number }) {
    this.#ecs = options.ecs.taskSetBridge();
    this.#clock = this.#ecs.clock;
    this.#timings = options.ecs.timings;
    this.#random = new SeededRandom(options.seed ?? 7);
    this.#ecs.beforeEcsCalls(() => this.#catchUp());
    this.#world = {
      timings: this.#timings,
      adopt: (d) => {
        this.#taskSets.set(`${d.cluster}:${d.service}`, d.green!);
        this.#ecs.adoptRevision(d.cluster, d.service, d.taskDefinition);
      },
      startRollback: (d, now) => this.#startRollback(d, now),
      newTaskSet: (d) => {
        const id = `ecs-svc/${this.#random.digits(19)}`;
        const other = targetGroups(d.group)[1];
        return {
          id,
          arn: `${d.serviceArn.replace(":service/", ":task-set/")}/${id}`,
          ...(other ? { targetGroup: other } : {}),
        };
      },
    };
  }

  /** The operations `call` understands. */
  static get operations(): string[] {
    return Object.keys(OPERATION_NAMES);
  }

  call(operation: string, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    try {
      return Promise.resolve(this.callSync(operation, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  callSync(operation: string, input: Record<string, unknown> = {}): Record<string, unknown> {
    const name = OPERATION_NAMES[operation as keyof typeof OPERATION_NAMES];
    if (!name) {
      fail(
        "UnknownOperationException",
        `Operation ${operation} is not supported by the simulated CodeDeploy`,
      );
    }
    this.advance();
    const out = (this[name] as (input: Wire) => Wire).call(this, input ?? {});
    this.#publishTaskSets();
    return out;
  }

  /** Runs every transition due up to the clock's now, in ECS and here. */
  advance(): void {
    this.#ecs.advance();
    this.#catchUp();
  }

  #catchUp(): void {
    const now = this.#clock.now();
    for (const d of this.#deployments.values()) advanceDeployment(d, now, this.#world);
    this.#publishTaskSets();
  }

  createApplication(input: Wire): Wire {
    const name = text(input, "applicationName", "ApplicationNameRequiredException")!;
    if (this.#applications.has(name)) {
      fail("ApplicationAlreadyExistsException", `Application '${name}' already exists.`);
    }
    const platform = text(input, "computePlatform") ?? "Server";
    if (!["Server", "Lambda", "ECS"].includes(platform)) {
      fail("InvalidComputePlatformException", `Invalid compute platform: ${platform}`);
    }
    const app: ApplicationRecord = {
      id: this.#random.uuid(),
      name,
      computePlatform: platform as ApplicationRecord["computePlatform"],
      createdAt: this.#clock.now(),
    };
    this.#applications.set(name, app);
    return { applicationId: app.id };
  }

  getApplication(input: Wire): Wire {
    const app = this.#application(input);
    return {
      application: {
        applicationId: app.id,
        applicationName: app.name,
        createTime: new Date(app.createdAt),
        linkedToGitHub: false,
        computePlatform: app.computePlatform,
      },
    };
  }

  listApplications(input: Wire): Wire {
    return page([...this.#applications.keys()].sort(), input, "applications");
  }

  createDeploymentGroup(input: Wire): Wire {
    const app = this.#application(input);
    const name = text(input, "deploymentGroupName", "DeploymentGroupNameRequiredException")!;
    if (this.#groups.has(`${app.name}/${name}`)) {
      fail(
        "DeploymentGroupAlreadyExistsException",
        `A deployment group named ${name} already exists for application ${app.name}.`,
      );
    }
    const group = readGroupInput(input, app, name, this.#random.uuid());
    const [target] = group.ecsServices;
    if (app.computePlatform === "ECS") {
      const service = this.#ecs.service(target!.clusterName, target!.serviceName);
      if (!service || service.status !== "ACTIVE") {
        fail(
          "InvalidECSServiceException",
          `Deployment group's ECS service ${target!.clusterName}:${target!.serviceName} ` +
            "does not exist",
        );
      }
      if (service.controller !== "CODE_DEPLOY") {
        fail(
          "InvalidECSServiceException",
          `Deployment group's ECS service ${target!.clusterName}:${target!.serviceName} ` +
            "must be configured for a CODE_DEPLOY deployment controller.",
        );
      }
      const key = `${target!.clusterName}:${target!.serviceName}`;
      if (!this.#taskSets.has(key) && service.taskDefinition) {
        const now = this.#clock.now();
        this.#taskSets.set(key, {
          id: `ecs-svc/${this.#random.digits(19)}`,
          arn: `${service.serviceArn.replace(":service/", ":task-set/")}/ecs-svc/` +
            this.#random.digits(19),
          label: "Blue",
          taskDefinition: service.taskDefinition,
          status: "PRIMARY",
          desiredCount: service.desiredCount,
          runningCount: service.desiredCount,
          pendingCount: 0,
          trafficWeight: 100,
          ...(targetGroups(group)[0] ? { targetGroup: targetGroups(group)[0]! } : {}),
          steady: true,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    this.#groups.set(`${app.name}/${name}`, group);
    return { deploymentGroupId: group.id };
  }

  listDeploymentGroups(input: Wire): Wire {
    const app = this.#application(input);
    const names = [...this.#groups.values()].filter((g) => g.application === app)
      .map((g) => g.name).sort();
    return { applicationName: app.name, ...page(names, input, "deploymentGroups") };
  }

  batchGetDeploymentGroups(input: Wire): Wire {
    const app = this.#application(input);
    const names = input.deploymentGroupNames;
    if (!Array.isArray(names) || names.length === 0) {
      fail("DeploymentGroupNameRequiredException", "Deployment group names are required");
    }
    if (names.length > 100) fail("BatchLimitExceededException", "The maximum number is 100");
    const found = names.map((n) => this.#groups.get(`${app.name}/${n}`));
    const missing = names.filter((_, i) => !found[i]);
    return {
      deploymentGroupsInfo: found.filter((g) => g !== undefined).map(groupToWire),
      ...(missing.length > 0
        ? { errorMessage: `Deployment groups not found: ${missing.join(", ")}` }
        : {}),
    };
  }

  getDeploymentGroup(input: Wire): Wire {
    return { deploymentGroupInfo: groupToWire(this.#group(input)) };
  }

  getDeploymentConfig(input: Wire): Wire {
    const name = text(input, "deploymentConfigName", "DeploymentConfigNameRequiredException")!;
    const routing = ECS_CONFIGS[name];
    if (!routing) {
      fail(
        "DeploymentConfigDoesNotExistException",
        `No deployment configuration found for name: ${name}`,
      );
    }
    return { deploymentConfigInfo: deploymentConfigToWire(name, routing) };
  }

  createDeployment(input: Wire): Wire {
    const group = this.#group(input);
    const configName = text(input, "deploymentConfigName") ?? group.deploymentConfigName;
    const routing = ECS_CONFIGS[configName];
    if (!routing) {
      fail(
        "DeploymentConfigDoesNotExistException",
        `No deployment configuration found for name: ${configName}`,
      );
    }
    const active = [...this.#deployments.values()].find((d) =>
      d.group === group && d.phase.kind !== "done"
    );
    if (active) {
      fail(
        "DeploymentLimitExceededException",
        `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
      );
    }
    const content = appSpecContent(input.revision);
    let appSpec;
    try {
      appSpec = parseEcsAppSpec(content);
    } catch (error) {
      fail("InvalidRevisionException", (error as Error).message);
    }
    const target = group.ecsServices[0]!;
    const key = `${target.clusterName}:${target.serviceName}`;
    const service = this.#ecs.service(target.clusterName, target.serviceName);
    const blue = this.#taskSets.get(key);
    if (!service || !blue) {
      fail("InvalidECSServiceException", `The ECS service ${key} does not exist`);
    }
    const images = this.#ecs.images(appSpec.taskDefinition);
    const now = this.#clock.now();
    const override = input.autoRollbackConfiguration as Wire | undefined;
    const autoRollback = override
      ? { enabled: override.enabled === true, events: (override.events as string[]) ?? [] }
      : group.autoRollback;
    const d: DeploymentRecord = {
      id: `d-${this.#random.alphanumeric(9).toUpperCase()}`,
      group,
      configName,
      routing,
      status: "Created",
      creator: "user",
      createTime: now,
      appSpecContent: content,
      ...(autoRollback ? { autoRollback } : {}),
      ...(group.blueGreen ? { blueGreen: group.blueGreen } : {}),
      cluster: target.clusterName,
      service: target.serviceName,
      serviceArn: service.serviceArn,
      taskDefinition: this.#ecs.taskDefinitionArn(appSpec.taskDefinition) ?? appSpec.taskDefinition,
      blueTaskDefinition: blue.taskDefinition,
      hooks: appSpec.hooks,
      ...(images === undefined
        ? { taskFailure: `ClientException: TaskDefinition not found: ${appSpec.taskDefinition}` }
        : taskFailureOf(images)
        ? { taskFailure: taskFailureOf(images)! }
        : {}),
      events: EVENTS.map((name) => ({ name, status: "Pending" as const })),
      phase: { kind: "done" },
      blue: { ...blue, label: "Blue", status: "PRIMARY", trafficWeight: 100 },
      instanceTerminationWaitTimeStarted: false,
      targetStatus: "Pending",
      updatedAt: now,
    };
    this.#deployments.set(d.id, d);
    startDeployment(d, now, this.#world);
    return { deploymentId: d.id };
  }

  getDeployment(input: Wire): Wire {
    return { deploymentInfo: deploymentToWire(this.#deployment(input)) };
  }

  getDeploymentTarget(input: Wire): Wire {
    const d = this.#deployment(input);
    const targetId = text(input, "targetId", "DeploymentTargetIdRequiredException")!;
    if (targetId !== `${d.cluster}:${d.service}`) {
      fail("DeploymentTargetDoesNotExistException", `The target ID ${targetId} does not exist`);
    }
    return { deploymentTarget: targetToWire(d) };
  }

  listDeploymentTargets(input: Wire): Wire {
    const d = this.#deployment(input);
    return { targetIds: [`${d.cluster}:${d.service}`] };
  }

  batchGetDeploymentTargets(input: Wire): Wire {
    const d = this.#deployment(input);
    const ids = input.targetIds;
    if (!Array.isArray(ids) || ids.length === 0) {
      fail("DeploymentTargetIdRequiredException", "Target IDs are required");
    }
    if (ids.length > 25) fail("DeploymentTargetListSizeExceededException", "At most 25 targets");
    for (const id of ids) {
      if (id !== `${d.cluster}:${d.service}`) {
        fail("DeploymentTargetDoesNotExistException", `The target ID ${id} does not exist`);
      }
    }
    return { deploymentTargets: ids.map(() => targetToWire(d)) };
  }

  continueDeployment(input: Wire): Wire {
    const d = this.#deployment(input);
    const waitType = text(input, "deploymentWaitType") ?? "READY_WAIT";
    if (!["READY_WAIT", "TERMINATION_WAIT"].includes(waitType)) {
      fail("InvalidDeploymentWaitTypeException", `Invalid deployment wait type: ${waitType}`);
    }
    if (d.phase.kind === "done") {
      fail("DeploymentAlreadyCompletedException", `The deployment ${d.id} has already completed.`);
    }
    const now = this.#clock.now();
    if (waitType === "READY_WAIT") {
      if (d.phase.kind !== "ready") {
        fail(
          "DeploymentIsNotInReadyStateException",
          `The deployment ${d.id} is not in a ready state.`,
        );
      }
      continueFromReady(d, now, this.#world);
    } else {
      if (d.phase.kind !== "termination") {
        fail(
          "InvalidDeploymentStatusException",
          `The deployment ${d.id} is not waiting to terminate the original task set.`,
        );
      }
      skipTerminationWait(d, now, this.#world);
    }
    return {};
  }

  stopDeployment(input: Wire): Wire {
    const d = this.#deployment(input);
    if (d.phase.kind === "done") {
      fail("DeploymentAlreadyCompletedException", `The deployment ${d.id} has already completed.`);
    }
    const rollBack = input.autoRollbackEnabled === true;
    stopDeployment(d, this.#clock.now(), this.#world, rollBack);
    return rollBack
      ? {
        status: "Pending",
        statusMessage: "Stopping pending. Stopping and rolling back the deployment.",
      }
      : { status: "Succeeded", statusMessage: "Deployment stopped." };
  }

  #application(input: Wire): ApplicationRecord {
    const name = text(input, "applicationName", "ApplicationNameRequiredException")!;
    return this.#applications.get(name) ??
      fail("ApplicationDoesNotExistException", `No application found for name: ${name}`);
  }

  #group(input: Wire): GroupRecord {
    const app = this.#application(input);
    const name = text(input, "deploymentGroupName", "DeploymentGroupNameRequiredException")!;
    return this.#groups.get(`${app.name}/${name}`) ??
      fail(
        "DeploymentGroupDoesNotExistException",
        `No Deployment Group found for name: ${name}`,
      );
  }

  #deployment(input: Wire): DeploymentRecord {
    const id = text(input, "deploymentId", "DeploymentIdRequiredException")!;
    if (!DEPLOYMENT_ID.test(id)) {
      fail(
        "InvalidDeploymentIdException",
        `Specified DeploymentId is not in the valid format: ${id}`,
      );
    }
    return this.#deployments.get(id) ??
      fail("DeploymentDoesNotExistException", `The deployment ${id} could not be found.`);
  }

  #startRollback(d: DeploymentRecord, now: number): string {
    const id = `d-${this.#random.alphanumeric(9).toUpperCase()}`;
    const back: DeploymentRecord = {
      ...d,
      id,
      creator: "codeDeployRollback",
      status: "InProgress",
      createTime: now,
      startTime: now,
      taskDefinition: d.blueTaskDefinition,
      hooks: {},
      events: EVENTS.map((name) => ({ name, status: "Skipped" as const })),
      phase: { kind: "rollback", until: now + this.#timings.lifecycleStageMs },
      blue: { ...d.blue, trafficWeight: 100 },
      rollbackInfo: { rollbackTriggeringDeploymentId: d.id },
      targetStatus: "InProgress",
      instanceTerminationWaitTimeStarted: false,
      updatedAt: now,
    };
    delete back.green;
    delete back.errorInformation;
    delete back.completeTime;
    delete back.taskFailure;
    this.#deployments.set(id, back);
    return id;
  }

  /** What DescribeServices shows as each CodeDeploy service's `taskSets[]`. */
  #publishTaskSets(): void {
    const live = new Map<string, DeploymentRecord>();
    for (const d of this.#deployments.values()) {
      if (d.phase.kind !== "done" && d.creator === "user") live.set(`${d.cluster}:${d.service}`, d);
    }
    for (const [key, primary] of this.#taskSets) {
      const [cluster, serviceName] = [
        key.slice(0, key.indexOf(":")),
        key.slice(key.indexOf(":") + 1),
      ];
      const service = this.#ecs.service(cluster, serviceName);
      if (!service) continue;
      const d = live.get(key);
      const sets = d ? [d.blue, ...(d.green ? [d.green] : [])] : [primary];
      const lb = service.loadBalancers;
      this.#ecs.setTaskSets(
        cluster,
        serviceName,
        sets.map((s) =>
          taskSetToEcsWire(s, {
            serviceArn: service.serviceArn,
            clusterArn: service.clusterArn,
            ...(s.label === "Green" && d ? { externalId: d.id } : {}),
            ...(service.launchType ? { launchType: service.launchType } : {}),
            ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
            ...(service.networkConfiguration
              ? { networkConfiguration: service.networkConfiguration }
              : {}),
            loadBalancers: lb,
          })
        ),
      );
    }
  }
}

const OPERATION_NAMES = {
  CreateApplication: "createApplication",
  GetApplication: "getApplication",
  ListApplications: "listApplications",
  CreateDeploymentGroup: "createDeploymentGroup",
  ListDeploymentGroups: "listDeploymentGroups",
  BatchGetDeploymentGroups: "batchGetDeploymentGroups",
  GetDeploymentGroup: "getDeploymentGroup",
  GetDeploymentConfig: "getDeploymentConfig",
  CreateDeployment: "createDeployment",
  GetDeployment: "getDeployment",
  GetDeploymentTarget: "getDeploymentTarget",
  ListDeploymentTargets: "listDeploymentTargets",
  BatchGetDeploymentTargets: "batchGetDeploymentTargets",
  ContinueDeployment: "continueDeployment",
  StopDeployment: "stopDeployment",
} as const satisfies Record<string, keyof SimulatedCodeDeploy>;

function targetGroups(group: GroupRecord): string[] {
  const pairs = group.loadBalancerInfo?.targetGroupPairInfoList as Wire[] | undefined;
  const groups = (pairs?.[0]?.targetGroups as Wire[] | undefined) ?? [];
  return groups.map((g) => String(g.name));
}

function appSpecContent(revision: unknown): string {
  const r = revision as Wire | undefined;
  if (!r) fail("RevisionRequiredException", "Revision is required");
  const type = r.revisionType;
  const content = type === "AppSpecContent"
    ? (r.appSpecContent as Wire | undefined)?.content
    : type === "String"
    ? (r.string as Wire | undefined)?.content
    : undefined;
  if (typeof content !== "string" || content === "") {
    fail(
      "InvalidRevisionException",
      "An ECS deployment needs an AppSpecContent or String revision with content",
    );
  }
  return content;
}

function page(items: string[], input: Wire, member: string): Wire {
  const start = typeof input.nextToken === "string" ? Number(input.nextToken) : 0;
  if (!Number.isInteger(start) || start < 0) fail("InvalidNextTokenException", "Invalid token");
  const slice = items.slice(start, start + 100);
  return start + 100 < items.length
    ? { [member]: slice, nextToken: String(start + 100) }
    : { [member]: slice };
}
