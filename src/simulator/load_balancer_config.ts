/**
 * The load balancers of a service that ECS shifts traffic for (strategy BLUE_GREEN, LINEAR or
 * CANARY with the ECS controller): each needs an `advancedConfiguration` naming the alternate
 * target group, the production listener rule and the role ECS uses to call Elastic Load
 * Balancing (developer guide, "Required resources for Amazon ECS blue/green deployments"; the
 * API model marks every member optional because rolling services have none). After each
 * successful deployment the two target groups swap roles: green ran in the alternate group,
 * which now takes production traffic.
 *
 * Wording: the listener-rule messages are those of the developer guide's blue/green
 * troubleshooting page; ECS's message for a missing member is not documented, so ours names it.
 */
import type { ServiceRecord, Wire } from "./sim_records.ts";
import { fail, WireInput } from "./wire_input.ts";

const TRAFFIC_SHIFTING = ["BLUE_GREEN", "LINEAR", "CANARY"];
const REQUIRED = ["alternateTargetGroupArn", "productionListenerRule", "roleArn"] as const;
/** An ALB listener rule ARN or an NLB listener ARN, as the two rules must be. */
const RULE_ARN = /^arn:[^:]+:elasticloadbalancing:[^:]*:\d*:(listener-rule\/app|listener\/net)\//;

/** Checks `loadBalancers` of a service deployed with `strategy` (ECS controller). */
export function checkLoadBalancers(
  loadBalancers: readonly unknown[],
  strategy: string,
  controller: string,
): void {
  if (controller !== "ECS" || !TRAFFIC_SHIFTING.includes(strategy)) return;
  loadBalancers.forEach((raw, i) => {
    const lb = new WireInput(raw, `loadBalancers[${i}]`);
    const targetGroup = lb.string("targetGroupArn");
    if (targetGroup === undefined) return;
    const advanced = lb.object("advancedConfiguration");
    if (!advanced) {
      fail(
        "InvalidParameterException",
        `advancedConfiguration is required for the load balancer of target group ${targetGroup} with the ${strategy} deployment strategy.`,
      );
    }
    for (const member of REQUIRED) {
      const value = advanced.string(member);
      if (value === undefined || value === "") {
        fail(
          "InvalidParameterException",
          `advancedConfiguration.${member} is required with the ${strategy} deployment strategy.`,
        );
      }
    }
    if (advanced.string("alternateTargetGroupArn") === targetGroup) {
      fail(
        "InvalidParameterException",
        `advancedConfiguration.alternateTargetGroupArn must differ from targetGroupArn: ${targetGroup}`,
      );
    }
    const production = advanced.string("productionListenerRule")!;
    const test = advanced.string("testListenerRule");
    for (
      const [name, rule] of [["productionListenerRule", production], ["testListenerRule", test]]
    ) {
      if (rule !== undefined && !RULE_ARN.test(rule)) {
        fail(
          "InvalidParameterException",
          `${name} has an invalid ARN format. Must be RuleArn for ALB or ListenerArn for NLB. Got: ${rule}`,
        );
      }
    }
    if (test === production) {
      fail(
        "InvalidParameterException",
        `The following rules cannot be used as both production and test listener rules: ${production}`,
      );
    }
  });
}

/** The target group each load balancer's tasks of a new (green) revision register in. */
export function alternateTargetGroup(lb: Wire): string | undefined {
  const advanced = lb.advancedConfiguration as Wire | undefined;
  const alternate = advanced?.alternateTargetGroupArn;
  return typeof alternate === "string" ? alternate : undefined;
}

/** Swaps the production and alternate target groups of `service` after a successful shift. */
export function swapTargetGroups(service: ServiceRecord): void {
  for (const lb of service.loadBalancers) {
    const alternate = alternateTargetGroup(lb);
    if (alternate === undefined || typeof lb.targetGroupArn !== "string") continue;
    (lb.advancedConfiguration as Wire).alternateTargetGroupArn = lb.targetGroupArn;
    lb.targetGroupArn = alternate;
  }
}
