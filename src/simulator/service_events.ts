/** Service events in ECS's wording: newest first, at most 100 kept. */
import type { ServiceRecord, TaskRecord } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";

const MAX_EVENTS = 100;

export function addServiceEvent(state: SimState, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: state.random.uuid(), createdAt: state.now, message });
  if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
}

const taskList = (tasks: TaskRecord[]) => tasks.map((t) => `(task ${t.id})`).join(" ");

/** The ECS service event messages the simulator emits. */
export const serviceMessages = {
  started: (s: ServiceRecord, tasks: TaskRecord[]) =>
    `(service ${s.name}) has started ${tasks.length} tasks: ${taskList(tasks)}.`,
  stopped: (s: ServiceRecord, tasks: TaskRecord[]) =>
    `(service ${s.name}) has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`,
  drainingConnections: (s: ServiceRecord, count: number) =>
    `(service ${s.name}) has begun draining connections on ${count} tasks.`,
  registeredTargets: (s: ServiceRecord, count: number, targetGroup: string) =>
    `(service ${s.name}) registered ${count} targets in (target-group ${targetGroup})`,
  deregisteredTargets: (s: ServiceRecord, count: number, targetGroup: string) =>
    `(service ${s.name}) deregistered ${count} targets in (target-group ${targetGroup})`,
  deploymentCompleted: (s: ServiceRecord, id: string) =>
    `(service ${s.name}) (deployment ${id}) deployment completed.`,
  steadyState: (s: ServiceRecord) => `(service ${s.name}) has reached a steady state.`,
  deploymentFailed: (s: ServiceRecord, id: string) =>
    `(service ${s.name}) (deployment ${id}) deployment failed: tasks failed to start.`,
  rollingBack: (s: ServiceRecord, id: string) =>
    `(service ${s.name}) rolling back to deployment ${id}.`,
  healthCheckFailed: (s: ServiceRecord, t: TaskRecord) =>
    `(service ${s.name}) (task ${t.id}) failed container health checks.`,
  unableToStart: (s: ServiceRecord) =>
    `(service ${s.name}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
};
