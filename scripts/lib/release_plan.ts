/**
 * The release build as data: which commands build, archive and checksum every target. Pure, so
 * `deno task release --dry-run` prints exactly what a real run executes and tests can check it.
 *
 * @module
 */
import { InvalidRequestError } from "../../src/errors.ts";
import {
  binaryName,
  compileArgs,
  RELEASE_TARGETS,
  type Target,
  targetOs,
} from "./compile_flags.ts";

/** One step of a release: a command, a removal, or writing the checksum file. */
export type ReleaseStep =
  | { kind: "remove"; paths: string[] }
  | { kind: "exec"; argv: string[] }
  | { kind: "checksums"; dir: string; files: string[]; output: string };

/** Inputs of {@linkcode planRelease}. */
export interface ReleasePlanOptions {
  /** VERSION from src/version.ts. */
  version: string;
  /** The git tag being released: `--tag`, else GITHUB_REF_NAME. */
  tag: string | undefined;
  /** The deno executable that compiles (the running one, so versions match). */
  deno: string;
  targets?: readonly Target[] | undefined;
  distDir?: string | undefined;
  entry?: string | undefined;
}

/** What {@linkcode planRelease} returns: the steps, in order, and the files to publish. */
export interface ReleasePlan {
  version: string;
  steps: ReleaseStep[];
  /** Archives and SHA256SUMS, the files a GitHub release uploads. */
  artifacts: string[];
}

/** The archive name of one target: `ecs-deploy-<version>-<target>.tar.gz`, `.zip` on Windows. */
export function archiveName(version: string, target: Target): string {
  const ext = targetOs(target) === "windows" ? "zip" : "tar.gz";
  return `ecs-deploy-${version}-${target}.${ext}`;
}

/**
 * Plans a release: checks the tag against the version, then for each target compiles into
 * `<dist>/build/<target>/`, archives the binary at the archive root, and finally writes
 * `<dist>/SHA256SUMS` over the archives (sha256sum format).
 *
 * Release binaries can read any file ({@linkcode ReadScope} `any`): their users' home folders
 * and profile-named token files cannot be known when compiling.
 *
 * @throws {InvalidRequestError} when the tag is missing or is not `v<version>`
 */
export function planRelease(options: ReleasePlanOptions): ReleasePlan {
  const { version, tag, deno } = options;
  checkTag(version, tag);
  const dist = options.distDir ?? "dist";
  const targets = options.targets ?? RELEASE_TARGETS;
  const archives = targets.map((target) => archiveName(version, target));
  const steps: ReleaseStep[] = [{
    kind: "remove",
    paths: [`${dist}/build`, `${dist}/SHA256SUMS`, ...archives.map((a) => `${dist}/${a}`)],
  }];
  targets.forEach((target, i) => {
    const buildDir = `${dist}/build/${target}`;
    const binary = binaryName(targetOs(target));
    const archive = `${dist}/${archives[i]}`;
    const compile = compileArgs({
      entry: options.entry ?? "main.ts",
      output: `${buildDir}/${binary}`,
      read: { kind: "any" },
      target,
    });
    steps.push({ kind: "exec", argv: [deno, ...compile] });
    steps.push({
      kind: "exec",
      argv: targetOs(target) === "windows"
        ? ["zip", "-j", "-q", archive, `${buildDir}/${binary}`]
        : ["tar", "-C", buildDir, "-czf", archive, binary],
    });
  });
  steps.push({ kind: "checksums", dir: dist, files: archives, output: `${dist}/SHA256SUMS` });
  return {
    version,
    steps,
    artifacts: [...archives.map((a) => `${dist}/${a}`), `${dist}/SHA256SUMS`],
  };
}

/** Fails unless the tag names exactly this version. */
function checkTag(version: string, tag: string | undefined): void {
  const expected = `v${version}`;
  if (tag === undefined || tag === "") {
    throw new InvalidRequestError(
      `Cannot release ${version}: no git tag given; pass --tag ${expected} or set GITHUB_REF_NAME`,
    );
  }
  if (tag !== expected) {
    throw new InvalidRequestError(
      `Cannot release: tag "${tag}" does not match version "${version}" in src/version.ts ` +
        `(expected tag "${expected}")`,
    );
  }
}

/** Renders a step as one shell line, as `--dry-run` prints it. */
export function formatStep(step: ReleaseStep): string {
  switch (step.kind) {
    case "remove":
      return ["rm", "-rf", ...step.paths].map(shellQuote).join(" ");
    case "exec":
      return step.argv.map(shellQuote).join(" ");
    case "checksums":
      return `(cd ${shellQuote(step.dir)} && ${
        ["sha256sum", ...step.files].map(shellQuote).join(" ")
      } > ${shellQuote(basename(step.output))})`;
  }
}

/** Formats checksum lines exactly as `sha256sum` does for binary-safe text mode. */
export function formatChecksums(entries: { file: string; sha256: string }[]): string {
  return entries.map(({ file, sha256 }) => `${sha256}  ${file}\n`).join("");
}

/** Quotes a word for POSIX shells when it contains anything beyond a safe set. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,/:@%]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
