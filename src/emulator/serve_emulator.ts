/**
 * The emulator: the simulated ECS behind an HTTP server on loopback speaking the ECS wire
 * protocol, so the AWS SDK, the AWS CLI and other tools can talk to it.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { SimulatedEcs } from "../simulator/simulated_ecs.ts";
import { defaultTimings, type SimulatedTimings } from "../simulator/timings.ts";
import { createEcsWireHandler, type RecordedCall, type WireService } from "./ecs_wire_handler.ts";
import { emulatedServices } from "./emulated_services.ts";
import { type EmulatorFaults, FaultInjector } from "./fault_injector.ts";

/** The port the emulator listens on unless told otherwise. */
export const DEFAULT_EMULATOR_PORT = 4599;
/** The address the emulator listens on unless told otherwise: loopback only. */
export const DEFAULT_EMULATOR_HOSTNAME = "127.0.0.1";

/** Options of {@linkcode serveEmulator}. */
export interface ServeEmulatorOptions {
  /** 4599 unless given; 0 picks any free port. */
  port?: number;
  /** 127.0.0.1 unless given. */
  hostname?: string;
  /** The clock the simulated ECS runs on; the system clock unless given. */
  clock?: Clock;
  /** Overrides of the default rollout timings. */
  timings?: Partial<SimulatedTimings>;
  faults?: EmulatorFaults;
  /** Seed of the simulated ECS (ids, task placement). */
  seed?: number;
  /**
   * The simulated ECS to serve (restored from a state file, seeded with a demo), instead of a
   * new one made from `clock`, `timings` and `seed`.
   */
  sim?: SimulatedEcs;
  /** Told about every answered request, after it is recorded. */
  onCall?: (call: RecordedCall) => void;
  /** Shuts the emulator down when aborted. */
  signal?: AbortSignal;
  /** Called with the base URL once the server listens. */
  onListen?: (url: string) => void;
}

/** A listening emulator. */
export interface RunningEmulator {
  /** The base URL, such as `http://127.0.0.1:4599`; pass it as the SDK or CLI endpoint. */
  url: string;
  /** The simulated ECS behind the server, for seeding state and inspecting it in tests. */
  sim: SimulatedEcs;
  /** The services answered beside ECS (CodeDeploy, ...), for seeding them in tests. */
  services: WireService[];
  /** Every request answered so far, in order. */
  calls: RecordedCall[];
  /** Stops listening and waits for requests in flight; safe to call more than once. */
  shutdown(): Promise<void>;
}

/** Starts the emulator; resolves once it listens. */
export async function serveEmulator(options: ServeEmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const hostname = options.hostname ?? DEFAULT_EMULATOR_HOSTNAME;
  const simOptions: ConstructorParameters<typeof SimulatedEcs>[0] = {
    clock,
    timings: { ...defaultTimings, ...options.timings },
  };
  if (options.seed !== undefined) simOptions.seed = options.seed;
  const sim = options.sim ?? new SimulatedEcs(simOptions);
  const calls: RecordedCall[] = [];
  // Built before listening so a bad fault configuration fails without opening a port.
  const faults = options.faults ? new FaultInjector(options.faults, clock.now()) : undefined;
  const services = emulatedServices(sim);
  const handler = createEcsWireHandler({
    backend: sim,
    services,
    clock,
    ...(faults ? { faults } : {}),
    onCall: (call) => {
      calls.push(call);
      options.onCall?.(call);
    },
  });

  const listening = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: options.port ?? DEFAULT_EMULATOR_PORT,
    hostname,
    onListen: (addr) => listening.resolve(addr),
    // Deno.serve would log and answer 500 with HTML; keep the ECS error shape instead.
    onError: (error) =>
      new Response(
        JSON.stringify({ __type: "ServerException", message: `Internal error: ${error}` }),
        { status: 500, headers: { "content-type": "application/x-amz-json-1.1" } },
      ),
  }, handler);
  const addr = await listening.promise;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${host}:${addr.port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      options.signal?.removeEventListener("abort", onAbort);
      await server.shutdown();
    })();
    return stopping;
  };
  const onAbort = () => void shutdown();
  if (options.signal?.aborted) await shutdown();
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  options.onListen?.(url);
  return { url, sim, services, calls, shutdown };
}
