/**
 * The CodeDeploy port on the AWS SDK for JavaScript v3: the only module that imports
 * `@aws-sdk/client-codedeploy`. It is loaded lazily (see `lazy_codedeploy_client.ts`), with the
 * same region, profile and credentials as ECS; SDK service exceptions become `EcsApiError`, so
 * the engine's retry and deadline rules treat both services alike.
 *
 * @module
 */
import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient as SdkCodeDeployClient,
  type CodeDeployClientConfig,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentTargetCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  StopDeploymentCommand,
} from "npm:@aws-sdk/client-codedeploy@3.1133.0";
import { ConfiguredRetryStrategy } from "npm:@smithy/core@3.41.1/retry";
import type { AwsEcsClientOptions } from "../ecs/aws_ecs_client_options.ts";
import { chunks, compact, isServiceException } from "../ecs/aws_sdk_mapping.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { AbortableCodeDeployClient } from "./abortable_codedeploy_client.ts";
import type {
  CodeDeployClient,
  CodeDeployDeployment,
  CreateDeploymentInput,
  DeploymentConfig,
  DeploymentGroup,
  EcsDeploymentTarget,
} from "./codedeploy_client.ts";

const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_RETRY_DELAY_MS = 2_000;
const BATCH_GET_GROUPS = 100;

interface Clients {
  retrying: SdkCodeDeployClient;
  /** For CreateDeployment, which is not idempotent: a retry could start a second deployment. */
  once: SdkCodeDeployClient;
}

class SdkCalls implements CodeDeployClient {
  readonly #clients: Clients;
  readonly #signal: AbortSignal | undefined;
  protected readonly logger: ((line: string) => void) | undefined;

  constructor(
    clients: Clients,
    logger: ((line: string) => void) | undefined,
    signal?: AbortSignal,
  ) {
    this.#clients = clients;
    this.logger = logger;
    this.#signal = signal;
  }

