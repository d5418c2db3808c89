/**
 * What simulated containers with the `awslogs` log driver write to CloudWatch Logs: a line when
 * they start, their command's words (as if echoed), and a line when their command exits. The
 * group is the `awslogs-group` option; the stream `awslogs-stream-prefix/container/task-id`,
 * as ECS names it (without a prefix, the container's runtime id).
 *
 * @module
 */
import type { ContainerRecord, TaskRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";

/** The awslogs group and stream of a task's container, if it logs there. */
export function awslogsTarget(
  task: TaskRecord,
  container: ContainerRecord,
): { group: string; stream: string } | undefined {
  const definition = task.taskDefinition.td.containerDefinitions
    .find((d) => d.name === container.name);
  const config = definition?.logConfiguration as Wire | undefined;
  if (config?.logDriver !== "awslogs") return undefined;
  const options = (config.options ?? {}) as Record<string, unknown>;
  const group = options["awslogs-group"];
  if (typeof group !== "string" || group === "") return undefined;
  const prefix = options["awslogs-stream-prefix"];
  const stream = typeof prefix === "string" && prefix !== ""
    ? `${prefix}/${container.name}/${task.id}`
    : container.runtimeId ?? `${task.id}-${container.name}`;
  return { group, stream };
}

/** Writes `messages` from `container` of `task` at the simulated now, if it logs to awslogs. */
export function writeContainerLog(
  state: SimState,
  task: TaskRecord,
  container: ContainerRecord,
  messages: string[],
): void {
  const target = awslogsTarget(task, container);
  if (target) state.logs.put(target.group, target.stream, messages, state.now);
}
