import { InvalidRequestError } from "../errors.ts";
import type { DeployRequest } from "../deploy/mod.ts";
import { nonEmpty } from "./flag_values.ts";

/** The digest flags of `deploy`, as commander hands them over. */
export interface DigestFlags {
  pinDigests?: true;
  verifyDigests?: true;
  registryAuth?: string;
  wait?: boolean;
  revision?: string;
  serviceName?: string;
}

/**
 * Reads `--pin-digests`, `--verify-digests` and `--registry-auth FILE` (the file is read when
 * the resolver is made, before any AWS call).
 *
 * @throws {InvalidRequestError} naming the flag
 */
export function digestRequest(
  flags: DigestFlags,
): Pick<DeployRequest, "pinDigests" | "verifyDigests"> {
  const registryAuth = nonEmpty(flags.registryAuth, "--registry-auth");
  if (registryAuth !== undefined && !flags.pinDigests && !flags.verifyDigests) {
    throw new InvalidRequestError(
      "Option --registry-auth needs --pin-digests or --verify-digests: it is only used to " +
        "resolve image tags",
    );
  }
  const digestFlag = flags.pinDigests ? "--pin-digests" : "--verify-digests";
  if (flags.revision !== undefined && (flags.pinDigests || flags.verifyDigests)) {
    throw new InvalidRequestError(
      `Options --revision and ${digestFlag} cannot be used together: --revision deploys a ` +
        "registered revision as it is, and the digests are those of a revision being made",
    );
  }
  if (flags.verifyDigests && flags.serviceName === undefined) {
    throw new InvalidRequestError(
      "Option --verify-digests needs -n, --service-name: the digests are verified on the " +
        "service's running tasks, and -d alone starts none",
    );
  }
  if (flags.verifyDigests && flags.wait === false) {
    throw new InvalidRequestError(
      "Options --verify-digests and --no-wait cannot be used together: the digests are verified " +
        "on the running tasks once the deployment has finished",
    );
  }
  return {
    ...(flags.pinDigests ? { pinDigests: true } : {}),
    ...(flags.verifyDigests ? { verifyDigests: true } : {}),
  };
}
