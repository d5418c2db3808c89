/**
 * A deployment strategy: how one observation of our deployment is judged, and what an
 * observation reads. Chosen once per deploy, from the service's data ({@linkcode strategyOf});
 * the watch asks it and never branches on the strategy itself.
 *
 * @module
 */
import type { DeploymentStrategyName, Service, ServiceDeployment } from "../../ecs/types.ts";
import type { TrackedDeployment, Verdict, WatchMemory } from "../judge_deployment.ts";

/** One look at our deployment. */
export interface Observation {
  service: Service;
  /** Our ServiceDeployment, where the strategy reads it and the deployment APIs answer. */
  serviceDeployment?: ServiceDeployment;
}

export interface DeploymentStrategy {
  readonly name: DeploymentStrategyName;
  /** Whether each look also reads our ServiceDeployment, because its status decides. */
  readonly readsServiceDeployment: boolean;
  judge(
    observation: Observation,
    tracked: TrackedDeployment,
    memory: WatchMemory,
  ): { verdict: Verdict; memory: WatchMemory };
  /**
   * Whether ECS is moving the deployment on by the clock (a bake, a hook at work or awaiting
   * approval), which is progress even when nothing else changes: it never counts as a stall.
   */
  advancesByItself(observation: Observation): boolean;
}
