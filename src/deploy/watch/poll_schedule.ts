/** How often the watch asks ECS, in milliseconds. */
export interface PollSettings {
  /** The usual fastest rate, while the rollout moves: one look a second. */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** How long nothing may change before polling slows down. */
  patienceMs: number;
  backoffFactor: number;
  /**
   * The rate while an outcome is near (the old tasks draining, a bake about to end, the clean-up):
   * faster than `minIntervalMs`, so the watch ends soon after ECS does.
   */
  nearIntervalMs: number;
  /**
   * How long one stretch of looking near may keep the fast rate: ECS may drain old tasks for
   * minutes (the load balancer's deregistration delay), and the watch must not hammer it.
   */
  nearForMs: number;
  /**
   * The slow rate while the outcome is known to be far (a bake with minutes left, a PAUSE hook
   * awaiting someone): ECS's own clock or a person moves it on, so looking often gains nothing.
   */
  farIntervalMs: number;
}

export const defaultPollSettings: PollSettings = {
  minIntervalMs: 1_000,
  maxIntervalMs: 5_000,
  patienceMs: 6_000,
  backoffFactor: 1.5,
  nearIntervalMs: 250,
  nearForMs: 5_000,
  farIntervalMs: 10_000,
};

/** What the last look says about the outcome to come (see DeploymentStrategy.outlook). */
export interface PollOutlook {
  /** How long the outcome has looked near, in milliseconds; undefined while it does not. */
  nearForMs?: number | undefined;
  /** How much longer than `nearForMs` of the settings this stretch of looking near may last. */
  nearExtraMs?: number | undefined;
  /** How long after the outcome first looked near the near rate begins. */
  nearFromMs?: number | undefined;
  /**
   * When the next edge is due (a bake or a traffic step ending), in milliseconds from now:
   * nothing but a failure comes before it, so the watch may slow down to the far rate until then.
   */
  dueInMs?: number | undefined;
  /** The outcome is far, with no time known (a PAUSE hook awaiting action). */
  far?: boolean | undefined;
}

/**
 * The delay before the next poll: the fast near rate while an outcome is near (for a bounded
 * time); else the usual rate while the rollout moves or has only just stopped moving, slowing
 * down gradually while nothing changes; until an expected edge is due (waking up then), or while
 * the outcome is far, slowing down at once, to the far rate. Never past the deadline.
 */
export function nextPollDelay(
  settings: PollSettings,
  previousDelayMs: number,
  quietForMs: number,
  remainingMs: number,
  outlook: PollOutlook = {},
): number {
  // Far from an edge the back-off starts at once and goes on to the far rate. Gradually, not in
  // one jump: ECS time may run faster than ours (the emulator's --time-scale), and a bake that
  // ends early is still seen soon.
  const far = outlook.dueInMs !== undefined || outlook.far === true;
  let delay = quietForMs < settings.patienceMs && !far ? settings.minIntervalMs : Math.min(
    far ? settings.farIntervalMs : settings.maxIntervalMs,
    Math.max(settings.minIntervalMs, previousDelayMs * settings.backoffFactor),
  );
  const nearFor = settings.nearForMs + (outlook.nearExtraMs ?? 0);
  if (outlook.nearForMs !== undefined && outlook.nearForMs < nearFor) {
    const wait = (outlook.nearFromMs ?? 0) - outlook.nearForMs;
    delay = Math.max(settings.nearIntervalMs, Math.min(delay, wait));
  } else if (outlook.dueInMs !== undefined) {
    delay = Math.min(delay, Math.max(settings.nearIntervalMs, outlook.dueInMs));
  }
  return Math.max(0, Math.min(delay, remainingMs));
}
