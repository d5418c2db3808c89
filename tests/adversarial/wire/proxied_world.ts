/**
 * An end-to-end world with the fault proxy between the CLI and the emulator: the CLI runs as a
 * child process through the real AWS SDK, the proxy hangs, delays or drops the calls a scenario
 * scripts and records every request in order, and the emulator records what reached ECS.
 *
 * @module
 */
import type { FaultProxy } from "../../support/fault_proxy.ts";
import { cliTarget, type E2eWorld, inWorld } from "../../e2e/e2e_world.ts";
import type { SeedDemoOptions } from "../../../src/emulator/seed_demo.ts";

/** Runs `body` with a seeded emulator for `cluster` and the world's fault proxy in front of it. */
export function inProxiedWorld(
  cluster: string,
  options: Omit<SeedDemoOptions, "cluster">,
  body: (world: E2eWorld, proxy: FaultProxy) => Promise<void>,
): Promise<void> {
  return inWorld(cluster, options, (world) => body(world, world.proxy));
}

/** `deploy -c -n -i IMAGE` through the world's proxy with JSON output, then `extra`. */
export function deployThrough(world: E2eWorld, image: string, ...extra: string[]): string[] {
  return cliTarget(world, "-i", image, ...extra);
}

/** Resolves once `ready` holds, checking every few milliseconds. */
export async function until(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  // A guard against a hung test, not a speed assertion.
  for (let turns = 0; turns < 3_000; turns++) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Gave up waiting until ${what}`);
}

/** How many requests of `operation` the proxy has seen, and how many of them hang. */
export function seen(proxy: FaultProxy, operation: string): { all: number; hung: number } {
  const matching = proxy.requests.filter((r) => r.operation === operation);
  return { all: matching.length, hung: matching.filter((r) => r.fault === "hang").length };
}
