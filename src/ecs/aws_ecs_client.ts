/**
 * The EcsClient port on the AWS SDK for JavaScript v3. This is the only module that imports
 * `@aws-sdk/client-ecs`: it maps domain calls to SDK commands, SDK shapes to domain types and
 * SDK service exceptions to {@linkcode EcsApiError}.
 *
 * What the SDK resolves by itself (checked for this version): credentials through its default
 * chain (environment, SSO, web identity, container, instance metadata, shared files), the
 * region from `AWS_REGION` or the profile, the endpoint from `AWS_ENDPOINT_URL_ECS` /
 * `AWS_ENDPOINT_URL` or the profile, and the profile from `AWS_PROFILE`. What it does not do is
 * read `AWS_DEFAULT_REGION` (an AWS CLI convention); {@linkcode awsEcsClientOptionsFromEnv}
 * makes that and the endpoint variables explicit options for the composition root.
 *
 * @module
 */
import {
  ContinueServiceDeploymentCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  type ECSClientConfig,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  type RunTaskCommandInput,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "npm:@aws-sdk/client-ecs@3.1164.0";
import { ConfiguredRetryStrategy } from "npm:@smithy/core@3.41.1/retry";
import { type AwsEcsClientOptions, awsEcsClientOptionsFromEnv } from "./aws_ecs_client_options.ts";
import {
  apiErrorOf,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  sdkCallLine,
  sdkClientConfig,
} from "./aws_sdk_client_config.ts";
import {
  chunks,
  compact,
  describeForeignAnswer,
  endpointFailureOf,
  isServiceException,
  regionalEndpoint,
  type SdkMetadata,
  type SdkServiceException,
  serviceOf,
  setupErrorOf,
  tagged,
  transportCode,
} from "./aws_sdk_mapping.ts";
import { EcsApiError, type EcsClient, type TaggedTaskDefinition } from "./ecs_client.ts";
import { EcsEndpointError, type EndpointFailure } from "./setup_errors.ts";
import type {
  RunTaskInput,
  RunTaskOutput,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceUpdate,
  Task,
  TaskDefinitionInput,
} from "./types.ts";

export { type AwsEcsClientOptions, awsEcsClientOptionsFromEnv };

export { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS };

/** The default attempts per call: ECS describe calls throttle under CI fan-out. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** What a call sends with: the SDK client's `send`, our options included. */
type Sender = Pick<ECSClient, "send">;

// ECS limits on batch members per request.
const DESCRIBE_TASKS_BATCH = 100;
const DESCRIBE_SERVICE_DEPLOYMENTS_BATCH = 20;
const DESCRIBE_SERVICES_BATCH = 10;

/**
 * The SDK clients a call goes through: one that retries, and one that makes a single attempt
 * for RegisterTaskDefinition, which is not idempotent. The SDK would send it again after a
 * dropped connection or a server error, registering a second revision when the first had
 * arrived; the engine reads back what happened instead (deploy/apply/register_revision.ts).
 */
interface SdkClients {
  retrying: ECSClient;
  once: ECSClient;
  /** The endpoint and profile as configured, for messages. */
  endpoint: string | undefined;
  profile: string | undefined;
  /** Whether the endpoint has answered as ECS yet, shared by every call of this client. */
  contact: { answered: boolean };
}

/**
 * Answers that are not ECS's (HTML, a cut body) to one read, before ECS has ever answered,
 * after which the endpoint is taken to be the wrong one: one such answer may be a proxy's
 * hiccup, and the read is sent again at once; three in a row are not.
 */
const FOREIGN_ANSWERS_BEFORE_GIVING_UP = 3;

/** The port's calls on the SDK clients, each sent with an optional abort signal. */
class SdkCalls implements EcsClient {
  readonly #sdks: SdkClients;
  readonly #signal: AbortSignal | undefined;
  protected readonly logger: ((line: string) => void) | undefined;

  constructor(
    sdks: SdkClients,
    logger: ((line: string) => void) | undefined,
    signal: AbortSignal | undefined,
  ) {
    this.#sdks = sdks;
    this.logger = logger;
    this.#signal = signal;
  }

  async describeService(cluster: string, service: string): Promise<Service | undefined> {
    const output = await this.#send(
      "DescribeServices",
      (sdk) => sdk.send(new DescribeServicesCommand({ cluster, services: [service] })),
    );
    const found = output.services?.[0];
    if (found) return serviceOf(found);
    const failure = output.failures?.[0];
    if (failure?.reason === "MISSING") return undefined;
    throw new EcsApiError(
      "ClientException",
      `DescribeServices failed for service "${service}" in cluster "${cluster}": ${
        failure?.reason ?? "no service and no failure returned"
      }`,
    );
  }

  async listServices(cluster: string): Promise<string[]> {
    const pages = await this.#paginate(
      "ListServices",
      (sdk, nextToken) => sdk.send(new ListServicesCommand({ cluster, nextToken })),
    );
    return pages.flatMap((page) => page.serviceArns ?? []);
  }

  async describeServices(cluster: string, services: string[]): Promise<Service[]> {
    const found: Service[] = [];
    for (const batch of chunks(services, DESCRIBE_SERVICES_BATCH)) {
      const output = await this.#send(
        "DescribeServices",
        (sdk) => sdk.send(new DescribeServicesCommand({ cluster, services: batch })),
      );
      found.push(...(output.services ?? []).map((s) => serviceOf(s)));
    }
    return found;
  }

  async describeTaskDefinition(taskDefinition: string): Promise<TaggedTaskDefinition> {
    const output = await this.#send(
      "DescribeTaskDefinition",
      (sdk) => sdk.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ["TAGS"] })),
    );
    return tagged(output.taskDefinition, output.tags, "DescribeTaskDefinition");
  }

  async registerTaskDefinition(input: TaskDefinitionInput): Promise<TaggedTaskDefinition> {
    // The domain type mirrors the API shape member for member.
    const command = new RegisterTaskDefinitionCommand(
      input as unknown as RegisterTaskDefinitionCommandInput,
    );
    const output = await this.#send(
      "RegisterTaskDefinition",
      (sdk) => sdk.send(command),
      this.#sdks.once,
    );
    return tagged(output.taskDefinition, output.tags, "RegisterTaskDefinition");
  }

  async deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    await this.#send(
      "DeregisterTaskDefinition",
      (sdk) => sdk.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })),
    );
  }

  async listTaskDefinitions(family: string, status: "ACTIVE" | "INACTIVE"): Promise<string[]> {
    const pages = await this.#paginate("ListTaskDefinitions", (sdk, nextToken) =>
      sdk.send(
        new ListTaskDefinitionsCommand({ familyPrefix: family, status, sort: "ASC", nextToken }),
      ));
    return pages.flatMap((page) => page.taskDefinitionArns ?? []);
  }

  async updateService(update: ServiceUpdate): Promise<Service> {
    const output = await this.#send(
      "UpdateService",
      (sdk) => sdk.send(new UpdateServiceCommand(compact(update) as UpdateServiceCommandInput)),
    );
    if (!output.service) {
      throw new EcsApiError("ClientException", "UpdateService returned no service");
    }
    return serviceOf(output.service);
  }

  async listServiceDeployments(
    cluster: string,
    service: string,
    createdAfter?: Date,
  ): Promise<ServiceDeploymentBrief[]> {
    const createdAt = createdAfter ? { after: createdAfter } : undefined;
    const pages = await this.#paginate(
      "ListServiceDeployments",
      (sdk, nextToken) =>
        sdk.send(new ListServiceDeploymentsCommand({ cluster, service, createdAt, nextToken })),
    );
    const briefs = pages.flatMap((page) =>
      (page.serviceDeployments ?? []).map((brief) => compact(brief) as ServiceDeploymentBrief)
    );
    // The port promises newest first; sort rather than trust the page order.
    return briefs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]> {
    const found: ServiceDeployment[] = [];
    for (const batch of chunks(arns, DESCRIBE_SERVICE_DEPLOYMENTS_BATCH)) {
      const output = await this.#send(
        "DescribeServiceDeployments",
        (sdk) => sdk.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch })),
      );
      found.push(...(output.serviceDeployments ?? []).map((d) => compact(d) as ServiceDeployment));
    }
    return found;
  }

  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<void> {
    await this.#send(
      "ContinueServiceDeployment",
      (sdk) =>
        sdk.send(
          new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action }),
        ),
    );
  }

  async stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<void> {
    await this.#send(
      "StopServiceDeployment",
      (sdk) => sdk.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType })),
    );
  }

  async listTasks(
    cluster: string,
    service: string,
    desiredStatus: "RUNNING" | "STOPPED",
  ): Promise<string[]> {
    const pages = await this.#paginate(
      "ListTasks",
      (sdk, nextToken) =>
        sdk.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus, nextToken })),
    );
    return pages.flatMap((page) => page.taskArns ?? []);
  }

  async describeTasks(cluster: string, taskArns: string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    for (const batch of chunks(taskArns, DESCRIBE_TASKS_BATCH)) {
      const output = await this.#send(
        "DescribeTasks",
        (sdk) => sdk.send(new DescribeTasksCommand({ cluster, tasks: batch })),
      );
      tasks.push(...(output.tasks ?? []).map((t) => compact(t) as Task));
    }
    return tasks;
  }

  async runTask(input: RunTaskInput): Promise<RunTaskOutput> {
    // Retried by the SDK only with the client token, which makes a repeat start nothing new.
    const command = new RunTaskCommand(compact(input) as RunTaskCommandInput);
    const output = await this.#send(
      "RunTask",
      (sdk) => sdk.send(command),
      input.clientToken ? this.#sdks.retrying : this.#sdks.once,
    );
    return {
      tasks: (output.tasks ?? []).map((t) => compact(t) as Task),
      failures: (output.failures ?? []).map((f) => compact(f) as RunTaskOutput["failures"][number]),
    };
  }

  async stopTask(cluster: string, task: string, reason: string): Promise<Task> {
    const output = await this.#send(
      "StopTask",
      (sdk) => sdk.send(new StopTaskCommand({ cluster, task, reason })),
    );
    if (!output.task) throw new EcsApiError("ClientException", "StopTask returned no task");
    return compact(output.task) as Task;
  }

  /** Follows `nextToken` through every page of a list operation. */
  async #paginate<Output extends { $metadata: SdkMetadata; nextToken?: string | undefined }>(
    operation: string,
    page: (sdk: Sender, nextToken: string | undefined) => Promise<Output>,
  ): Promise<Output[]> {
    const pages: Output[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.#send(operation, (sdk) => page(sdk, nextToken));
      pages.push(output);
      nextToken = output.nextToken;
    } while (nextToken);
    return pages;
  }

  /** Sends one command, logs its outcome and maps service exceptions to EcsApiError. */
  async #send<Output extends { $metadata: SdkMetadata }>(
    operation: string,
    send: (sdk: Sender) => Promise<Output>,
    client: ECSClient = this.#sdks.retrying,
  ): Promise<Output> {
    const started = performance.now();
    const signal = this.#signal;
    // The SDK stops the request and its retries (backoff included) when the signal aborts.
    const sdk = {
      send:
        ((command: Parameters<ECSClient["send"]>[0]) =>
          client.send(command, signal ? { abortSignal: signal } : {})) as ECSClient["send"],
    };
    for (let foreignAnswers = 1;; foreignAnswers++) {
      try {
        const output = await send(sdk);
        this.#sdks.contact.answered = true;
        this.#log(operation, output.$metadata, started, "ok");
        return output;
      } catch (error) {
        const metadata = isServiceException(error) ? error.$metadata : undefined;
        this.#log(operation, metadata, started, error instanceof Error ? error.name : "error");
        if (isServiceException(error)) throw this.#serviceError(error);
        // Only a read: a change is never sent twice on the word of an unreadable answer.
        const again = !this.#sdks.contact.answered && /^(Describe|List)/.test(operation) &&
          endpointFailureOf(error) === "not_ecs" && !signal?.aborted &&
          foreignAnswers < FOREIGN_ANSWERS_BEFORE_GIVING_UP;
        if (!again) throw await this.#setupFailure(error) ?? error;
      }
    }
  }

  /** A service exception as EcsApiError; it is an answer of ECS, so ECS has been reached. */
  #serviceError(error: SdkServiceException): EcsApiError {
    this.#sdks.contact.answered = true;
    return apiErrorOf(error);
  }

  /**
   * The domain error for a failure of the set-up (no region, no credentials) or of an endpoint
   * that has never answered as ECS; undefined when the failure is an outage or a bug, which stay
   * as they are so that the engine retries or surfaces them.
   */
  async #setupFailure(error: unknown): Promise<Error | undefined> {
    const setup = setupErrorOf(error, this.#sdks.profile);
    if (setup) return setup;
    const { contact } = this.#sdks;
    const failure = contact.answered ? undefined : endpointFailureOf(error);
    if (failure === undefined || !(error instanceof Error)) return undefined;
    // The request was signed, so the region resolved; should it not now, name no wrong one.
    const region = await this.#sdks.retrying.config.region().catch(() => undefined);
    const endpoint = this.#sdks.endpoint ??
      (region ? regionalEndpoint(region) : "the regional ECS endpoint");
    return new EcsEndpointError(failure, endpoint, endpointMessage(failure, endpoint, error), {
      transportCode: transportCode(error),
      cause: error,
    });
  }

  #log(operation: string, metadata: SdkMetadata | undefined, started: number, result: string) {
    this.logger?.(sdkCallLine("ECS", operation, result, metadata, started));
  }
}

