/**
 * The last lines of a run in text: the outcome line (coloured by outcome), and the commands to
 * go on with, carrying the user's connection flags so a copy-paste reaches the same account and
 * region.
 *
 * @module
 */
import type { DeployPlan, DeployResult, NextStep } from "../deploy/mod.ts";
import type { Style } from "./ansi.ts";
import { shortRevision } from "./short_names.ts";

/** What the run was, for the wording of its outcome. */
export interface RunKind {
  command: "deploy" | "rollback" | "wait" | "run";
  dryRun: boolean;
  /** The plan, when one was made. */
  plan?: DeployPlan | undefined;
}

/** `Deployed "api"`, `Rolled back "api" to api:18`, `Dry run: would deploy "api" ...`. */
export function outcomeHeadline(result: DeployResult, kind: RunKind): string {
  if (kind.command === "run") return runHeadline(result);
  const subject = result.service ? `"${result.service}"` : "the task definition";
  const revision = (arn: string | null | undefined) => arn ? shortRevision(arn) : "?";
  const back = revision(result.rollback?.taskDefinitionArn ?? result.previousTaskDefinitionArn);
  const noun = kind.command === "rollback" ? "Rollback" : "Deployment";
  switch (result.outcome) {
    case "succeeded":
      if (kind.plan?.nothingToDeploy) {
        return kind.dryRun
          ? `Dry run: nothing to deploy for ${subject}`
          : `Nothing to deploy for ${subject}`;
      }
      if (kind.dryRun) return `Dry run: would ${dryRunAction(subject, kind)}`;
      if (kind.command === "rollback") {
        return `Rolled back ${subject} to ${revision(result.taskDefinitionArn)}`;
      }
      return `Deployed ${subject}`;
    case "rolled_back":
      // A rollback command whose deployment ECS rolled back did not roll anything back.
      if (kind.command === "rollback") {
        return `Rollback of ${subject} to ${revision(result.taskDefinitionArn)} failed; ` +
          `ECS went back to ${back}`;
      }
      return `Rolled back ${subject} to ${back}`;
    case "cancelled":
      if (!result.rollback) return `${noun} of ${subject} was interrupted`;
      return result.rollback.outcome === "succeeded"
        ? `Interrupted; rolled back ${subject} to ${back}`
        : `Interrupted; the rollback of ${subject} to ${back} ended ${result.rollback.outcome}`;
    case "failed":
      return `${noun} of ${subject} failed`;
    case "superseded":
      return `${noun} of ${subject} was superseded`;
    case "timed_out":
      return `${noun} of ${subject} timed out`;
    case "paused":
      return `${noun} of ${subject} is paused`;
    case "error":
      return `${noun} of ${subject} hit an error`;
    case "invalid":
      return "error";
  }
}

/** `Task of api:42 succeeded`, `Task of api:42 failed`, ... */
function runHeadline(result: DeployResult): string {
  const subject = `Task of ${
    result.taskDefinitionArn ? shortRevision(result.taskDefinitionArn) : "the task definition"
  }`;
  switch (result.outcome) {
    case "succeeded":
      return `${subject} succeeded`;
    case "timed_out":
      return `${subject} timed out`;
    case "cancelled":
      return `${subject}: interrupted`;
    case "error":
      return `${subject} hit an error`;
    default:
      return `${subject} ${result.outcome.replace("_", " ")}`;
  }
}

function dryRunAction(subject: string, kind: RunKind): string {
  const plan = kind.plan;
  if (!plan) return `deploy ${subject}`;
  const current = plan.current.taskDefinition;
  const now = `(now ${current.family}:${current.revision})`;
  if (plan.targetTaskDefinitionArn) {
    const target = shortRevision(plan.targetTaskDefinitionArn);
    return kind.command === "rollback"
      ? `roll back ${subject} to ${target} ${now}`
      : `deploy ${target} to ${subject} ${now}`;
  }
  if (!plan.nextTaskDefinition) {
    return `deploy ${subject} again on ${current.family}:${current.revision}`;
  }
  return `deploy ${subject} as a new revision of ${current.family} ${now}`;
}

/** The colour of an outcome: green for success, yellow for an open ending, red otherwise. */
export function outcomeColor(outcome: DeployResult["outcome"], style: Style) {
  if (outcome === "succeeded") return style.green;
  if (
    outcome === "timed_out" || outcome === "superseded" || outcome === "cancelled" ||
    outcome === "paused"
  ) {
    return style.yellow;
  }
  return style.red;
}

/**
 * One line per command to go on with, `  watch it:  ecs-deploy wait -c prod -n api -r eu-west-1`:
 * the command on a line of its own (so it copies whole), task definition ARNs as
 * `family:revision` (which `rollback --to` takes), the connection flags the user gave appended.
 */
export function nextStepLines(steps: NextStep[], connectionArgs: string[]): string[] {
  const width = Math.max(...steps.map((step) => step.purpose.length)) + 1;
  return steps.map((step) => {
    const args = [...step.args.map(shortRevision), ...connectionArgs].map(shellQuote);
    return `  ${`${step.purpose}:`.padEnd(width)} ecs-deploy ${args.join(" ")}`;
  });
}

/** `arg` as a shell word: as it is when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Throttling, by the words the SDK and ECS use for it. */
const THROTTLED = /thrott|rate exceeded|too many requests|slow ?down|request ?limit/i;

/**
 * The retries of a run in one line, for output without `-v`: `ECS throttled 6 calls; retried`.
 * Undefined when nothing was retried.
 */
export function retrySummary(errors: string[]): string | undefined {
  if (errors.length === 0) return undefined;
  const calls = (n: number) => `${n} ${n === 1 ? "call" : "calls"}`;
  const throttled = errors.filter((error) => THROTTLED.test(error)).length;
  const other = errors.length - throttled;
  const what = throttled === 0
    ? `${calls(other)} to ECS failed`
    : other === 0
    ? `ECS throttled ${calls(throttled)}`
    : `ECS throttled ${calls(throttled)} and ${other} more failed`;
  return `${what}; retried (-v shows each)`;
}
