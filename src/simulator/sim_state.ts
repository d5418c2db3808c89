/**
 * The simulator's whole state and its notion of time. Time is lazy: `advanceTo(t)` runs every
 * scheduled transition up to `t` in time order, re-running the service scheduler after each,
 * so whoever looks at the state at `t` sees what ECS would show at that moment.
 */
import type { Clock } from "../clock.ts";
import { SeededRandom } from "./seeded_random.ts";
import type {
  ClusterRecord,
  DeploymentFinishedEvent,
  FamilyRecord,
  ServiceRecord,
  TaskRecord,
} from "./sim_records.ts";
import type { SimStep } from "./sim_steps.ts";
import { StepQueue } from "./step_queue.ts";
import { LogStore } from "./log_store.ts";
import type { SimulatedTimings } from "./timings.ts";

/** Re-runs the scheduler of one service (set by the simulator to `reconcileService`). */
export type Reconciler = (state: SimState, service: ServiceRecord) => void;
/** Carries out one scheduled step (set by the simulator to `runStep`). */
export type StepRunner = (state: SimState, step: SimStep) => void;

export class SimState {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly timings: SimulatedTimings;
  readonly random: SeededRandom;
  /** The simulated time, ms since the epoch: never ahead of the clock. */
  now: number;
  readonly clusters = new Map<string, ClusterRecord>();
  readonly families = new Map<string, FamilyRecord>();
  readonly listeners: ((event: DeploymentFinishedEvent) => void)[] = [];
  /** CloudWatch alarm states a test set (SimulatedEcs.setAlarmState); absent means OK. */
  readonly alarmStates = new Map<string, "ALARM" | "OK">();
  /** What containers wrote to CloudWatch Logs (the awslogs driver); not in snapshots. */
  readonly logs = new LogStore();
  /** RunTask client tokens and the tasks their first request started (not in snapshots). */
  readonly runTaskTokens = new Map<string, TaskRecord[]>();
  /**
   * The digest a registry gives an image when a task starts (the simulated ECR's), or undefined
   * when no registry of the simulation knows it.
   */
  imageDigestOf: (image: string) => string | undefined = () => undefined;
  #queue = new StepQueue<SimStep>();
  #dirty = new Set<ServiceRecord>();
  #reconciler: Reconciler;
  #runStep: StepRunner;

  constructor(options: {
    clock: Clock;
    region: string;
    accountId: string;
    timings: SimulatedTimings;
    /** The seed of the id generator, or the generator's state saved by a snapshot. */
    seed: number;
    reconciler: Reconciler;
    runStep: StepRunner;
  }) {
    this.clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.timings = options.timings;
    this.random = new SeededRandom(options.seed);
    this.now = options.clock.now();
    this.#reconciler = options.reconciler;
    this.#runStep = options.runStep;
  }

  /** `arn:aws:ecs:<region>:<account>:<resource>` */
  arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
  }

  /** Runs `step` at simulated time `at` (or at once, on the next advance, if `at` is past). */
  schedule(at: number, step: SimStep): void {
    this.#queue.push(Math.max(at, this.now), step);
  }

  /** Every scheduled step, in the order they will run (for snapshots). */
  scheduled(): { at: number; item: SimStep }[] {
    return this.#queue.ordered();
  }

  /** Asks for the scheduler of `service` to run before anyone looks at the state again. */
  markDirty(service: ServiceRecord): void {
    this.#dirty.add(service);
  }

  /** Re-runs the scheduler of `service` at `at`. */
  wakeAt(service: ServiceRecord, at: number): void {
    if (service.wakeups.has(at)) return;
    service.wakeups.add(at);
    this.schedule(at, { kind: "wake", service, at });
  }

  /** Runs every transition due up to `time`, in order, then settles the schedulers. */
  advanceTo(time: number): void {
    this.flush();
    for (;;) {
      const next = this.#queue.peekTime();
      if (next === undefined || next > time) break;
      // Everything due at the same moment happens before the scheduler looks (one ECS tick).
      this.now = Math.max(this.now, next);
      while (this.#queue.peekTime() === next) this.#runStep(this, this.#queue.pop()!.item);
      this.flush();
    }
    this.now = Math.max(this.now, time);
    this.flush();
  }

  /** Runs the scheduler of every service marked dirty until nothing changes any more. */
  flush(): void {
    for (let round = 0; this.#dirty.size > 0; round++) {
      if (round > 1000) throw new Error("Simulated ECS scheduler did not settle");
      const services = [...this.#dirty];
      this.#dirty.clear();
      for (const service of services) this.#reconciler(this, service);
    }
  }

  emitFinished(event: DeploymentFinishedEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** The tasks of a service that are not STOPPED yet, in creation order. */
  tasksOf(service: ServiceRecord): TaskRecord[] {
    return [...service.liveTasks];
  }
}
