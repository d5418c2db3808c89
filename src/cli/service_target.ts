import { InvalidRequestError } from "../errors.ts";

/**
 * The cluster and service of a command that acts on one existing service (`status`, `wait`,
 * `rollback`), from `-c` and `-n`; both are required.
 *
 * @throws {InvalidRequestError} naming the missing or empty option
 */
export function requiredServiceTarget(
  flags: { cluster?: string; serviceName?: string },
): { cluster: string; service: string } {
  const cluster = flags.cluster?.trim();
  const service = flags.serviceName?.trim();
  if (!cluster) {
    throw new InvalidRequestError(
      flags.cluster === undefined
        ? "Missing required option -c, --cluster: the cluster of the service"
        : "Invalid option -c, --cluster: empty value",
    );
  }
  if (!service) {
    throw new InvalidRequestError(
      flags.serviceName === undefined
        ? "Missing required option -n, --service-name: the service"
        : "Invalid option -n, --service-name: empty value",
    );
  }
  return { cluster, service };
}

/**
 * Seconds of `-t, --timeout` as milliseconds.
 *
 * @throws {InvalidRequestError} unless it is a number of seconds above 0
 */
export function timeoutMs(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidRequestError(
      `Invalid option -t, --timeout "${value}": expected seconds above 0`,
    );
  }
  return Math.round(seconds * 1000);
}
