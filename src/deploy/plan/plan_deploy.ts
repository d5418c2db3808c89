import { InvalidRequestError } from "../../errors.ts";
import type { TaggedTaskDefinition } from "../../ecs/ecs_client.ts";
import type { Service, ServiceUpdate, TaskDefinitionInput } from "../../ecs/types.ts";
import type { DeploymentStrategy, LaunchSummary } from "../strategy/deployment_strategy.ts";
import { strategyOf } from "../strategy/strategy_of.ts";
import { assertDeployable } from "./assert_deployable.ts";
import { changeImages, type ImageChange } from "./change_images.ts";
import { copyTaskDefinition } from "./copy_task_definition.ts";
import { applyEdits } from "./edits/apply_edits.ts";
import { type EditChange, hasEdits } from "./edits/edit_request.ts";
import type { DeployRequest } from "../deploy_request.ts";
import type { ImageDigest } from "./resolve_digests.ts";

/** What a deploy reads before it decides anything. */
export interface DeployState {
  /** The service being deployed; absent when only a task definition is revised. */
  service?: Service;
  /** The revision the service runs (or the one `-d` named), with its tags. */
  current: TaggedTaskDefinition;
  /** The registered revision to deploy as it is: `--revision` resolved, or a rollback's. */
  targetTaskDefinitionArn?: string;
}

/** Everything a deploy will do, decided before any change is made. */
export interface DeployPlan {
  cluster: string;
  service?: string;
  current: TaggedTaskDefinition;
  /** The revision to register, or undefined when the current one is deployed again. */
  nextTaskDefinition?: TaskDefinitionInput;
  imageChanges: ImageChange[];
  /** What the edits besides images change, or would change (`unchanged` ones included). */
  edits?: EditChange[];
  /**
   * Set when there is nothing to do: every edit asked for is already in place and nothing else
   * was asked. Nothing is registered or updated; the deploy succeeds with this reason.
   */
  nothingToDeploy?: string;
  /** The UpdateService request, without `taskDefinition` (known only after registering). */
  serviceUpdate?: ServiceUpdate;
  /** A registered revision to deploy as it is (`rollback`); nothing is registered then. */
  targetTaskDefinitionArn?: string;
  /** The ids of the service's deployments when planned, so a new one can be told apart. */
  deploymentIdsBefore?: string[];
  /** How the service's deployment is judged, chosen once from its deploymentConfiguration. */
  strategy?: DeploymentStrategy;
  /** How it starts where UpdateService does not start it (CodeDeploy), once prepared. */
  launch?: LaunchSummary;
  /** Each container's expected image digest (`--pin-digests`, `--verify-digests`). */
  digests?: ImageDigest[];
}

