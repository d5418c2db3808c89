/**
 * The digest step of a plan: with `--pin-digests` the revision to register gets every tagged
 * image pinned to the digest its registry gives the tag now; with `--verify-digests` alone the
 * digests are only noted, for verification after the deployment. Resolution goes through the
 * run's image resolver, bounded by its deadline; nothing is registered before it is done.
 *
 * @module
 */
import { InvalidRequestError } from "../../errors.ts";
import { boundedImageResolver } from "../calls/bounded_image_resolver.ts";
import type { DeployDeps } from "../deploy_deps.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { DeployPlan } from "./plan_deploy.ts";
import { pinDigests, resolveDigests } from "./resolve_digests.ts";

/** The plan with its digests resolved (and pinned, with `--pin-digests`). */
export async function planDigests(
  plan: DeployPlan,
  request: DeployRequest,
  deps: DeployDeps,
  deadline: number,
): Promise<DeployPlan> {
  if (!request.pinDigests && !request.verifyDigests) return plan;
  const subject = `"${plan.service ?? plan.current.taskDefinition.family}"`;
  const flag = request.pinDigests ? "--pin-digests" : "--verify-digests";
  if (plan.targetTaskDefinitionArn !== undefined) {
    throw new InvalidRequestError(
      `Cannot deploy ${subject}: ${flag} cannot be used when deploying a given revision`,
    );
  }
  if (plan.nothingToDeploy) {
    // Nothing is registered or started, so there is nothing to pin or verify; the plan says so.
    return {
      ...plan,
      nothingToDeploy:
        `${plan.nothingToDeploy}; ${flag} acts on a new deployment, and there is none`,
    };
  }
  if (request.pinDigests && !plan.nextTaskDefinition) {
    throw new InvalidRequestError(
      `Cannot deploy ${subject}: --pin-digests pins the images of a new revision, and this ` +
        "deploy registers none; give -i, -l, --tag or an edit of the revision",
    );
  }
  if (!deps.images) throw new Error(`${flag} needs an image resolver, and none was given`);
  const resolver = boundedImageResolver(deps.images, {
    clock: deps.clock,
    deadline,
    signal: deps.signal,
    emit: deps.emit,
  });
  const containers = (plan.nextTaskDefinition ?? plan.current.taskDefinition)
    .containerDefinitions;
  const digests = await resolveDigests(containers, resolver, subject);
  if (!request.pinDigests) return { ...plan, digests };
  const pinned = pinDigests(plan.nextTaskDefinition!, digests);
  return { ...plan, nextTaskDefinition: pinned.next, digests: pinned.digests };
}
