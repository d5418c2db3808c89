/**
 * The AWS services the emulator answers beside ECS, on the same port: each is chosen by its
 * `X-Amz-Target` prefix, and reads and changes the same simulated world as ECS does.
 *
 * @module
 */
import type { SimulatedEcs } from "../simulator/simulated_ecs.ts";
import type { WireService } from "./ecs_wire_handler.ts";

/** The services beside ECS answered for `sim`. */
export function emulatedServices(_sim: SimulatedEcs): WireService[] {
  return [];
}