  async listApplications(): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#send(
        "ListApplications",
        (c, o) => c.send(new ListApplicationsCommand({ nextToken }), o),
      );
      names.push(...(out.applications ?? []));
      nextToken = out.nextToken;
    } while (nextToken);
    return names;
  }

  async listDeploymentGroups(applicationName: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#send(
        "ListDeploymentGroups",
        (c, o) => c.send(new ListDeploymentGroupsCommand({ applicationName, nextToken }), o),
      );
      names.push(...(out.deploymentGroups ?? []));
      nextToken = out.nextToken;
    } while (nextToken);
    return names;
  }

  async batchGetDeploymentGroups(
    applicationName: string,
    names: string[],
  ): Promise<DeploymentGroup[]> {
    const groups: DeploymentGroup[] = [];
    for (const batch of chunks(names, BATCH_GET_GROUPS)) {
      const out = await this.#send(
        "BatchGetDeploymentGroups",
        (c, o) =>
          c.send(
            new BatchGetDeploymentGroupsCommand({ applicationName, deploymentGroupNames: batch }),
            o,
          ),
      );
      for (const info of out.deploymentGroupsInfo ?? []) {
        groups.push(compact({
          ...info,
          applicationName: info.applicationName ?? applicationName,
          deploymentGroupName: info.deploymentGroupName ?? "",
          ecsServices: (info.ecsServices ?? []).map((s) => ({
            clusterName: s.clusterName ?? "",
            serviceName: s.serviceName ?? "",
          })),
        }) as DeploymentGroup);
      }
    }
    return groups;
  }

  async getDeploymentConfig(name: string): Promise<DeploymentConfig> {
    const out = await this.#send(
      "GetDeploymentConfig",
      (c, o) => c.send(new GetDeploymentConfigCommand({ deploymentConfigName: name }), o),
    );
    return compact({ ...out.deploymentConfigInfo, deploymentConfigName: name }) as DeploymentConfig;
  }

  async createDeployment(input: CreateDeploymentInput): Promise<string> {
    const out = await this.#send(
      "CreateDeployment",
      (c, o) =>
        c.send(
          new CreateDeploymentCommand({
            applicationName: input.applicationName,
            deploymentGroupName: input.deploymentGroupName,
            ...(input.deploymentConfigName
              ? { deploymentConfigName: input.deploymentConfigName }
              : {}),
            ...(input.description ? { description: input.description } : {}),
            revision: {
              revisionType: "AppSpecContent",
              appSpecContent: { content: input.appSpecContent },
            },
          }),
          o,
        ),
      this.#clients.once,
    );
    if (!out.deploymentId) {
      throw new EcsApiError("ServerException", "CreateDeployment returned no deploymentId");
    }
    return out.deploymentId;
  }

  async getDeployment(deploymentId: string): Promise<CodeDeployDeployment> {
    const out = await this.#send(
      "GetDeployment",
      (c, o) => c.send(new GetDeploymentCommand({ deploymentId }), o),
    );
    const info = out.deploymentInfo;
    if (!info?.status) throw new EcsApiError("ServerException", "GetDeployment returned no status");
    return compact({
      ...info,
      deploymentId: info.deploymentId ?? deploymentId,
    }) as CodeDeployDeployment;
  }

  async getDeploymentTarget(
    deploymentId: string,
    targetId: string,
  ): Promise<EcsDeploymentTarget | undefined> {
    const out = await this.#send(
      "GetDeploymentTarget",
      (c, o) => c.send(new GetDeploymentTargetCommand({ deploymentId, targetId }), o),
    );
    const target = out.deploymentTarget?.ecsTarget;
    if (!target) return undefined;
    return compact({
      ...target,
      targetId: target.targetId ?? targetId,
      lifecycleEvents: (target.lifecycleEvents ?? []).map((e) => compact(e)),
      taskSetsInfo: (target.taskSetsInfo ?? []).map((s) => compact(s)),
    }) as EcsDeploymentTarget;
  }

  async continueDeployment(
    deploymentId: string,
    waitType: "READY_WAIT" | "TERMINATION_WAIT",
  ): Promise<void> {
    await this.#send(
      "ContinueDeployment",
      (c, o) =>
        c.send(new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: waitType }), o),
    );
  }

  async stopDeployment(
    deploymentId: string,
    autoRollbackEnabled: boolean,
  ): Promise<{ status?: string; statusMessage?: string }> {
    const out = await this.#send(
      "StopDeployment",
      (c, o) => c.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled }), o),
    );
    return {
      ...(out.status ? { status: out.status } : {}),
      ...(out.statusMessage ? { statusMessage: out.statusMessage } : {}),
    };
  }

  async #send<T extends { $metadata?: { httpStatusCode?: number; attempts?: number } }>(
    operation: string,
    call: (client: SdkCodeDeployClient, options: { abortSignal?: AbortSignal }) => Promise<T>,
    client: SdkCodeDeployClient = this.#clients.retrying,
  ): Promise<T> {
    const started = performance.now();
    try {
      const out = await call(client, this.#signal ? { abortSignal: this.#signal } : {});
      this.#log(operation, out.$metadata, started, "ok");
      return out;
    } catch (error) {
      if (isServiceException(error)) {
        this.#log(operation, error.$metadata, started, error.name);
        const status = error.$metadata?.httpStatusCode;
        throw new EcsApiError(error.name, error.message, {
          ...(status !== undefined ? { status } : {}),
          cause: error,
        });
      }
      this.#log(operation, undefined, started, "failed");
      throw error;
    }
  }

  #log(
    operation: string,
    metadata: { httpStatusCode?: number; attempts?: number } | undefined,
    started: number,
    result: string,
  ) {
    if (!this.logger) return;
    const ms = Math.round(performance.now() - started);
    this.logger(
      `CodeDeploy ${operation} ${result} status=${metadata?.httpStatusCode ?? "-"} ` +
        `attempts=${metadata?.attempts ?? 1} ${ms}ms`,
    );
  }
}

/** The CodeDeploy client for the same account, region and credentials as ECS's. */
export class AwsCodeDeployClient extends SdkCalls implements AbortableCodeDeployClient {
  readonly #clients: Clients;

  constructor(options: AwsEcsClientOptions = {}) {
    const config: CodeDeployClientConfig = {
      retryStrategy: new ConfiguredRetryStrategy(
        options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        (attempt) => Math.round(Math.random() * Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** attempt)),
      ),
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        throwOnRequestTimeout: true,
      },
    };
    if (options.region !== undefined) config.region = options.region;
    if (options.profile !== undefined) config.profile = options.profile;
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.credentials !== undefined) config.credentials = { ...options.credentials };
    const clients: Clients = {
      retrying: new SdkCodeDeployClient(config),
      once: new SdkCodeDeployClient({ ...config, retryStrategy: new ConfiguredRetryStrategy(1) }),
    };
    super(clients, options.logger);
    this.#clients = clients;
  }

  withSignal(signal: AbortSignal): CodeDeployClient {
    return new SdkCalls(this.#clients, this.logger, signal);
  }

  destroy(): void {
    this.#clients.retrying.destroy();
    this.#clients.once.destroy();
  }
}
