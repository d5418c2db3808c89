import { parseRevision } from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";

/** A flag's value without surrounding blanks; an empty one is an error naming the flag. */
export function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new InvalidRequestError(`Invalid option ${flag}: empty value`);
  return value.trim();
}

/** A whole number from `min` to `max`, or an error naming the flag. */
export function wholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new InvalidRequestError(`Invalid option ${flag} "${value}": expected a whole number`);
  }
  const number = Number(value);
  if (number < min || number > max) {
    throw new InvalidRequestError(
      `Invalid option ${flag} "${value}": expected a number from ${min} to ${max}`,
    );
  }
  return number;
}

/**
 * The shortest deadline a flag may set: one second holds a round trip to ECS; anything shorter
 * (`-t 0.0001` rounds to 0 ms) could only end in a timeout, possibly after changing the service.
 */
export const MIN_SECONDS = 1;

/** Seconds, at least {@linkcode MIN_SECONDS}, as milliseconds, or an error naming the flag. */
export function secondsAsMs(value: string, flag: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < MIN_SECONDS) {
    throw new InvalidRequestError(
      `Invalid option ${flag} ${JSON.stringify(value)}: expected seconds, at least ${MIN_SECONDS}`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * A registered revision as `--revision` and `--to` name it: a revision number, `FAMILY:N` or a
 * task definition ARN; checked here so that a malformed one fails before any AWS call.
 */
export function revisionName(value: string | undefined, flag: string): string | undefined {
  const revision = nonEmpty(value, flag);
  if (revision === undefined || /^0*[1-9]\d*$/.test(revision) || parseRevision(revision)) {
    return revision;
  }
  throw new InvalidRequestError(
    `Invalid option ${flag} ${JSON.stringify(value)}: expected a revision number, ` +
      "FAMILY:REVISION or a task definition ARN",
  );
}
