/**
 * The commands that go on from where a run stopped (watch the deployment ECS carries on with,
 * roll back, check the service), as data: the engine knows what to run, the CLI knows how the
 * user reached ECS and adds those connection flags, so a copy-paste reaches the same account
 * and region.
 *
 * @module
 */

/** One command to go on with: `ecs-deploy <args...>`, connection flags left to the CLI. */
export interface NextStep {
  /** What it does, as a verb phrase: "watch it", "roll back", "check". */
  purpose: string;
  /** The subcommand and its arguments: `["wait", "-c", "prod", "-n", "api"]`. */
  args: string[];
}

/** Where a run stopped, and how to go on from there. */
export interface NextSteps {
  /** The run's reason without the commands (they are in `steps`). */
  reason: string;
  steps: NextStep[];
}

/** `ecs-deploy wait` on the service. */
export function watchStep(cluster: string, service: string): NextStep {
  return { purpose: "watch it", args: ["wait", "-c", cluster, "-n", service] };
}

/** `ecs-deploy rollback --to` the revision the service ran before. */
export function rollbackStep(cluster: string, service: string, to: string): NextStep {
  return { purpose: "roll back", args: ["rollback", "-c", cluster, "-n", service, "--to", to] };
}

/** `ecs-deploy status` of the service. */
export function statusStep(cluster: string, service: string): NextStep {
  return { purpose: "check", args: ["status", "-c", cluster, "-n", service] };
}

/**
 * The steps as one clause of a reason, as the JSON result has always said them:
 * `watch it with: ecs-deploy wait -c prod -n api; or roll back with: ...`.
 */
export function stepsClause(steps: NextStep[]): string {
  return steps.map((step, i) =>
    `${i > 0 ? "or " : ""}${step.purpose} with: ecs-deploy ${step.args.join(" ")}`
  )
    .join("; ");
}
