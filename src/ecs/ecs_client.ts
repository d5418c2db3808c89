import type {
  RunTaskInput,
  RunTaskOutput,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceUpdate,
  Tag,
  Task,
  TaskDefinition,
  TaskDefinitionInput,
} from "./types.ts";

/** A task definition revision together with its tags. */
export interface TaggedTaskDefinition {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

/**
 * The port through which ecs-deploy talks to ECS. The engine depends on this interface only;
 * adapters are the AWS SDK (`aws_ecs_client.ts`) and the simulated ECS.
 *
 * Methods throw {@linkcode EcsApiError} for errors ECS reports (with ECS's error type), and
 * anything else for transport failures.
 */
export interface EcsClient {
  /** The service, or undefined when ECS reports it MISSING. */
  describeService(cluster: string, service: string): Promise<Service | undefined>;
  /** ARNs of the cluster's services (every page). */
  listServices(cluster: string): Promise<string[]>;
  /** The services of the cluster that exist among `services` (names or ARNs), any number. */
  describeServices(cluster: string, services: string[]): Promise<Service[]>;
  /** A revision by ARN, `family:revision` or family (the latest ACTIVE one), with its tags. */
  describeTaskDefinition(taskDefinition: string): Promise<TaggedTaskDefinition>;
  registerTaskDefinition(input: TaskDefinitionInput): Promise<TaggedTaskDefinition>;
  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void>;
  /** ARNs of a family's revisions with the given status, oldest first. */
  listTaskDefinitions(family: string, status: "ACTIVE" | "INACTIVE"): Promise<string[]>;
  updateService(update: ServiceUpdate): Promise<Service>;
  /** Service deployments created at or after `createdAfter`, newest first. */
  listServiceDeployments(
    cluster: string,
    service: string,
    createdAfter?: Date,
  ): Promise<ServiceDeploymentBrief[]>;
  describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]>;
  stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<void>;
  /** Answers a lifecycle hook awaiting action: go on with the deployment, or roll it back. */
  continueServiceDeployment(
    arn: string,
    hookId: string,
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<void>;
  /** ARNs of a service's tasks with the given desired status. */
  listTasks(
    cluster: string,
    service: string,
    desiredStatus: "RUNNING" | "STOPPED",
  ): Promise<string[]>;
  describeTasks(cluster: string, taskArns: string[]): Promise<Task[]>;
  /** Starts standalone tasks; those ECS could not place come back in `failures`. */
  runTask(input: RunTaskInput): Promise<RunTaskOutput>;
  /** Asks ECS to stop a task (stop code UserInitiated); the task as ECS then shows it. */
  stopTask(cluster: string, task: string, reason: string): Promise<Task>;
}

/** An error ECS answered with, such as `ClientException` or `ThrottlingException`. */
export class EcsApiError extends Error {
  /** The AWS error type (`__type` on the wire), such as `InvalidParameterException`. */
  readonly type: string;
  /** The HTTP status ECS answered with. */
  readonly status: number;

  constructor(type: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "EcsApiError";
    this.type = type;
    this.status = options?.status ?? (type === "ServerException" ? 500 : 400);
  }
}
