/** How a deploy (or any command) ended. DESIGN.md, "Outcomes and exit codes". */
export type Outcome =
  | "succeeded"
  | "failed"
  | "rolled_back"
  | "superseded"
  | "invalid"
  | "timed_out"
  | "error"
  | "cancelled"
  | "paused";

/** The signals that cancel a run. */
export type CancelSignal = "SIGINT" | "SIGTERM";

/**
 * The signal an abort names: main.ts aborts with the signal's name as reason. Anything else
 * (an abort without a name, a test's controller) counts as SIGINT, the interactive Ctrl+C.
 */
export function cancelSignalOf(signal: AbortSignal | CancelSignal | undefined): CancelSignal {
  const name = typeof signal === "string" ? signal : signal?.reason;
  return name === "SIGTERM" ? "SIGTERM" : "SIGINT";
}

/** The one place where outcomes become exit codes. */
export function exitCodeFor(
  outcome: Outcome,
  signal?: AbortSignal | CancelSignal | undefined,
): number {
  switch (outcome) {
    case "succeeded":
      return 0;
    case "failed":
    case "rolled_back":
    case "superseded":
      return 1;
    case "invalid":
      return 2;
    case "timed_out":
      return 3;
    case "error":
      return 4;
    case "paused":
      return 5;
    case "cancelled":
      return cancelSignalOf(signal) === "SIGTERM" ? 143 : 130;
  }
}

/**
 * Outcomes from worst to best, for the one outcome of a group of deploys (`deploy -n a -n b`):
 * what leaves a person the most to find out or do comes first. An interrupted run, then an
 * error whose effect is unknown, then a deadline that passed while ECS went on, then a
 * deployment ECS failed and did not roll back, then a member ECS rejected after others moved,
 * then a rollback (failed, but back where it was), another deployment taking over, a hook
 * awaiting approval, and success.
 */
export const OUTCOMES_WORST_FIRST: readonly Outcome[] = [
  "cancelled",
  "error",
  "timed_out",
  "failed",
  "invalid",
  "rolled_back",
  "superseded",
  "paused",
  "succeeded",
];

/** The worst of `outcomes` by {@linkcode OUTCOMES_WORST_FIRST}; `succeeded` for none. */
export function worstOutcome(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = "succeeded";
  for (const outcome of outcomes) {
    if (OUTCOMES_WORST_FIRST.indexOf(outcome) < OUTCOMES_WORST_FIRST.indexOf(worst)) {
      worst = outcome;
    }
  }
  return worst;
}
