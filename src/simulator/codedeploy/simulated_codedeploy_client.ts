/**
 * The `CodeDeployClient` port on the simulated CodeDeploy: every method goes through
 * `SimulatedCodeDeploy.call` with wire-shaped input, as the HTTP emulator does, so engine tests
 * exercise the same code paths as the real SDK against the emulator.
 */
import type {
  CodeDeployClient,
  CodeDeployDeployment,
  CreateDeploymentInput,
  DeploymentConfig,
  DeploymentGroup,
  EcsDeploymentTarget,
} from "../../codedeploy/codedeploy_client.ts";
import type { SimulatedCodeDeploy } from "./simulated_codedeploy.ts";

type Wire = Record<string, unknown>;

export class SimulatedCodeDeployClient implements CodeDeployClient {
  readonly #sim: SimulatedCodeDeploy;

  constructor(sim: SimulatedCodeDeploy) {
    this.#sim = sim;
  }

  async #all(operation: string, input: Wire, member: string): Promise<string[]> {
    const items: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#sim.call(operation, nextToken ? { ...input, nextToken } : input);
      items.push(...((out[member] as string[] | undefined) ?? []));
      nextToken = out.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return items;
  }

  listApplications(): Promise<string[]> {
    return this.#all("ListApplications", {}, "applications");
  }

  listDeploymentGroups(applicationName: string): Promise<string[]> {
    return this.#all("ListDeploymentGroups", { applicationName }, "deploymentGroups");
  }

  async batchGetDeploymentGroups(
    applicationName: string,
    names: string[],
  ): Promise<DeploymentGroup[]> {
    const groups: DeploymentGroup[] = [];
    for (let i = 0; i < names.length; i += 100) {
      const out = await this.#sim.call("BatchGetDeploymentGroups", {
        applicationName,
        deploymentGroupNames: names.slice(i, i + 100),
      });
      groups.push(...(out.deploymentGroupsInfo as DeploymentGroup[]));
    }
    return groups;
  }

  async getDeploymentConfig(name: string): Promise<DeploymentConfig> {
    const out = await this.#sim.call("GetDeploymentConfig", { deploymentConfigName: name });
    return out.deploymentConfigInfo as DeploymentConfig;
  }

  async createDeployment(input: CreateDeploymentInput): Promise<string> {
    const out = await this.#sim.call("CreateDeployment", {
      applicationName: input.applicationName,
      deploymentGroupName: input.deploymentGroupName,
      ...(input.deploymentConfigName ? { deploymentConfigName: input.deploymentConfigName } : {}),
      ...(input.description ? { description: input.description } : {}),
      revision: {
        revisionType: "AppSpecContent",
        appSpecContent: { content: input.appSpecContent },
      },
    });
    return out.deploymentId as string;
  }

  async getDeployment(deploymentId: string): Promise<CodeDeployDeployment> {
    const out = await this.#sim.call("GetDeployment", { deploymentId });
    return structuredClone(out.deploymentInfo) as CodeDeployDeployment;
  }

  async getDeploymentTarget(
    deploymentId: string,
    targetId: string,
  ): Promise<EcsDeploymentTarget | undefined> {
    const out = await this.#sim.call("GetDeploymentTarget", { deploymentId, targetId });
    const target = (out.deploymentTarget as Wire | undefined)?.ecsTarget as Wire | undefined;
    if (!target) return undefined;
    return {
      ...structuredClone(target),
      lifecycleEvents: structuredClone(target.lifecycleEvents ?? []),
      taskSetsInfo: structuredClone(target.taskSetsInfo ?? []),
    } as EcsDeploymentTarget;
  }

  async continueDeployment(
    deploymentId: string,
    waitType: "READY_WAIT" | "TERMINATION_WAIT",
  ): Promise<void> {
    await this.#sim.call("ContinueDeployment", { deploymentId, deploymentWaitType: waitType });
  }

  async stopDeployment(
    deploymentId: string,
    autoRollbackEnabled: boolean,
  ): Promise<{ status?: string; statusMessage?: string }> {
    const out = await this.#sim.call("StopDeployment", { deploymentId, autoRollbackEnabled });
    return out as { status?: string; statusMessage?: string };
  }
}
