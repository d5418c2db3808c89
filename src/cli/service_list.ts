import type { GroupMember } from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";

/** Where the services of a deploy come from: `-n` (repeatable) and `--services-file`. */
export interface ServiceSources {
  /** Every `-n` value, in order. */
  names: string[];
  /** `--services-file`: its path, and its text as read. */
  file?: { path: string; text: string };
}

/**
 * The services a deploy acts on, each in its cluster: `SERVICE` is in `defaultCluster` (`-c`),
 * `SERVICE@CLUSTER` in CLUSTER. A services file holds one per line; blank lines and `#`
 * comments are ignored. Runs before any AWS call.
 *
 * @throws {InvalidRequestError} for an empty name, a malformed `@`, a file without services, or
 * a service given twice
 */
export function serviceList(sources: ServiceSources, defaultCluster: string): GroupMember[] {
  const given: { text: string; where: string }[] = sources.names.map((text) => ({
    text,
    where: "-n, --service-name",
  }));
  if (sources.file) {
    const { path, text } = sources.file;
    const lines = text.split(/\r?\n/).map((line, i) => ({
      text: line.replace(/#.*$/, "").trim(),
      where: `--services-file "${path}" line ${i + 1}`,
    })).filter((line) => line.text !== "");
    if (lines.length === 0) {
      throw new InvalidRequestError(
        `Invalid option --services-file "${path}": it lists no service (one per line; "#" ` +
          "starts a comment)",
      );
    }
    given.push(...lines);
  }
  const members: GroupMember[] = [];
  const seen = new Map<string, string>();
  for (const { text, where } of given) {
    const member = parseMember(text.trim(), where, defaultCluster);
    const named = plainNames(member);
    const key = `${named.service}@${named.cluster}`;
    const before = seen.get(key);
    if (before !== undefined) {
      throw new InvalidRequestError(
        `Service "${named.service}" in cluster "${named.cluster}" is given twice (${before} ` +
          `and ${where}); list each service once`,
      );
    }
    seen.set(key, where);
    members.push(member);
  }
  return members;
}

/**
 * The names in a member given by ARN (`arn:...:service/CLUSTER/NAME`, `arn:...:cluster/NAME`), so
 * that one service given by name and by ARN is seen as given twice.
 */
function plainNames(member: GroupMember): GroupMember {
  const service = /^arn:[^/]+:service\/(?:([^/]+)\/)?([^/]+)$/.exec(member.service);
  const cluster = /^arn:[^/]+:cluster\/([^/]+)$/.exec(member.cluster);
  return {
    service: service?.[2] ?? member.service,
    cluster: service?.[1] ?? cluster?.[1] ?? member.cluster,
  };
}

/** A service or cluster name as ECS allows it (up to 255 letters, digits, `-`, `_`), or an ARN. */
const NAME = /^(?:[A-Za-z0-9_-]{1,255}|arn:[^\s@]+)$/;

function parseMember(text: string, where: string, defaultCluster: string): GroupMember {
  if (text === "") throw new InvalidRequestError(`Invalid option ${where}: empty value`);
  const at = text.indexOf("@");
  const service = (at < 0 ? text : text.slice(0, at)).trim();
  const cluster = at < 0 ? undefined : text.slice(at + 1).trim();
  // Checked here, so that "api worker" or "api," fails before any call, not as a missing service.
  if (!NAME.test(service) || (cluster !== undefined && !NAME.test(cluster))) {
    const detail = service === "" || cluster === "" || cluster?.includes("@")
      ? ""
      : ': names of letters, digits, "-" and "_" (or an ARN)';
    throw new InvalidRequestError(
      `Invalid service ${JSON.stringify(text)} (${where}): expected SERVICE or ` +
        `SERVICE@CLUSTER${detail}`,
    );
  }
  return { service, cluster: cluster ?? defaultCluster };
}
