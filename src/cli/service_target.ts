import { InvalidRequestError } from "../errors.ts";
import { secondsAsMs } from "./flag_values.ts";
import { serviceList } from "./service_list.ts";

/**
 * The cluster and service of a command that acts on one existing service (`status`, `wait`,
 * `rollback`), from `-c` and `-n` (`-n SERVICE@CLUSTER` names the cluster itself). `-n` is
 * collected, so that giving it twice is an error rather than the last one silently winning.
 *
 * @throws {InvalidRequestError} naming the missing or empty option, or `-n` given more than once
 */
export function requiredServiceTarget(
  flags: { cluster?: string; serviceName?: string | string[] },
  command = "this command",
): { cluster: string; service: string } {
  const names = typeof flags.serviceName === "string"
    ? [flags.serviceName]
    : flags.serviceName ?? [];
  if (names.length > 1) {
    throw new InvalidRequestError(
      `Option -n, --service-name is given ${names.length} times (${
        names.map((n) => JSON.stringify(n)).join(", ")
      }): ${command} acts on one service; run it once per service`,
    );
  }
  const named = names[0]?.trim();
  const [member] = named?.includes("@") ? serviceList({ names: [named] }, "") : [];
  const cluster = member?.cluster ?? flags.cluster?.trim();
  const service = member?.service ?? named;
  if (!cluster) {
    throw new InvalidRequestError(
      flags.cluster === undefined
        ? "Missing required option -c, --cluster: the cluster of the service"
        : "Invalid option -c, --cluster: empty value",
    );
  }
  if (!service) {
    throw new InvalidRequestError(
      names.length === 0
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

/** Collects a repeatable option's values, in order. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** The first of a collected option's values, for the result of a run that failed to parse. */
export function firstOf(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}
