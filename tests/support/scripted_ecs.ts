import type { EcsClient } from "../../src/ecs/ecs_client.ts";
import type { Service, ServiceDeployment } from "../../src/ecs/types.ts";

/**
 * An ECS whose DescribeServices and DescribeServiceDeployments answer from scripts indexed by
 * the call number (1 for the first), for watch tests that need exact sequences of looks.
 */
export function scriptedEcs(
  services: (n: number) => Service,
  deployments: (n: number) => ServiceDeployment,
): { ecs: EcsClient; reads: () => number } {
  let describes = 0;
  let reads = 0;
  const ecs = {
    describeService: () => Promise.resolve(services(++describes)),
    describeServiceDeployments: () => Promise.resolve([deployments(++reads)]),
  } as unknown as EcsClient;
  return { ecs, reads: () => reads };
}
