/**
 * A snapshot of the simulator's whole state as versioned JSON, and its restore: clusters, task
 * definitions, services with their deployments, events, service deployments and revisions,
 * tasks, the id generator's position and the scheduled steps, so that a restored simulator
 * carries on rollouts in progress exactly as the original would have.
 *
 * The records point at each other (a task at its service and deployment, a service deployment
 * at its service), so they are written with `graph_json.ts`, which keeps those references.
 *
 * @module
 */
import { decodeGraph, encodeGraph, type Json } from "./graph_json.ts";
import type { ClusterRecord, FamilyRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import type { SimStep } from "./sim_steps.ts";
import { taskTransitions } from "./task_lifecycle.ts";

/** What the `format` member of every snapshot says. */
export const SIM_SNAPSHOT_FORMAT = "ecs-deploy-emulator-state";
/** The snapshot layout this code writes and reads; bumped on any incompatible change. */
export const SIM_SNAPSHOT_VERSION = 1;

/** A snapshot as written to JSON. */
export interface SimSnapshot {
  format: typeof SIM_SNAPSHOT_FORMAT;
  version: typeof SIM_SNAPSHOT_VERSION;
  region: string;
  accountId: string;
  /** The simulated time of the snapshot, ms since the epoch. */
  now: number;
  /** The same time, for people reading the file. */
  time: string;
  /** The id generator's position. */
  random: number;
  /** `{ clusters, families, steps }`, encoded by `encodeGraph`. */
  state: Json;
}

/** A snapshot checked and decoded, ready to restore. */
export interface RestorableSnapshot {
  region: string;
  accountId: string;
  now: number;
  random: number;
  clusters: Map<string, ClusterRecord>;
  families: Map<string, FamilyRecord>;
  steps: { at: number; item: SimStep }[];
}

/** Takes a snapshot of `state` as it is (the caller advances it first). */
export function snapshotState(state: SimState): SimSnapshot {
  return {
    format: SIM_SNAPSHOT_FORMAT,
    version: SIM_SNAPSHOT_VERSION,
    region: state.region,
    accountId: state.accountId,
    now: state.now,
    time: new Date(state.now).toISOString(),
    random: state.random.state,
    state: encodeGraph({
      clusters: state.clusters,
      families: state.families,
      steps: state.scheduled(),
    }),
  };
}

const STEP_KINDS = new Set<string>([
  "wake",
  "forget-service",
  "start-rollback",
  ...Object.keys(taskTransitions),
]);

/**
 * Checks that `data` (parsed JSON) is a snapshot this code can restore and decodes it.
 * @throws {Error} saying what is wrong: not a snapshot, an unknown version, a broken layout
 */
export function parseSimSnapshot(data: unknown): RestorableSnapshot {
  const o = data as Partial<Record<keyof SimSnapshot, unknown>> | null;
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new Error("not an emulator state: expected a JSON object");
  }
  if (o.format !== SIM_SNAPSHOT_FORMAT) {
    throw new Error(
      `not an emulator state: "format" is ${JSON.stringify(o.format)}, expected ` +
        `"${SIM_SNAPSHOT_FORMAT}"`,
    );
  }
  if (o.version !== SIM_SNAPSHOT_VERSION) {
    throw new Error(
      `format version ${JSON.stringify(o.version)} is not supported: this ecs-deploy reads ` +
        `version ${SIM_SNAPSHOT_VERSION}`,
    );
  }
  const need = <T>(value: unknown, name: string, ok: (v: unknown) => boolean): T => {
    if (!ok(value)) throw new Error(`broken emulator state: bad or missing "${name}"`);
    return value as T;
  };
  const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  const isString = (v: unknown) => typeof v === "string" && v !== "";
  let decoded: unknown;
  try {
    decoded = decodeGraph(o.state);
  } catch (error) {
    throw new Error(`broken emulator state: ${(error as Error).message}`, { cause: error });
  }
  const state = need<{ clusters: unknown; families: unknown; steps: unknown }>(
    decoded,
    "state",
    (v) => typeof v === "object" && v !== null,
  );
  const steps = need<{ at: unknown; item: { kind?: unknown } | null }[]>(
    state.steps,
    "state.steps",
    Array.isArray,
  );
  for (const step of steps) {
    need(step?.at, "state.steps[].at", isNumber);
    need(step?.item?.kind, "state.steps[].item.kind", (k) => STEP_KINDS.has(String(k)));
  }
  return {
    region: need(o.region, "region", isString),
    accountId: need(o.accountId, "accountId", isString),
    now: need(o.now, "now", isNumber),
    random: need(o.random, "random", isNumber),
    clusters: need(state.clusters, "state.clusters", (v) => v instanceof Map),
    families: need(state.families, "state.families", (v) => v instanceof Map),
    steps: steps as { at: number; item: SimStep }[],
  };
}

/**
 * Puts a decoded snapshot into `state`, a fresh state made with the snapshot's region, account
 * and `random` as seed. The simulated time goes back to the snapshot's; the next advance runs
 * whatever fell due since, so a rollout goes on as if the simulator had never stopped.
 */
export function restoreState(state: SimState, snapshot: RestorableSnapshot): void {
  for (const [name, cluster] of snapshot.clusters) state.clusters.set(name, cluster);
  for (const [name, family] of snapshot.families) state.families.set(name, family);
  state.now = snapshot.now;
  for (const step of snapshot.steps) state.schedule(step.at, step.item);
}
