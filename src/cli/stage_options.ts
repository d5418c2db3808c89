import type { LifecycleStage } from "../ecs/types.ts";
import { InvalidRequestError } from "../errors.ts";
import { LIFECYCLE_STAGES } from "../deploy/mod.ts";
import { Option } from "./commander.ts";

/** `--on-pause` and `--wait-until`, of the commands that wait for a deployment. */
export function stageOptions() {
  return [
    new Option(
      "--on-pause <action>",
      "when a PAUSE lifecycle hook awaits approval: keep waiting, or exit (outcome paused, exit 5)",
    ).choices(["wait", "exit"] as const),
    new Option(
      "--wait-until <stage>",
      "return succeeded once a blue/green, linear or canary deployment reaches this stage",
    ),
  ] as const;
}

/** The request members of {@linkcode stageOptions}, or an error naming a bad stage. */
export function stageRequest(
  flags: { onPause?: "wait" | "exit"; waitUntil?: string },
): { onPause?: "wait" | "exit"; waitUntilStage?: LifecycleStage } {
  const stage = flags.waitUntil?.trim().toUpperCase();
  if (stage !== undefined && !LIFECYCLE_STAGES.includes(stage as LifecycleStage)) {
    throw new InvalidRequestError(
      `Invalid option --wait-until "${flags.waitUntil}": expected a lifecycle stage, one of ` +
        LIFECYCLE_STAGES.join(", "),
    );
  }
  return {
    ...(flags.onPause !== undefined ? { onPause: flags.onPause } : {}),
    ...(stage !== undefined ? { waitUntilStage: stage as LifecycleStage } : {}),
  };
}
