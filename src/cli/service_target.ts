import { InvalidRequestError } from "../errors.ts";
import { secondsAsMs } from "./flag_values.ts";

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

/** Seconds of `-t, --timeout` as milliseconds; an error naming the flag unless above 0. */
export function timeoutMs(value: string): number {
  return secondsAsMs(value, "-t, --timeout");
}
