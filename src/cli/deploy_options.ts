import { InvalidRequestError } from "../errors.ts";
import { type DeployRequest, parseContainerImage } from "../deploy/mod.ts";
import { parseImageReference, validateTag } from "../image/image_reference.ts";
import { nonEmpty, revisionName, secondsAsMs, wholeNumber } from "./flag_values.ts";
import { stageRequest } from "./stage_options.ts";
import { commandWords } from "./parse_word_list.ts";
import {
  type EditFlags,
  givenEditFlags,
  type ReadTextFile,
  toEditRequest,
} from "./edit_options.ts";
import { type DigestFlags, digestRequest } from "./digest_options.ts";

/** The deploy command's flags as commander hands them over (strings, not yet validated). */
export interface DeployFlags extends EditFlags, DigestFlags {
  revision?: string;
  cluster?: string;
  serviceName?: string;
  taskDefinition?: string;
  image?: string[];
  containerImage?: string[];
  tag?: string;
  forceNewDeployment?: true;
  desiredCount?: string;
  min?: string;
  max?: string;
  timeout: string;
  wait: boolean;
  dryRun?: true;
  showValues?: true;
  rollback?: true;
  onCancel?: "stop" | "rollback";
  onPause?: "wait" | "exit";
  waitUntil?: string;
  stallTimeout?: string;
  waitForIdle?: true;
  force?: true;
  keepRevisions?: string;
  maxDefinitions?: string;
  runBefore?: string[];
}

/**
 * Turns flags into a {@linkcode DeployRequest}, or throws {@linkcode InvalidRequestError}
 * naming the flag. Runs before any AWS call.
 */
export function toDeployRequest(
  flags: DeployFlags,
  readTextFile: ReadTextFile = Deno.readTextFileSync,
): DeployRequest {
  const cluster = nonEmpty(flags.cluster, "-c, --cluster");
  if (cluster === undefined) {
    throw new InvalidRequestError(
      "Missing required option -c, --cluster: the cluster to deploy to",
    );
  }
  const service = nonEmpty(flags.serviceName, "-n, --service-name");
  const taskDefinition = nonEmpty(flags.taskDefinition, "-d, --task-definition");
  if (service !== undefined && taskDefinition !== undefined) {
    throw new InvalidRequestError(
      "Options -n, --service-name and -d, --task-definition cannot be used together: " +
        "-n deploys a service, -d only registers a new revision of a family",
    );
  }
  if (service === undefined && taskDefinition === undefined) {
    throw new InvalidRequestError(
      "Missing required option: give -n, --service-name to deploy a service, or " +
        "-d, --task-definition to register a new revision of a family",
    );
  }
  const minimumHealthyPercent = wholeNumber(flags.min, "-m, --min", 0, 100);
  const maximumPercent = wholeNumber(flags.max, "-M, --max", 1, 1000);
  if (
    minimumHealthyPercent !== undefined && maximumPercent !== undefined &&
    minimumHealthyPercent > maximumPercent
  ) {
    throw new InvalidRequestError(
      `Invalid options -m, --min "${flags.min}" and -M, --max "${flags.max}": ` +
        "the minimum healthy percent cannot exceed the maximum percent",
    );
  }

  checkShowValues(flags);
  const tag = nonEmpty(flags.tag, "--tag");
  if (tag !== undefined) namingFlag("--tag", () => validateTag(tag));
  const desiredCount = wholeNumber(flags.desiredCount, "-D, --desired-count", 0, 100_000);
  const request: DeployRequest = {
    cluster,
    images: (flags.image ?? []).map((image) => {
      if (image.trim() === "") {
        throw new InvalidRequestError("Invalid option -i, --image: empty image");
      }
      return namingFlag("-i, --image", () => (parseImageReference(image), image));
    }),
    containerImages: (flags.containerImage ?? []).map((arg) =>
      namingFlag("-l, --container-image", () => {
        const parsed = parseContainerImage(arg);
        parseImageReference(parsed.image);
        return parsed;
      })
    ),
    forceNewDeployment: flags.forceNewDeployment === true,
    timeoutMs: secondsAsMs(flags.timeout, "-t, --timeout"),
    wait: flags.wait,
    dryRun: flags.dryRun === true,
  };
  if (flags.waitForIdle && flags.force) {
    throw new InvalidRequestError(
      "Options --wait-for-idle and --force cannot be used together: wait for the deployment in " +
        "progress, or deploy over it",
    );
  }
  if (flags.keepRevisions !== undefined && flags.maxDefinitions !== undefined) {
    throw new InvalidRequestError(
      "Options --keep-revisions and --max-definitions are the same; give one of them",
    );
  }
  const keepRevisions = flags.keepRevisions !== undefined
    ? wholeNumber(flags.keepRevisions, "--keep-revisions", 1, 10_000)
    : wholeNumber(flags.maxDefinitions, "--max-definitions", 1, 10_000);
  if (service === undefined && (flags.rollback || keepRevisions !== undefined)) {
    throw new InvalidRequestError(
      "Options --rollback and --keep-revisions need -n, --service-name: they act after a deploy",
    );
  }
  if (flags.rollback && !flags.wait) {
    throw new InvalidRequestError(
      "Options --rollback and --no-wait cannot be used together: a rollback needs the outcome",
    );
  }
  if (flags.rollback) request.rollback = true;
  if (flags.onCancel !== undefined) request.onCancel = flags.onCancel;
  const stages = stageRequest(flags);
  if ((stages.onPause !== undefined || stages.waitUntilStage !== undefined) && !flags.wait) {
    throw new InvalidRequestError(
      "Options --on-pause and --wait-until cannot be used with --no-wait: they say when to stop " +
        "waiting",
    );
  }
  Object.assign(request, stages, digestRequest(flags));
  if (flags.stallTimeout !== undefined) {
    request.stallTimeoutMs = secondsAsMs(flags.stallTimeout, "--stall-timeout");
  }
  if (flags.waitForIdle) request.whenBusy = "wait";
  if (flags.force) request.whenBusy = "force";
  if (keepRevisions !== undefined) request.keepRevisions = keepRevisions;
  if (flags.runBefore !== undefined) {
    if (service === undefined) {
      throw new InvalidRequestError(
        "Option --run-before needs -n, --service-name: its tasks run on the service's network",
      );
    }
    request.runBefore = flags.runBefore.map((command) => commandWords(command, "--run-before"));
  }
  const revision = revisionName(flags.revision, "--revision");
  if (revision !== undefined) checkRevisionAlone(flags, service);
  const edits = toEditRequest(flags, readTextFile);
  if (edits !== undefined) request.edits = edits;
  if (revision !== undefined) request.revision = revision;
  if (service !== undefined) request.service = service;
  if (taskDefinition !== undefined) request.taskDefinition = taskDefinition;
  if (tag !== undefined) request.tag = tag;
  if (desiredCount !== undefined) request.desiredCount = desiredCount;
  if (minimumHealthyPercent !== undefined) request.minimumHealthyPercent = minimumHealthyPercent;
  if (maximumPercent !== undefined) request.maximumPercent = maximumPercent;
  return request;
}

