/**
 * An optional capability of port adapters: binding an abort signal to calls, so a caller that
 * stops waiting for a call can also stop the call itself (the HTTP request and the SDK's retries
 * of it). The port's methods take no signal; adapters that can abort offer `withSignal`.
 *
 * @module
 */
import type { EcsClient } from "./ecs_client.ts";

/** A port client whose calls can be aborted. */
export interface AbortableEcsClient extends EcsClient {
  /** The same client (sharing its connections), with every call aborted when `signal` aborts. */
  withSignal(signal: AbortSignal): EcsClient;
}

/**
 * `client.withSignal(signal)` where the adapter offers it, else `client` itself; for any port
 * (ECS, CloudWatch Logs) whose adapters offer `withSignal` the same way.
 */
export function withCallSignal<Port extends object>(client: Port, signal: AbortSignal): Port {
  const withSignal = (client as { withSignal?: (signal: AbortSignal) => Port }).withSignal;
  return typeof withSignal === "function" ? withSignal.call(client, signal) : client;
}