/** Computes the plan of a deploy: a pure function of what ECS showed and what was asked. */
export function planDeploy(state: DeployState, request: DeployRequest): DeployPlan {
  const { current, service } = state;
  const subject = service ? `"${service.serviceName}"` : `"${current.taskDefinition.family}"`;
  if (service) assertDeployable(service, "deploy");
  const target = state.targetTaskDefinitionArn ?? request.targetTaskDefinitionArn;
  if (target !== undefined) return planTarget(state, request, subject, target);

  const changesImages = request.images.length > 0 || request.containerImages.length > 0 ||
    request.tag !== undefined;
  const edits = hasEdits(request.edits);
  if (!changesImages && !edits && !request.forceNewDeployment && !changesServiceOnly(request)) {
    throw new InvalidRequestError(
      `Cannot deploy ${subject}: nothing to change; give -i, -l, --tag, an edit such as -e, ` +
        `--force-new-deployment or -D`,
    );
  }
  if (!service && !changesImages && !edits) {
    throw new InvalidRequestError(
      `Cannot revise ${subject}: without -n only the task definition can change; give -i, -l, ` +
        `--tag or an edit such as -e`,
    );
  }

  const plan: DeployPlan = {
    cluster: request.cluster,
    current,
    imageChanges: [],
  };
  let next = copyTaskDefinition(current.taskDefinition, current.tags);
  if (changesImages) {
    const changed = changeImages(current.taskDefinition, {
      images: request.images,
      containerImages: request.containerImages,
      ...(request.tag !== undefined ? { tag: request.tag } : {}),
    });
    plan.imageChanges = changed.changes;
    next = { ...next, containerDefinitions: changed.containerDefinitions };
  }
  let editsChange = false;
  if (edits) {
    const { family, revision } = current.taskDefinition;
    const edited = applyEdits(next, request.edits!, `${family}:${revision}`);
    plan.edits = edited.changes;
    editsChange = edited.changes.some((change) => !change.unchanged);
    next = edited.input;
  }
  // An image named again is pulled again (a mutable tag may have moved); an edit already in
  // place changes nothing, so it alone registers no revision.
  if (changesImages || editsChange) plan.nextTaskDefinition = next;
  if (service) {
    plan.service = service.serviceName;
    plan.deploymentIdsBefore = service.deployments.map((d) => d.id);
    plan.strategy = strategyOf(service);
    // A launcher starts the deployment instead: the service itself is not updated.
    if (!plan.strategy.launcher) plan.serviceUpdate = serviceUpdateFor(request, service);
  }
  if (!plan.nextTaskDefinition && !request.forceNewDeployment && !changesServiceOnly(request)) {
    const revision = `${current.taskDefinition.family}:${current.taskDefinition.revision}`;
    plan.nothingToDeploy = `nothing to deploy: every edit is already in place in ${revision}`;
    delete plan.serviceUpdate;
  }
  return plan;
}

/** Deploys an existing revision as it is: only the service is updated. */
function planTarget(
  state: DeployState,
  request: DeployRequest,
  subject: string,
  target: string,
): DeployPlan {
  const { service, current } = state;
  if (!service) {
    throw new InvalidRequestError(`Cannot deploy ${subject}: a given revision needs a service`);
  }
  if (request.images.length > 0 || request.containerImages.length > 0 || request.tag) {
    throw new InvalidRequestError(
      `Cannot deploy ${subject}: images cannot change when deploying a given revision`,
    );
  }
  const strategy = strategyOf(service);
  if (hasEdits(request.edits)) {
    throw new InvalidRequestError(
      `Cannot deploy ${subject}: a given revision is deployed as it is; edits such as -e ` +
        `cannot go with it`,
    );
  }
  const plan: DeployPlan = {
    cluster: request.cluster,
    service: service.serviceName,
    deploymentIdsBefore: service.deployments.map((d) => d.id),
    strategy,
    current,
    imageChanges: [],
    ...(strategy.launcher ? {} : { serviceUpdate: serviceUpdateFor(request, service) }),
    targetTaskDefinitionArn: target,
  };
  // UpdateService to the revision already running starts no deployment: nothing to follow.
  if (
    target === service.taskDefinition && !request.forceNewDeployment && !changesServiceOnly(request)
  ) {
    const { family, revision } = current.taskDefinition;
    plan.nothingToDeploy = `nothing to deploy: the service already runs ${family}:${revision}; ` +
      `give --force-new-deployment to start its tasks again`;
    delete plan.serviceUpdate;
  }
  return plan;
}

function changesServiceOnly(request: DeployRequest): boolean {
  return request.desiredCount !== undefined || request.minimumHealthyPercent !== undefined ||
    request.maximumPercent !== undefined;
}

/** Only what the user asked to change is sent; everything else stays as the service has it. */
function serviceUpdateFor(request: DeployRequest, service: Service): ServiceUpdate {
  const update: ServiceUpdate = { cluster: request.cluster, service: service.serviceName };
  if (request.forceNewDeployment) update.forceNewDeployment = true;
  if (request.desiredCount !== undefined) update.desiredCount = request.desiredCount;
  if (request.minimumHealthyPercent !== undefined || request.maximumPercent !== undefined) {
    update.deploymentConfiguration = {
      ...service.deploymentConfiguration,
      ...(request.minimumHealthyPercent !== undefined
        ? { minimumHealthyPercent: request.minimumHealthyPercent }
        : {}),
      ...(request.maximumPercent !== undefined ? { maximumPercent: request.maximumPercent } : {}),
    };
  }
  return update;
}
