import type { ImageChange } from "./plan/change_images.ts";
import type { Diagnosis } from "./diagnose/diagnose_deployment.ts";
import type { StageProgress } from "./watch/judge_deployment.ts";
import type { Outcome } from "./outcome.ts";
import type { NextSteps } from "./commands/next_steps.ts";
import type { DeployPlan } from "./plan/plan_deploy.ts";
import type { ImageDigest } from "./plan/resolve_digests.ts";
import type { DigestVerification } from "./watch/verify_digests.ts";

/** One entry of a service's deployments, as progress reports show it. */
export interface DeploymentSnapshot {
  id: string;
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  rolloutState?: string;
  /** True for the deployment this deploy started. */
  ours: boolean;
}

/** What the engine reports while it works; reporters render these. */
export type DeployEvent =
  | { type: "planned"; plan: DeployPlan }
  | {
    type: "registered";
    taskDefinitionArn: string;
    /** Its answer was lost; the revision was found registered instead of registered again. */
    foundAfterLostAnswer?: boolean;
  }
  | {
    type: "service_updated";
    /** Set where another service started the deployment: `CodeDeploy application "..." ...`. */
    via?: string;
    taskDefinitionArn: string;
    deploymentId: string;
    serviceDeploymentArn?: string;
    /** Its answer was lost; the service was read and found updated. */
    foundAfterLostAnswer?: boolean;
  }
  | {
    type: "progress";
    /** `settled` on the observation that decided the outcome; `paused` while a hook awaits. */
    phase: "deploying" | "rolling_back" | "paused" | "settled";
    deployments: DeploymentSnapshot[];
    /** The lifecycle stage, traffic split and hook of a blue/green, linear or canary deployment. */
    stage?: StageProgress;
    /**
     * A stage that ends at a known time (a bake, a canary's or linear step's wait), for the live
     * view's countdown. Rolling deployments have none; strategies with stages set it.
     */
    countdown?: { label: string; endsAt: Date };
  }
  | { type: "service_event"; at: Date; message: string }
  | { type: "retrying"; operation: string; error: string; delayMs: number }
  | { type: "waiting_for_idle"; deploymentId: string; taskDefinitionArn: string }
  | { type: "rollback_started"; reason: string; taskDefinitionArn: string }
  | {
    type: "hook_answered";
    serviceDeploymentArn: string;
    hookId: string;
    action: "CONTINUE" | "ROLLBACK";
  }
  | {
    type: "pruned";
    deregistered: string[];
    /** Old revisions kept because services still use them, and which. */
    kept: string[];
    failed: string[];
  }
  | { type: "interrupted"; registeredTaskDefinitionArn: string }
  | {
    type: "task_started";
    taskArn: string;
    taskDefinitionArn: string;
    container: string;
    command: string[] | null;
  }
  | { type: "task_status"; taskArn: string; lastStatus: string; desiredStatus: string }
  | { type: "task_log"; taskArn: string; container: string; timestamp: number; message: string }
  | { type: "task_stopping"; taskArn: string; reason: string }
  | { type: "logs_unavailable"; taskArn: string; reason: string }
  | {
    type: "finished";
    result: DeployResult;
    /** The error that ended the run, causes attached, for `-v` to print; not in the JSON. */
    error?: unknown;
    /**
     * Where the run stopped and the commands to go on with, for the text output to print with
     * the user's connection flags; not in the JSON, whose `reason` has the commands without.
     */
    next?: NextSteps;
  };

/** How one one-off task (`run`, `deploy --run-before`) ended. */
export interface OneOffTaskResult {
  /** The command it ran, or null for the container's own. */
  command: string[] | null;
  container: string;
  taskDefinitionArn: string;
  /** Null when ECS started no task (it could not place it). */
  taskArn: string | null;
  outcome: Outcome;
  reason: string;
  /** The exit code of the essential container that decided, where ECS reported one. */
  exitCode: number | null;
  lastStatus: string | null;
  stopCode: string | null;
  stoppedReason: string | null;
  containers: { name: string; exitCode?: number; reason?: string }[];
  /** The last lines the task's awslogs containers wrote (at most 20), as read. */
  logTail: string[];
  /** True when ecs-deploy stopped it (at the deadline); false when it goes on or ended. */
  stoppedByUs: boolean;
}

/** The end of a deploy, as the JSON result line and the exit code report it. */
export interface DeployResult {
  outcome: Outcome;
  exitCode: number;
  cluster: string;
  service: string | null;
  taskDefinitionArn: string | null;
  previousTaskDefinitionArn: string | null;
  deploymentId: string | null;
  serviceDeploymentArn: string | null;
  /** One line saying why the deploy ended this way. */
  reason: string;
  imageChanges: ImageChange[];
  durationMs: number;
  /** Why it failed, rolled back or timed out: stopped tasks, circuit breaker, events. */
  diagnosis?: Diagnosis;
  /** The rollback `--rollback` or `--on-cancel rollback` made. */
  rollback?: {
    taskDefinitionArn: string;
    deploymentId: string | null;
    outcome: Outcome;
    reason: string;
  };
  /** Revisions `--keep-revisions` deregistered. */
  prunedRevisions?: string[];
  /** `run`: the one-off task. */
  task?: OneOffTaskResult;
  /** `deploy --run-before`: the one-off tasks run before the service was touched, in order. */
  runBefore?: OneOffTaskResult[];
  /** Each container's image, the tag it came from, and its digest (pinned or to verify). */
  digests?: ImageDigest[];
  /** What verifying the running tasks' digests found, when it ran. */
  digestVerification?: DigestVerification;
}

/** Receives engine events; the engine never writes output itself. */
export type EventSink = (event: DeployEvent) => void;
