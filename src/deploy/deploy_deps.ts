import type { Clock } from "../clock.ts";
import type { CodeDeployClient } from "../codedeploy/codedeploy_client.ts";
import type { EcsClient } from "../ecs/ecs_client.ts";
import type { LogsClient } from "../logs/logs_client.ts";
import type { ImageResolver } from "../registry/image_resolver.ts";
import type { EventSink } from "./deploy_events.ts";
import type { PollSettings } from "./watch/poll_schedule.ts";

/** What the engine needs from the outside world. */
export interface DeployDeps {
  ecs: EcsClient;
  /** CodeDeploy, for services of the CODE_DEPLOY controller (built on its first call). */
  codeDeploy?: CodeDeployClient;
  clock: Clock;
  emit: EventSink;
  /** Aborted on SIGINT/SIGTERM; its reason is the signal's name. */
  signal?: AbortSignal;
  /** Aborted on the next signal after that one: it stops a rollback the first one started. */
  secondSignal?: AbortSignal;
  poll?: PollSettings;
  /** CloudWatch Logs, for the lines of one-off tasks; without it no lines are read. */
  logs?: LogsClient;
  /** Resolves image tags to digests (`--pin-digests`, `--verify-digests`). */
  images?: ImageResolver;
}
