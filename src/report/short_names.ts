/**
 * What text output shows instead of the long names AWS gives: `family:revision` for a task
 * definition ARN, the last 8 characters of a task id. The JSON output keeps the full ones.
 *
 * @module
 */

/** Characters of a task id that text output shows, from its end, like a short Git hash. */
export const TASK_ID_CHARS = 8;

/** `api:42` of a task definition ARN; anything else as it is. */
export function shortRevision(arn: string): string {
  const match = /:task-definition\/([^/\s]+)$/.exec(arn);
  return match ? match[1]! : arn;
}

/** The last {@linkcode TASK_ID_CHARS} characters of a task id or task ARN. */
export function shortTaskId(idOrArn: string): string {
  const id = idOrArn.split("/").pop() ?? idOrArn;
  return id.length > TASK_ID_CHARS ? id.slice(-TASK_ID_CHARS) : id;
}

const TASK_DEFINITION_ARN = /\barn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/([\w-]+:\d+)/g;
/** A task ARN, unless it is the `--task` of a command, which needs it whole to work. */
const TASK_ARN =
  /(?<!--task )\barn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task\/(?:[\w-]+\/)?([0-9a-f]{32})\b/g;
/** A task id in an ECS service event message: `(task 0123...)`. */
const TASK_ID = /\(task ([0-9a-f]{32})\)/g;

/**
 * `text` with task definition ARNs as `family:revision` and task ids (bare, in event messages,
 * or as ARNs) shortened; `mark` wraps each shortened name (dim, in colour).
 */
export function shortenNames(text: string, mark: (name: string) => string = (n) => n): string {
  return text
    .replace(TASK_DEFINITION_ARN, (_, revision: string) => mark(revision))
    .replace(TASK_ARN, (_, id: string) => mark(shortTaskId(id)))
    .replace(TASK_ID, (_, id: string) => `(task ${mark(shortTaskId(id))})`);
}

/** Elapsed time as people read it: `7s`, `1m30s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
