/**
 * The connection flags the user gave (`--endpoint-url`, `-p`, `-r`), as arguments to repeat in
 * the commands printed to go on with, so a copy-paste reaches the same endpoint, account and
 * region. Never the credentials (`-k`, `-s`): they belong in the environment, not in a log.
 */
export function connectionArgs(flags: {
  endpointUrl?: string;
  profile?: string;
  region?: string;
}): string[] {
  return [
    ...(flags.endpointUrl ? ["--endpoint-url", flags.endpointUrl] : []),
    ...(flags.profile ? ["-p", flags.profile] : []),
    ...(flags.region ? ["-r", flags.region] : []),
  ];
}
