/** How a deploy ended. DESIGN.md, "Outcomes and exit codes". */
export type Outcome =
  | "succeeded"
  | "failed"
  | "rolled_back"
  | "superseded"
  | "invalid"
  | "timed_out"
  | "error"
  | "cancelled";

/** The one place where outcomes become exit codes. */
export function exitCodeFor(outcome: Outcome, signal?: "SIGINT" | "SIGTERM"): number {
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
    case "cancelled":
      return signal === "SIGTERM" ? 143 : 130;
  }
}
