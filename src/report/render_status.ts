import type { ServiceStatus, TaskGroup } from "../deploy/mod.ts";

/**
 * The status of a service as one screen of text for an on-call engineer: the service line,
 * its deployments, its tasks by revision and health, its recent events.
 */
export function renderStatus(status: ServiceStatus): string[] {
  const lines = [
    `Service "${status.service}" in cluster "${status.cluster}": ${status.status}, ` +
    `${revisionOf(status.taskDefinitionArn)}, ${status.runningCount}/${status.desiredCount} ` +
    `running${status.pendingCount > 0 ? `, ${status.pendingCount} pending` : ""}`,
  ];

  if (status.strategy !== "ROLLING") {
    const sd = status.serviceDeployment;
    const stage = sd?.lifecycleStage ? `, ${sd.lifecycleStage}` : "";
    const traffic =
      sd?.productionTrafficPercent !== null && sd?.productionTrafficPercent !== undefined
        ? `, production ${sd.productionTrafficPercent}% on the new revision`
        : "";
    lines.push(`Strategy: ${status.strategy}${sd ? ` (${sd.status}${stage}${traffic})` : ""}`);
    for (const hook of sd?.awaitingHooks ?? []) {
      lines.push(
        `  hook ${hook} awaits approval: ecs-deploy continue -c ${status.cluster} -n ` +
          `${status.service} --hook-id ${hook} [--reject]`,
      );
    }
  }
  lines.push("Deployments:");
  if (status.deployments.length === 0) lines.push("  none");
  for (const d of status.deployments) {
    const pending = d.pendingCount > 0 ? `, ${d.pendingCount} pending` : "";
    const failed = d.failedTasks > 0 ? `, ${d.failedTasks} failed` : "";
    const state = d.rolloutState ? ` ${d.rolloutState}` : "";
    lines.push(
      `  ${d.status.padEnd(8)}${revisionOf(d.taskDefinitionArn)} ` +
        `${d.runningCount}/${d.desiredCount} running${pending}${failed}${state}  ` +
        `${d.id}${d.createdAt ? ` since ${d.createdAt}` : ""}`,
    );
    if (d.rolloutStateReason && d.rolloutState !== "COMPLETED") {
      lines.push(`          ${d.rolloutStateReason}`);
    }
  }

  lines.push("Tasks:");
  if (status.tasks.length === 0) lines.push("  none");
  for (const group of status.tasks) lines.push(`  ${formatTasks(group)}`);

  lines.push("Recent events:");
  if (status.events.length === 0) lines.push("  none");
  for (const event of status.events) lines.push(`  ${event.at ?? "(no date)"} ${event.message}`);

  for (const what of status.unreadable) lines.push(`Could not read ${what}`);
  return lines;
}

function formatTasks(group: TaskGroup): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => `${count} ${name}`)
      .join(", ");
  const noun = group.total === 1 ? "task" : "tasks";
  return `${revisionOf(group.taskDefinitionArn)}: ${group.total} ${noun} ` +
    `(${counts(group.byStatus)}; health ${counts(group.byHealth)})`;
}

/** `family:revision` of a task definition ARN. */
function revisionOf(taskDefinitionArn: string | null): string {
  if (!taskDefinitionArn) return "no task definition";
  return taskDefinitionArn.split("/").pop() ?? taskDefinitionArn;
}
