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

/** Seconds above 0 as milliseconds, or an error naming the flag. */
export function secondsAsMs(value: string, flag: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidRequestError(`Invalid option ${flag} "${value}": expected seconds above 0`);
  }
  return Math.round(seconds * 1000);
}
