/**
 * A simulated Amazon ECS: one in-memory state machine of clusters, task definitions, services,
 * deployments, tasks, service events and service deployments whose rollouts advance on an
 * injected clock. `call(operation, input)` takes the decoded JSON input of an ECS operation and
 * returns its wire-shaped output (timestamps as Dates) or throws `EcsApiError` with ECS's error
 * type and message; the HTTP emulator and `SimulatedEcsClient` both go through it.
 *
 * Time is lazy: every call first runs all transitions due up to `clock.now()`, so on a fake
 * clock a caller that sleeps and polls sees exactly what ECS would show at that moment.
 *
 * Failures are chosen by the image tag of a container (the tag equals the keyword or starts
 * with `keyword-`): `fail-pull` never starts (STOPPED, TaskFailedToStart, CannotPullContainerError),
 * `crash` runs then its essential container exits 1, `unhealthy` runs but fails its health
 * checks, `flaky` becomes healthy then its essential container exits 1, `slow` takes
 * `timings.slowStartMs` to start. Services replace failed tasks (with a doubling back-off) and
 * count them in `failedTasks`; the deployment circuit breaker trips at its threshold (by default
 * half the desired count, 3..200; `thresholdConfiguration` and `resetOnHealthyTask` as
 * `rolling_config.ts` reads them) and rolls back to the last COMPLETED deployment when asked.
 * Deployment alarms (`deploymentConfiguration.alarms`) are CloudWatch alarms a test sets with
 * `setAlarmState(name, "ALARM" | "OK")`, or through `cloudwatch` (CloudWatch's SetAlarmState; all
 * OK until then; not part of snapshots): one in ALARM fails the IN_PROGRESS deployment that names
 * it, of any strategy, like the breaker.
 *
 * `deploymentConfiguration.strategy` BLUE_GREEN, LINEAR and CANARY (ECS controller) walk the
 * lifecycle stages of their ServiceDeployment with traffic weights, bakes and lifecycle hooks
 * (`blue_green_lifecycle.ts`, where the hook keywords of Lambda function names are listed).
 */
import type { Clock } from "../clock.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";
import { createCluster, deleteCluster, describeClusters, listClusters } from "./cluster_ops.ts";
import { reconcileService } from "./service_scheduler.ts";
import {
  createService,
  deleteService,
  describeServices,
  listServices,
  updateService,
} from "./service_ops.ts";
import {
  continueServiceDeployment,
  describeServiceDeployments,
  describeServiceRevisions,
  listServiceDeployments,
  stopServiceDeployment,
} from "./service_deployment_ops.ts";
import type { DeploymentFinishedEvent, Wire } from "./sim_records.ts";
import { parseSimSnapshot, restoreState, type SimSnapshot, snapshotState } from "./sim_snapshot.ts";
import { SimState } from "./sim_state.ts";
import { SimulatedEcr } from "./simulated_ecr.ts";
import { SimulatedCloudWatch } from "./simulated_cloudwatch.ts";
import { runStep } from "./sim_steps.ts";
import { listTagsForResource, tagResource, untagResource } from "./tag_ops.ts";
import { type TaskSetBridge, taskSetBridge } from "./task_set_bridge.ts";
import {
  deleteTaskDefinitions,
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitionFamilies,
  listTaskDefinitions,
  registerTaskDefinition,
} from "./task_definition_ops.ts";
import { describeTasks, listTasks, runTask, stopTask } from "./task_ops.ts";
import { SimulatedLogs } from "./simulated_logs.ts";
import { defaultTimings, type SimulatedTimings } from "./timings.ts";

export type { DeploymentFinishedEvent } from "./sim_records.ts";
export type { SimSnapshot } from "./sim_snapshot.ts";
export { defaultTimings, fastTimings, type SimulatedTimings } from "./timings.ts";

type Operation = (state: SimState, input: Wire) => Wire;

const OPERATIONS: Record<string, Operation> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DeleteTaskDefinitions: deleteTaskDefinitions,
  ListTaskDefinitions: listTaskDefinitions,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  CreateService: createService,
  UpdateService: updateService,
  DescribeServices: describeServices,
  ListServices: listServices,
  DeleteService: deleteService,
  ListTasks: listTasks,
  DescribeTasks: describeTasks,
  RunTask: runTask,
  StopTask: stopTask,
  ListServiceDeployments: listServiceDeployments,
  DescribeServiceDeployments: describeServiceDeployments,
  StopServiceDeployment: stopServiceDeployment,
  ContinueServiceDeployment: continueServiceDeployment,
  DescribeServiceRevisions: describeServiceRevisions,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

export interface SimulatedEcsOptions {
  clock: Clock;
  /** Default "us-east-1". */
  region?: string;
  /** Default "123456789012". */
  accountId?: string;
  /** Overrides of `defaultTimings`. */
  timings?: Partial<SimulatedTimings>;
  /** Seed of the id generator (default 1): same seed, same ids. */
  seed?: number;
  /**
   * Starts from this snapshot (parsed JSON of `snapshot()`) instead of empty; its region,
   * account and id generator win over the options. Throws `Error` saying why it cannot.
   */
  snapshot?: unknown;
}

