/**
 * The AWS services the emulator answers beside ECS, on the same port: each is chosen by its
 * `X-Amz-Target` prefix, and reads and changes the same simulated world as ECS does.
 *
 * @module
 */
import {
  CODEDEPLOY_TARGET_PREFIX,
  SimulatedCodeDeploy,
} from "../simulator/codedeploy/simulated_codedeploy.ts";
import type { SimulatedEcs } from "../simulator/simulated_ecs.ts";
import type { WireService } from "./ecs_wire_handler.ts";

/** The services beside ECS answered for `sim`. */
export function emulatedServices(sim: SimulatedEcs): WireService[] {
  return [
    // CodeDeploy deploys the CODE_DEPLOY services of this ECS, on its clock.
    { targetPrefix: CODEDEPLOY_TARGET_PREFIX, backend: new SimulatedCodeDeploy({ ecs: sim }) },
  ];
}
