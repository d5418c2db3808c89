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

/** The `X-Amz-Target` prefix of CloudWatch Logs operations. */
export const LOGS_TARGET_PREFIX = "Logs_20140328.";

/** The target prefix of Amazon ECR operations in `X-Amz-Target`. */
export const ECR_TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

/** The `X-Amz-Target` prefix of CloudWatch operations (AWS JSON 1.0, as botocore sends them). */
export const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801.";

/** The services beside ECS answered for `sim`. */
export function emulatedServices(sim: SimulatedEcs): WireService[] {
  return [
    { targetPrefix: ECR_TARGET_PREFIX, backend: sim.ecr },
    // Logs timestamps are epoch milliseconds (longs), never Dates: no timestamp inputs.
    { targetPrefix: LOGS_TARGET_PREFIX, backend: sim.logs },
    { targetPrefix: CLOUDWATCH_TARGET_PREFIX, backend: sim.cloudwatch, jsonVersion: "1.0" },
    // CodeDeploy deploys the CODE_DEPLOY services of this ECS, on its clock.
    { targetPrefix: CODEDEPLOY_TARGET_PREFIX, backend: new SimulatedCodeDeploy({ ecs: sim }) },
  ];
}
