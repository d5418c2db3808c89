import type { DeployResult } from "../deploy/deploy_events.ts";
import { exitCodeFor } from "../deploy/outcome.ts";

/** The result of a command whose flags were invalid: nothing was asked of ECS. */
export function invalidResult(
  flags: { cluster?: string; serviceName?: string },
  reason: string,
): DeployResult {
  return {
    outcome: "invalid",
    exitCode: exitCodeFor("invalid"),
    cluster: flags.cluster ?? "",
    service: flags.serviceName ?? null,
    taskDefinitionArn: null,
    previousTaskDefinitionArn: null,
    deploymentId: null,
    serviceDeploymentArn: null,
    reason,
    imageChanges: [],
    durationMs: 0,
  };
}
