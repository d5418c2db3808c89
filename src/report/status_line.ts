import type { Style } from "./ansi.ts";
import { formatElapsed } from "./short_names.ts";

/**
 * What a deploy is doing now, as the live status line (and the heartbeat) shows it. Each member
 * is a slot; a strategy with stages fills `countdown`.
 */
export interface StatusState {
  /** The phase in words: "deploying api:19", "rolling back to api:18". */
  phase: string;
  /** Where it stands: `2/4 new tasks running, 1 pending, old 2/2 draining`. */
  progress?: string;
  /** A stage that ends at a known time: a bake, a canary's wait. */
  countdown?: { label: string; endsAt: number };
  /** ECS calls retried so far (throttling, outages). */
  retried?: number;
}

/** Spinner frames (braille dots), one per redraw. */
const SPINNER = [
  "\u280b",
  "\u2819",
  "\u2839",
  "\u2838",
  "\u283c",
  "\u2834",
  "\u2826",
  "\u2827",
  "\u2807",
  "\u280f",
];

/** The words of a status: `deploying api:19: 2/4 new tasks running, ...; bake 2m10s left`. */
export function statusText(state: StatusState, now: number): string {
  const parts = [state.progress ? `${state.phase}: ${state.progress}` : state.phase];
  if (state.countdown) {
    parts.push(`${state.countdown.label} ${formatElapsed(state.countdown.endsAt - now)} left`);
  }
  if (state.retried) {
    parts.push(`${state.retried} ECS ${state.retried === 1 ? "call" : "calls"} retried`);
  }
  return parts.join("; ");
}

/** The live status line: a spinner, the elapsed time, then {@linkcode statusText}. */
export function renderStatusLine(
  state: StatusState,
  at: { now: number; elapsedMs: number; frame: number; style: Style },
): string {
  const spinner = SPINNER[at.frame % SPINNER.length]!;
  return `${at.style.bold(spinner)} ${formatElapsed(at.elapsedMs)} ${statusText(state, at.now)}`;
}
