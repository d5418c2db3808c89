/**
 * The CodeDeploy port within one run's bounds, exactly as `BoundedEcsClient` keeps ECS's: no
 * call starts after the deadline or a signal, a call in flight is abandoned (and aborted, where
 * the adapter can), reads are retried after transient failures and changes only after failures
 * that prove CodeDeploy did not act on them.
 *
 * @module
 */
import type {
  CodeDeployClient,
  CodeDeployDeployment,
  CreateDeploymentInput,
  DeploymentConfig,
  DeploymentGroup,
  EcsDeploymentTarget,
} from "../../codedeploy/codedeploy_client.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import { boundedAwsCall, type CallBounds } from "./bounded_ecs_client.ts";

export class BoundedCodeDeployClient implements CodeDeployClient {
  readonly #client: CodeDeployClient;
  readonly #bounds: CallBounds;

  constructor(client: CodeDeployClient, bounds: CallBounds) {
    this.#client = client;
    this.#bounds = bounds;
  }

  listApplications(): Promise<string[]> {
    return this.#call("ListApplications", (c) => c.listApplications());
  }

  listDeploymentGroups(applicationName: string): Promise<string[]> {
    return this.#call("ListDeploymentGroups", (c) => c.listDeploymentGroups(applicationName));
  }

  batchGetDeploymentGroups(applicationName: string, names: string[]): Promise<DeploymentGroup[]> {
    return this.#call(
      "BatchGetDeploymentGroups",
      (c) => c.batchGetDeploymentGroups(applicationName, names),
    );
  }

  getDeploymentConfig(name: string): Promise<DeploymentConfig> {
    return this.#call("GetDeploymentConfig", (c) => c.getDeploymentConfig(name));
  }

  createDeployment(input: CreateDeploymentInput): Promise<string> {
    return this.#call("CreateDeployment", (c) => c.createDeployment(input));
  }

  getDeployment(deploymentId: string): Promise<CodeDeployDeployment> {
    return this.#call("GetDeployment", (c) => c.getDeployment(deploymentId));
  }

  getDeploymentTarget(
    deploymentId: string,
    targetId: string,
  ): Promise<EcsDeploymentTarget | undefined> {
    return this.#call("GetDeploymentTarget", (c) => c.getDeploymentTarget(deploymentId, targetId));
  }

  continueDeployment(
    deploymentId: string,
    waitType: "READY_WAIT" | "TERMINATION_WAIT",
  ): Promise<void> {
    return this.#call("ContinueDeployment", (c) => c.continueDeployment(deploymentId, waitType));
  }

  stopDeployment(
    deploymentId: string,
    autoRollbackEnabled: boolean,
  ): Promise<{ status?: string; statusMessage?: string }> {
    return this.#call(
      "StopDeployment",
      (c) => c.stopDeployment(deploymentId, autoRollbackEnabled),
    );
  }

  #call<T>(operation: string, invoke: (client: CodeDeployClient) => Promise<T>): Promise<T> {
    return boundedAwsCall(this.#bounds, this.#client, operation, invoke);
  }
}

/** The CodeDeploy calls of a run on `deps`, bounded like its ECS calls; undefined without one. */
export function boundedCodeDeploy(
  deps: Pick<DeployDeps, "codeDeploy" | "clock" | "signal" | "emit">,
  deadline: number,
): BoundedCodeDeployClient | undefined {
  if (!deps.codeDeploy) return undefined;
  return new BoundedCodeDeployClient(deps.codeDeploy, {
    clock: deps.clock,
    deadline,
    signal: deps.signal,
    emit: deps.emit,
  });
}