export class SimulatedEcs {
  readonly #state: SimState;
  /** Run before each call, after ECS has advanced: other simulated services catch up too. */
  readonly #beforeCalls: (() => void)[] = [];
  /** CloudWatch Logs over what this ECS's containers write with the awslogs driver. */
  readonly logs: SimulatedLogs;
  /**
   * The simulated ECR of the same account and region (not part of snapshots): tasks report the
   * digest it gives their images when they start.
   */
  readonly ecr: SimulatedEcr;
  /** CloudWatch's SetAlarmState and DescribeAlarms for this world's deployment alarms. */
  readonly cloudwatch: SimulatedCloudWatch;

  constructor(options: SimulatedEcsOptions) {
    const restored = options.snapshot === undefined
      ? undefined
      : parseSimSnapshot(options.snapshot);
    this.#state = new SimState({
      clock: options.clock,
      region: restored?.region ?? options.region ?? "us-east-1",
      accountId: restored?.accountId ?? options.accountId ?? "123456789012",
      timings: { ...defaultTimings, ...options.timings },
      seed: restored?.random ?? options.seed ?? 1,
      reconciler: reconcileService,
      runStep,
    });
    if (restored) restoreState(this.#state, restored);
    this.logs = new SimulatedLogs(this.#state.logs, () => this.advance(), this.#state);
    this.ecr = new SimulatedEcr({
      clock: options.clock,
      accountId: this.#state.accountId,
      region: this.#state.region,
    });
    this.#state.imageDigestOf = (image) => this.ecr.digestOf(image);
    this.cloudwatch = new SimulatedCloudWatch(this, options.clock);
  }

  /**
   * The whole state at `clock.now()` as JSON-ready data (versioned; see `sim_snapshot.ts`);
   * `new SimulatedEcs({ clock, snapshot })` goes on from it.
   */
  snapshot(): SimSnapshot {
    this.advance();
    return snapshotState(this.#state);
  }

  get region(): string {
    return this.#state.region;
  }

  get accountId(): string {
    return this.#state.accountId;
  }

  /** The timings in effect. */
  get timings(): SimulatedTimings {
    return { ...this.#state.timings };
  }

  /** The operations `call` understands. */
  static get operations(): string[] {
    return Object.keys(OPERATIONS);
  }

  /**
   * Runs ECS operation `operation` (e.g. "DescribeServices") on decoded wire JSON `input` after
   * advancing to `clock.now()`. Rejects with `EcsApiError` as ECS would.
   */
  call(operation: string, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    try {
      return Promise.resolve(this.callSync(operation, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `call` without the promise. */
  callSync(operation: string, input: Record<string, unknown> = {}): Record<string, unknown> {
    const op = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!op) {
      throw new EcsApiError(
        "UnknownOperationException",
        `Operation ${operation} is not supported by the simulated ECS`,
      );
    }
    this.advance();
    for (const catchUp of this.#beforeCalls) catchUp();
    return op(this.#state, input ?? {});
  }

  /** Runs every transition due up to `clock.now()` (calls do this themselves). */
  advance(): void {
    this.#state.advanceTo(this.#state.clock.now());
  }

  /**
   * Calls `listener` whenever a deployment reaches its outcome: COMPLETED, FAILED (circuit
   * breaker without rollback, or a failed rollback), ROLLED_BACK (when the rollback finished),
   * SUPERSEDED (when a newer deployment replaced it unfinished). `at` is the clock time of the
   * transition, even when it is processed later (time is lazy). Returns an unsubscribe function.
   */
  onDeploymentFinished(listener: (event: DeploymentFinishedEvent) => void): () => void {
    this.#state.listeners.push(listener);
    return () => {
      const i = this.#state.listeners.indexOf(listener);
      if (i >= 0) this.#state.listeners.splice(i, 1);
    };
  }

  /**
   * Sets the state of CloudWatch alarm `name` as deployment alarms see it (every alarm is OK
   * until set). An IN_PROGRESS deployment whose enabled `deploymentConfiguration.alarms` names
   * an alarm in ALARM fails at once (and rolls back when `alarms.rollback` is true), as do
   * deployments that start while it is in ALARM.
   */
  setAlarmState(name: string, alarmState: "ALARM" | "OK"): void {
    this.advance();
    this.#state.alarmStates.set(name, alarmState);
    for (const cluster of this.#state.clusters.values()) {
      for (const service of cluster.services.values()) this.#state.markDirty(service);
    }
    this.#state.flush();
  }

  /** What the simulated CodeDeploy sees and does of this ECS (see `task_set_bridge.ts`). */
  taskSetBridge(): TaskSetBridge {
    return taskSetBridge(
      this.#state,
      () => this.advance(),
      (catchUp) => this.#beforeCalls.push(catchUp),
    );
  }

  /** The service deployment ARN of a `deployments[]` id (the first one that used the id). */
  serviceDeploymentArnOf(deploymentId: string): string | undefined {
    for (const cluster of this.#state.clusters.values()) {
      for (const service of cluster.services.values()) {
        const sd = service.serviceDeployments.findLast((sd) => sd.deployment.id === deploymentId);
        if (sd) return sd.arn;
      }
    }
    return undefined;
  }
}
