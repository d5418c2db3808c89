import { type DeployResult, deployResult } from "../deploy/mod.ts";
import { firstOf } from "./service_target.ts";

/** The result of a command whose flags were invalid: nothing was asked of ECS. */
export function invalidResult(
  flags: { cluster?: string; serviceName?: string | string[] },
  reason: string,
): DeployResult {
  return deployResult({
    outcome: "invalid",
    reason,
    cluster: flags.cluster ?? "",
    service: firstOf(flags.serviceName),
  });
}