/**
 * `--revision` deploys a registered revision as it is: it needs a service, and nothing that
 * would change the task definition can go with it.
 *
 * @throws {InvalidRequestError} naming the flags that cannot go with it
 */
function checkRevisionAlone(flags: DeployFlags, service: string | undefined): void {
  if (service === undefined) {
    throw new InvalidRequestError(
      "Option --revision needs -n, --service-name: it points a service at a revision",
    );
  }
  const changing = [
    ...(flags.image ? ["-i, --image"] : []),
    ...(flags.containerImage ? ["-l, --container-image"] : []),
    ...(flags.tag !== undefined ? ["--tag"] : []),
    ...(flags.taskDefinition !== undefined ? ["-d, --task-definition"] : []),
    ...givenEditFlags(flags),
  ];
  if (changing.length > 0) {
    throw new InvalidRequestError(
      `Option --revision cannot be used with ${changing.join(", ")}: it deploys a registered ` +
        "revision as it is, registering none",
    );
  }
}

/**
 * Runs a check of one flag's value; its error (an image or tag problem, which knows nothing of
 * flags) is rethrown naming the flag, with the original as cause.
 */
function namingFlag<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const detail = error.message.charAt(0).toLowerCase() + error.message.slice(1);
    throw new InvalidRequestError(`Invalid option ${flag}: ${detail}`, { cause: error });
  }
}

/**
 * `--show-values` goes with `--dry-run` only: a real deploy never prints environment values or
 * secret references, so a CI log cannot collect them by a flag left in a script.
 *
 * @throws {InvalidRequestError} when `--show-values` comes without `--dry-run`
 */
export function checkShowValues(flags: { showValues?: true; dryRun?: true }): void {
  if (flags.showValues && !flags.dryRun) {
    throw new InvalidRequestError(
      "Option --show-values needs --dry-run: a real deploy never prints environment values or " +
        "secret references",
    );
  }
}
