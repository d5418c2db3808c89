import type { CodeDeployEvent } from "../codedeploy/codedeploy_client.ts";
import type { LifecycleStage } from "../ecs/types.ts";
import type { EditRequest } from "./plan/edits/edit_request.ts";

/** Where `--wait-until` may end a watch: an ECS lifecycle stage or a CodeDeploy event. */
export type WaitStage = LifecycleStage | CodeDeployEvent;

/** What the user asked for, after the CLI has parsed and validated its flags. */
export interface DeployRequest {
  cluster: string;
  /** The service to deploy; without it, only a new revision of `taskDefinition` is registered. */
  service?: string;
  /** A family, `family:revision` or ARN to base the new revision on instead of the service's. */
  taskDefinition?: string;
  /** `-i`: images replacing every container image of the same repository. */
  images: string[];
  /** `-l`: images for single named containers. */
  containerImages: { container: string; image: string }[];
  /** `--tag`: a new tag for every container image. */
  tag?: string;
  /** Edits of the copy besides images: environment, secrets, command, sizes, roles, labels. */
  edits?: EditRequest;
  forceNewDeployment: boolean;
  desiredCount?: number;
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  /** One deadline for the whole wait, in milliseconds. */
  timeoutMs: number;
  wait: boolean;
  dryRun: boolean;
  /**
   * Deploy exactly this registered revision (an ARN) instead of registering a new one, as
   * `rollback` does. Needs `service`; image changes cannot go with it.
   */
  targetTaskDefinitionArn?: string;
  /**
   * `--revision`: deploy this registered revision as it is, a revision number of the running
   * family, `family:revision` or an ARN; the engine resolves it to `targetTaskDefinitionArn`.
   */
  revision?: string;
  /**
   * Read why a deployment that did not succeed failed; true unless given. A rollback's own run
   * says no: the deploy it undoes reports, and its wait need not keep time for a diagnosis.
   */
  diagnose?: boolean;
  /** Roll back to the previous revision when ours fails or times out (`--rollback`). */
  rollback?: boolean;
  /** What SIGINT/SIGTERM while waiting does besides stopping the wait (`--on-cancel`). */
  onCancel?: "stop" | "rollback";
  /**
   * What a PAUSE lifecycle hook awaiting approval does to the wait: keep waiting (the default),
   * or end with outcome `paused` (`--on-pause exit`), so a pipeline can hand over to approval.
   */
  onPause?: "wait" | "exit";
  /** End with `succeeded` once the deployment reaches this lifecycle stage (`--wait-until`). */
  waitUntilStage?: WaitStage;
  /** Give up early when nothing has progressed for this long (`--stall-timeout`). */
  stallTimeoutMs?: number;
  /** When another deployment is in progress: refuse, wait for it, or deploy anyway. */
  whenBusy?: "refuse" | "wait" | "force";
  /** After success, keep only this many ACTIVE revisions of the family (`--keep-revisions`). */
  keepRevisions?: number;
  /**
   * Revisions that pruning never deregisters: those the other services of a group run or deploy
   * (in any cluster), which this service's cluster does not show.
   */
  keepAlso?: string[];
  /**
   * `--run-before`: commands run one after the other as one-off tasks of the new revision
   * (network from the service) before the service is touched; the deploy goes on only when
   * every one succeeded.
   */
  runBefore?: string[][];
  /** Register every tagged image pinned to its digest, and verify the tasks run it. */
  pinDigests?: boolean;
  /** Resolve the tags' digests at plan time and verify the tasks run them. */
  verifyDigests?: boolean;
  /** For a service of the CODE_DEPLOY controller: how its CodeDeploy deployment is made. */
  codeDeploy?: CodeDeployRequest;
}

/** The `--codedeploy-*` and `--appspec*` flags. */
export interface CodeDeployRequest {
  application?: string;
  deploymentGroup?: string;
  /** Overrides the group's deployment config. */
  deploymentConfig?: string;
  /** `--appspec-hooks EVENT=FUNCTION`, in order. */
  hooks?: { event: string; function: string }[];
  /** `--appspec FILE`: its path (for messages) and content; our revision replaces its TaskDefinition. */
  appSpec?: { path: string; content: string };
}
