/**
 * Where a task's containers log: for the `awslogs` driver, the group (`awslogs-group`) and the
 * stream ECS names `awslogs-stream-prefix/container-name/task-id`. Containers without a stream
 * prefix log to a stream named by the container's runtime id, which ecs-deploy does not follow.
 *
 * @module
 */
import type { TaskDefinition } from "../../ecs/types.ts";

/** One container's log stream. */
export interface TaskLogStream {
  container: string;
  group: string;
  stream: string;
}

/** The awslogs streams of a task of `taskDefinition` with id `taskId`. */
export function taskLogStreams(taskDefinition: TaskDefinition, taskId: string): TaskLogStream[] {
  const streams: TaskLogStream[] = [];
  for (const container of taskDefinition.containerDefinitions) {
    const config = container.logConfiguration as
      | { logDriver?: unknown; options?: Record<string, unknown> }
      | undefined;
    if (config?.logDriver !== "awslogs") continue;
    const group = config.options?.["awslogs-group"];
    const prefix = config.options?.["awslogs-stream-prefix"];
    if (typeof group !== "string" || group === "") continue;
    if (typeof prefix !== "string" || prefix === "") continue;
    streams.push({
      container: container.name,
      group,
      stream: `${prefix}/${container.name}/${taskId}`,
    });
  }
  return streams;
}
