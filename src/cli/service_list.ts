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
    const key = `${member.service}@${member.cluster}`;
    const before = seen.get(key);
    if (before !== undefined) {
      throw new InvalidRequestError(
        `Service "${member.service}" in cluster "${member.cluster}" is given twice (${before} ` +
          `and ${where}); list each service once`,
      );
    }
    seen.set(key, where);
    members.push(member);
  }
  return members;
}

function parseMember(text: string, where: string, defaultCluster: string): GroupMember {
  if (text === "") throw new InvalidRequestError(`Invalid option ${where}: empty value`);
  const at = text.indexOf("@");
  if (at < 0) return { service: text, cluster: defaultCluster };
  const service = text.slice(0, at).trim();
  const cluster = text.slice(at + 1).trim();
  if (service === "" || cluster === "" || cluster.includes("@")) {
    throw new InvalidRequestError(
      `Invalid service ${JSON.stringify(text)} (${where}): expected SERVICE or SERVICE@CLUSTER`,
    );
  }
  return { service, cluster };
}