/**
 * {@linkcode EcsClient} backed by the AWS SDK. Every attempt of a call is bounded by a request
 * timeout; {@linkcode AwsEcsClient.withSignal} also aborts calls, their retries included.
 */
export class AwsEcsClient extends SdkCalls {
  readonly #clients: SdkClients;

  constructor(options: AwsEcsClientOptions = {}) {
    const config: ECSClientConfig = sdkClientConfig(options, DEFAULT_MAX_ATTEMPTS);
    const clients: SdkClients = {
      retrying: new ECSClient(config),
      once: new ECSClient({ ...config, retryStrategy: new ConfiguredRetryStrategy(1) }),
      endpoint: options.endpoint,
      profile: options.profile,
      contact: { answered: false },
    };
    super(clients, options.logger, undefined);
    this.#clients = clients;
  }

  /** The region the SDK resolved (given, from the environment or from the profile). */
  region(): Promise<string> {
    return this.#clients.retrying.config.region();
  }

  /** Releases the SDK's connection pool. */
  destroy(): void {
    this.#clients.retrying.destroy();
    this.#clients.once.destroy();
  }

  /**
   * This client with every call aborted when `signal` aborts: the request in flight and the
   * SDK's retries of it. Shares the connections; cheap enough to make per call.
   */
  withSignal(signal: AbortSignal): EcsClient {
    return new SdkCalls(this.#clients, this.logger, signal);
  }
}

/** What an endpoint failure was, in one line naming the endpoint. */
function endpointMessage(failure: EndpointFailure, endpoint: string, error: Error): string {
  const at = `Cannot reach ECS at "${endpoint}"`;
  const code = transportCode(error);
  switch (failure) {
    case "refused":
      return `${at}: connection refused`;
    case "host_not_found": {
      const host = (error as { hostname?: unknown }).hostname;
      return `${at}: host${typeof host === "string" ? ` "${host}"` : ""} not found`;
    }
    case "tls":
      return `${at}: the TLS handshake failed${code ? ` (${code})` : ""}`;
    case "timed_out":
      return `${at}: timed out waiting for an answer`;
    case "reset":
      return `${at}: the connection was closed without an answer`;
    case "unreachable":
      return `${at}: network unreachable${code ? ` (${code})` : ""}`;
    case "not_ecs":
      return `The endpoint "${endpoint}" answered, but not as ECS (${
        describeForeignAnswer(error)
      })`;
  }
}
