/** How often the watch asks ECS, in milliseconds. */
export interface PollSettings {
  /** The fastest rate: at most one DescribeServices a second. */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** How long nothing may change before polling slows down. */
  patienceMs: number;
  backoffFactor: number;
}

export const defaultPollSettings: PollSettings = {
  minIntervalMs: 1_000,
  maxIntervalMs: 4_000,
  patienceMs: 10_000,
  backoffFactor: 1.5,
};

/**
 * The delay before the next poll: the fastest rate while the rollout moves or has only just
 * stopped moving, slowing down gradually while nothing changes, never past the deadline.
 */
export function nextPollDelay(
  settings: PollSettings,
  previousDelayMs: number,
  quietForMs: number,
  remainingMs: number,
): number {
  const delay = quietForMs < settings.patienceMs
    ? settings.minIntervalMs
    : Math.min(settings.maxIntervalMs, previousDelayMs * settings.backoffFactor);
  return Math.max(0, Math.min(delay, remainingMs));
}
