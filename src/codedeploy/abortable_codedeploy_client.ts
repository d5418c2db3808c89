/**
 * Binding an abort signal to CodeDeploy calls, where the adapter can (see
 * `src/ecs/abortable_ecs_client.ts` for ECS's): the port's methods take no signal.
 *
 * @module
 */
import type { CodeDeployClient } from "./codedeploy_client.ts";

/** A CodeDeploy client whose calls can be aborted. */
export interface AbortableCodeDeployClient extends CodeDeployClient {
  withSignal(signal: AbortSignal): CodeDeployClient;
}

/** `client.withSignal(signal)` where the adapter offers it, else `client` itself. */
export function withCodeDeploySignal(
  client: CodeDeployClient,
  signal: AbortSignal,
): CodeDeployClient {
  const withSignal = (client as Partial<AbortableCodeDeployClient>).withSignal;
  return typeof withSignal === "function" ? withSignal.call(client, signal) : client;
}
