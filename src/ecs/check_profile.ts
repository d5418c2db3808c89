/**
 * Whether a named AWS profile exists in the shared config files, read the way the AWS SDK reads
 * them. Without this check a mistyped profile reaches the SDK, which reports only that the region
 * is missing (the region would have come from the profile). Pure: the composition root reads the
 * files and passes their text.
 *
 * @module
 */
import { AwsSetupError } from "./setup_errors.ts";

/** One shared file as read: its path as shown to the user, its kind, its text if it exists. */
export interface SharedConfigFile {
  /** The path as shown in messages (`~/.aws/config`, or `AWS_CONFIG_FILE` as given). */
  path: string;
  kind: "config" | "credentials";
  /** Undefined when the file does not exist. */
  text: string | undefined;
}

/**
 * The profiles a shared file defines. In the config file a profile is `[default]` or
 * `[profile NAME]` (other sections, such as `[sso-session NAME]`, are not profiles, and the SDK
 * ignores `[NAME]` there); in the credentials file every `[NAME]` is one.
 */
export function profilesIn(file: Pick<SharedConfigFile, "kind" | "text">): string[] {
  const names: string[] = [];
  for (const line of (file.text ?? "").split(/\r?\n/)) {
    const section = /^\s*\[([^\[\]]+)\]\s*(?:[#;].*)?$/.exec(line)?.[1]?.trim();
    if (section === undefined) continue;
    if (file.kind === "credentials") names.push(section);
    else if (section === "default") names.push(section);
    else {
      const profile = /^profile\s+(\S+)$/.exec(section)?.[1];
      if (profile !== undefined) names.push(profile);
    }
  }
  return [...new Set(names)];
}

/**
 * An {@linkcode AwsSetupError} when `profile` is in none of `files`, naming the files read and
 * the profiles they define; undefined when it is there. `default` always passes: the SDK works
 * without a default profile (from the environment's credentials, say).
 */
export function checkProfile(
  profile: string,
  files: SharedConfigFile[],
): AwsSetupError | undefined {
  if (profile === "default") return undefined;
  const profiles = [...new Set(files.flatMap((file) => profilesIn(file)))];
  if (profiles.includes(profile)) return undefined;
  const read = files.map((file) => file.text === undefined ? `${file.path} (missing)` : file.path);
  return new AwsSetupError(
    "unknown_profile",
    `Profile "${profile}" not found in the shared config files (read ${read.join(", ")})`,
    { profile, files: files.map((file) => file.path), profiles },
  );
}
