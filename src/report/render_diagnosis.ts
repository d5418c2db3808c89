import type { Diagnosis, StoppedTask } from "../deploy/mod.ts";
import { shortenNames, shortRevision, shortTaskId } from "./short_names.ts";

/** Task ids named per group of identical stopped tasks; the count says how many there were. */
const IDS_SHOWN = 3;
/** Groups of differently stopped tasks shown; the rest are counted. */
const GROUPS_SHOWN = 5;

/**
 * The lines of a diagnosis for the text reporter, summary first; task ids by their last 8
 * characters, revisions as `family:revision` (the JSON result has them whole).
 */
export function renderDiagnosis(d: Diagnosis): string[] {
  const lines = [`Why: ${d.summary}`];
  if (d.circuitBreaker) {
    const cb = d.circuitBreaker;
    lines.push(
      `Circuit breaker: ${cb.status}, ${cb.failureCount} failed tasks (threshold ${cb.threshold})`,
    );
  }
  const groups = groupAlike(d.stoppedTasks);
  if (groups.length > 0) lines.push("Stopped tasks:");
  for (const group of groups.slice(0, GROUPS_SHOWN)) {
    const task = group[0]!;
    const revision = shortRevision(task.taskDefinitionArn);
    const code = task.stopCode ? `${task.stopCode}: ` : "";
    const ids = group.slice(0, IDS_SHOWN).map((t) => shortTaskId(t.taskArn));
    const more = group.length > IDS_SHOWN ? ", ..." : "";
    const count = group.length === 1 ? "1 task" : `${group.length} tasks`;
    lines.push(
      `  ${count} (${revision}) ${code}${task.stoppedReason ?? "no reason given"} ` +
        `[${ids.join(", ")}${more}]`,
    );
    for (const c of task.containers) {
      const parts = [
        ...(c.exitCode !== undefined ? [`exit code ${c.exitCode}`] : []),
        ...(c.reason !== undefined && c.reason !== task.stoppedReason ? [c.reason] : []),
      ];
      if (parts.length > 0) lines.push(`    container "${c.name}": ${parts.join(", ")}`);
    }
  }
  if (groups.length > GROUPS_SHOWN) {
    lines.push(`  ... and ${groups.length - GROUPS_SHOWN} other ways tasks stopped`);
  }
  if (d.events.length > 0) lines.push("Last service events:");
  for (const event of d.events) lines.push(`  ${event.at} ${shortenNames(event.message)}`);
  if (d.logLines && d.logLines.length > 0) {
    lines.push("Last log lines:");
    for (const text of d.logLines) lines.push(`  ${text}`);
  }
  for (const what of d.unreadable) lines.push(`Could not read ${what}`);
  return lines;
}

/** Stopped tasks grouped by everything but their id, in the order first seen. */
function groupAlike(tasks: StoppedTask[]): StoppedTask[][] {
  const groups = new Map<string, StoppedTask[]>();
  for (const task of tasks) {
    const { taskArn: _id, ...alike } = task;
    const key = JSON.stringify(alike);
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  return [...groups.values()];
}
