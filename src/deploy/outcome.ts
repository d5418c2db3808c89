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
