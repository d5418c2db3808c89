import type { Diagnosis } from "../deploy/diagnose_deployment.ts";

/** The lines of a diagnosis for the text reporter, summary first. */
export function renderDiagnosis(d: Diagnosis): string[] {
  const lines = [`Why: ${d.summary}`];
  if (d.circuitBreaker) {
    const cb = d.circuitBreaker;
    lines.push(
      `Circuit breaker: ${cb.status}, ${cb.failureCount} failed tasks (threshold ${cb.threshold})`,
    );
  }
  const shown = d.stoppedTasks.slice(0, 5);
  if (shown.length > 0) lines.push("Stopped tasks:");
  for (const task of shown) {
    const id = task.taskArn.split("/").pop();
    const revision = task.taskDefinitionArn.split("/").pop();
    const code = task.stopCode ? `${task.stopCode}: ` : "";
    lines.push(`  task ${id} (${revision}) ${code}${task.stoppedReason ?? "no reason given"}`);
    for (const c of task.containers) {
      const parts = [
        ...(c.exitCode !== undefined ? [`exit code ${c.exitCode}`] : []),
        ...(c.reason !== undefined && c.reason !== task.stoppedReason ? [c.reason] : []),
      ];
      if (parts.length > 0) lines.push(`    container "${c.name}": ${parts.join(", ")}`);
    }
  }
  if (d.stoppedTasks.length > shown.length) {
    lines.push(`  ... and ${d.stoppedTasks.length - shown.length} more`);
  }
  if (d.events.length > 0) lines.push("Last service events:");
  for (const event of d.events) lines.push(`  ${event.at} ${event.message}`);
  for (const what of d.unreadable) lines.push(`Could not read ${what}`);
  return lines;
}
