/**
 * How the watch looks at our deployment, and how often it reads which part. A strategy whose
 * verdict rests on the ServiceDeployment reads it on every look; the service itself (its events,
 * `deployments[]` with the task counts) only when the ServiceDeployment shows a change, when it
 * cannot be read, or every {@linkcode SERVICE_REFRESH_MS}: the verdict never needs it then, so
 * a look costs one call instead of two.
 *
 * @module
 */
import type { Clock } from "../../clock.ts";
import type { CodeDeployClient } from "../../codedeploy/codedeploy_client.ts";
import type { EventSink } from "../deploy_events.ts";
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { Service, ServiceDeployment } from "../../ecs/types.ts";
import { unlessUnavailable } from "../calls/call_errors.ts";
import type { TrackedDeployment } from "./judge_deployment.ts";
import type { DeploymentStrategy, Observation } from "../strategy/deployment_strategy.ts";

/** The longest the service read may be reused while its ServiceDeployment shows no change. */
export const SERVICE_REFRESH_MS = 30_000;

/** Reads observations: `read()` makes the calls, `observation(service)` pairs what it read. */
export interface ObservationReader {
  /** The service (fresh or reused), undefined once it is missing; reads the ServiceDeployment too. */
  read(): Promise<Service | undefined>;
  observation(service: Service): Observation;
}

export function observationReader(options: {
  ecs: EcsClient;
  codeDeploy?: CodeDeployClient | undefined;
  clock: Clock;
  emit?: EventSink;
  strategy: DeploymentStrategy;
  tracked: TrackedDeployment;
  cluster: string;
  service: string;
}): ObservationReader {
  const { ecs, clock, tracked } = options;
  if (options.strategy.source) {
    return options.strategy.source(tracked, { emit: () => {}, ...options });
  }
  const describeService = () => ecs.describeService(options.cluster, options.service);
  const arn = tracked.serviceDeploymentArn;
  if (!options.strategy.readsServiceDeployment || !arn) {
    return { read: describeService, observation: (service) => ({ service }) };
  }
  let deployment: ServiceDeployment | undefined;
  let service: Service | undefined;
  let serviceReadAt = -Infinity;
  let shown: string | undefined;
  return {
    async read() {
      [deployment] = await unlessUnavailable(ecs.describeServiceDeployments([arn])) ?? [];
      const now = deployment ? changesOf(deployment) : undefined;
      const due = !service || !deployment || now !== shown ||
        clock.now() - serviceReadAt >= SERVICE_REFRESH_MS;
      shown = now;
      if (due) {
        service = await describeService();
        serviceReadAt = clock.now();
      }
      return service;
    },
    observation: (service) => deployment ? { service, serviceDeployment: deployment } : { service },
  };
}

/** What of a ServiceDeployment, when it changes, makes the service worth reading again. */
function changesOf(deployment: ServiceDeployment): string {
  const counts = (revision: ServiceDeployment["targetServiceRevision"]) =>
    revision
      ? [
        revision.requestedTaskCount,
        revision.runningTaskCount,
        revision.pendingTaskCount,
        revision.requestedProductionTrafficWeight,
      ]
      : null;
  // Not the stage or its hooks: they move on without the service's tasks changing.
  return JSON.stringify([
    deployment.status,
    counts(deployment.targetServiceRevision),
    deployment.sourceServiceRevisions?.map(counts),
  ]);
}
