/**
 * How one run spends its deadline (`-t`): the wait for our deployment ends early enough that
 * what may follow it, the diagnosis and a `--rollback`, still fits.
 *
 * @module
 */

/** The diagnosis may take a tenth of the timeout, at least this much... */
export const DIAGNOSIS_FLOOR_MS = 1_000;
/** ...and at most this much (and never more than half the timeout). */
export const DIAGNOSIS_MAX_MS = 10_000;

/** The share of a run's timeout the diagnosis may take. */
export function diagnosisShare(timeoutMs: number): number {
  return Math.min(
    timeoutMs / 2,
    Math.max(DIAGNOSIS_FLOOR_MS, Math.min(DIAGNOSIS_MAX_MS, timeoutMs / 10)),
  );
}

/**
 * When the wait for our deployment ends, in epoch milliseconds: before the deadline by the
 * diagnosis' share (unless there is to be no diagnosis), or with `--rollback` halfway, so a
 * rollback of a timed-out deployment gets the other half.
 */
export function watchDeadline(
  request: { timeoutMs: number; rollback?: boolean; diagnose?: boolean },
  deadline: number,
): number {
  const reserve = request.rollback
    ? request.timeoutMs / 2
    : request.diagnose === false
    ? 0
    : diagnosisShare(request.timeoutMs);
  return deadline - Math.round(reserve);
}
