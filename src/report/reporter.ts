import type { DeployEvent } from "../deploy/mod.ts";

/** Where output goes: production writes to stdout/stderr, tests collect the text. */
export type Write = (text: string) => void;

/** Renders engine events for a person or a machine. */
export interface Reporter {
  report(event: DeployEvent): void;
  /** Stops what a reporter does on its own (a heartbeat, redraws); `finished` does too. */
  close?(): void;
}
