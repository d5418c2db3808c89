/** Service operations: CreateService, UpdateService, DescribeServices, ListServices, DeleteService. */
import type { ServiceRecord, Wire } from "./sim_records.ts";
import type { SimState } from "./sim_state.ts";
import { startDeployment } from "./deployment_lifecycle.ts";
import { checkLoadBalancers } from "./load_balancer_config.ts";
import { lookupService, requireActiveService, requireCluster } from "./resource_lookup.ts";
import {
  checkCompatibility,
  defaultDeploymentConfig,
  LAUNCH_TYPES,
  readDeploymentConfig,
  readNetworkConfiguration,
  resolveServiceTaskDefinition,
  targetOf,
} from "./service_config.ts";
import { strategyOf } from "./strategy_config.ts";
import { fail, paginate, readTags, WireInput } from "./wire_input.ts";
import { serviceToWire } from "./wire_output.ts";

const SERVICE_NAME = /^[a-zA-Z0-9_-]{1,255}$/;
const PROPAGATE = ["TASK_DEFINITION", "SERVICE", "NONE"] as const;
/** Members that, when changed by UpdateService, start a new deployment. */
const DEPLOYING_EXTRAS = ["serviceConnectConfiguration", "volumeConfigurations"];
const KEPT_EXTRAS = [...DEPLOYING_EXTRAS, "vpcLatticeConfigurations"];

function checkDesiredCount(desiredCount: number | undefined): void {
  if (desiredCount !== undefined && desiredCount < 0) {
    fail("InvalidParameterException", "desiredCount must be greater than or equal to 0.");
  }
}

export function createService(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const name = input.requiredString("serviceName", "InvalidParameterException");
  if (!SERVICE_NAME.test(name)) {
    fail(
      "InvalidParameterException",
      "Service name can only contain letters (uppercase and lowercase), numbers, hyphens, and underscores, and must be up to 255 characters.",
    );
  }
  const strategy = input.enumValue("schedulingStrategy", ["REPLICA", "DAEMON"]) ?? "REPLICA";
  if (strategy === "DAEMON") {
    fail("UnsupportedFeatureException", "The DAEMON scheduling strategy is not simulated.");
  }
  const controller = input.object("deploymentController")
    ?.enumValue("type", ["ECS", "CODE_DEPLOY", "EXTERNAL"]) ?? "ECS";
  const launchType = input.enumValue("launchType", LAUNCH_TYPES);
  const capacityProviderStrategy = input.objectList("capacityProviderStrategy");
  if (launchType !== undefined && capacityProviderStrategy !== undefined) {
    fail(
      "InvalidParameterException",
      "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
    );
  }
  const desiredCount = input.integer("desiredCount");
  checkDesiredCount(desiredCount);
  const tdId = input.string("taskDefinition");
  if (tdId === undefined && controller !== "EXTERNAL") {
    fail("InvalidParameterException", "TaskDefinition is required.");
  }
  const networkConfiguration = readNetworkConfiguration(input.object("networkConfiguration"));
  const deploymentConfiguration = readDeploymentConfig(
    input.object("deploymentConfiguration"),
    defaultDeploymentConfig(),
  );
  checkLoadBalancers(
    (raw.loadBalancers as unknown[] | undefined) ?? [],
    strategyOf(deploymentConfiguration),
    controller,
  );
  const tags = readTags(input);
  const propagateTags = input.enumValue("propagateTags", PROPAGATE) ?? "NONE";
  const existing = cluster.services.get(name);
  if (existing?.status === "ACTIVE") {
    fail("InvalidParameterException", "Creation of service was not idempotent.");
  }
  if (existing?.status === "DRAINING") {
    fail("InvalidParameterException", "Unable to Start a service that is still Draining.");
  }
  const td = tdId === undefined ? undefined : resolveServiceTaskDefinition(state, tdId);
  const effectiveLaunchType = capacityProviderStrategy ? undefined : launchType ?? "EC2";
  if (td) checkCompatibility(td, effectiveLaunchType, networkConfiguration);
  const platformVersion = input.string("platformVersion") ??
    (effectiveLaunchType === "FARGATE" ? "LATEST" : undefined);
  const extra: Wire = {};
  for (const key of KEPT_EXTRAS) if (input.has(key)) extra[key] = structuredClone(raw[key]);
  const service: ServiceRecord = {
    arn: state.arn(`service/${cluster.name}/${name}`),
    name,
    cluster,
    status: "ACTIVE",
    desiredCount: desiredCount ?? 0,
    ...(effectiveLaunchType !== undefined ? { launchType: effectiveLaunchType } : {}),
    ...(platformVersion !== undefined ? { platformVersion } : {}),
    ...(effectiveLaunchType === "FARGATE" ? { platformFamily: "Linux" } : {}),
    ...(capacityProviderStrategy
      ? { capacityProviderStrategy: structuredClone(raw.capacityProviderStrategy as Wire[]) }
      : {}),
    ...(networkConfiguration !== undefined ? { networkConfiguration } : {}),
    deploymentConfiguration,
    deploymentController: { type: controller },
    loadBalancers: structuredClone((raw.loadBalancers as Wire[] | undefined) ?? []),
    serviceRegistries: structuredClone((raw.serviceRegistries as Wire[] | undefined) ?? []),
    placementConstraints: structuredClone((raw.placementConstraints as Wire[] | undefined) ?? []),
    placementStrategy: structuredClone((raw.placementStrategy as Wire[] | undefined) ?? []),
    schedulingStrategy: strategy,
    ...(input.integer("healthCheckGracePeriodSeconds") !== undefined
      ? { healthCheckGracePeriodSeconds: input.integer("healthCheckGracePeriodSeconds")! }
      : {}),
    ...(input.string("role") !== undefined ? { roleArn: input.string("role")! } : {}),
    propagateTags,
    enableECSManagedTags: input.boolean("enableECSManagedTags") ?? false,
    enableExecuteCommand: input.boolean("enableExecuteCommand") ?? false,
    availabilityZoneRebalancing:
      input.enumValue("availabilityZoneRebalancing", ["ENABLED", "DISABLED"]) ?? "DISABLED",
    extra,
    createdAt: state.now,
    createdBy: `arn:aws:iam::${state.accountId}:root`,
    tags,
    deployments: [],
    events: [],
    serviceDeployments: [],
    revisions: new Map(),
    steady: false,
    liveTasks: new Set(),
    wakeups: new Set(),
  };
  cluster.services.set(name, service);
  if (td) startDeployment(state, service, targetOf(service, td.td.taskDefinitionArn));
  return { service: serviceToWire(state, service, []) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function updateService(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const service = requireActiveService(cluster, input.requiredString("service"));
  const desiredCount = input.integer("desiredCount");
  checkDesiredCount(desiredCount);
  const tdId = input.string("taskDefinition");
  const force = input.boolean("forceNewDeployment") ?? false;
  if (tdId !== undefined && service.deploymentController.type !== "ECS") {
    fail(
      "InvalidParameterException",
      service.deploymentController.type === "CODE_DEPLOY"
        ? "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment."
        : "Unable to update task definition on services with a EXTERNAL deployment controller.",
    );
  }
  const td = tdId === undefined ? undefined : resolveServiceTaskDefinition(state, tdId);
  const networkConfiguration = readNetworkConfiguration(input.object("networkConfiguration"));
  const deploymentConfiguration = readDeploymentConfig(
    input.object("deploymentConfiguration"),
    service.deploymentConfiguration,
  );
  checkLoadBalancers(
    input.has("loadBalancers") ? (raw.loadBalancers as unknown[]) : service.loadBalancers,
    strategyOf(deploymentConfiguration),
    service.deploymentController.type,
  );
  const platformVersion = input.string("platformVersion");
  const capacityProviderStrategy = input.objectList("capacityProviderStrategy");
  const propagateTags = input.enumValue("propagateTags", PROPAGATE);
  const primary = service.deployments[0];
  const currentTd = primary?.taskDefinition;
  const nextTd = td?.td.taskDefinitionArn ?? currentTd;
  if (nextTd !== undefined) {
    const record = td ?? resolveServiceTaskDefinition(state, nextTd);
    if (td) {
      checkCompatibility(
        record,
        service.launchType,
        networkConfiguration ?? service.networkConfiguration,
      );
    }
  }
  let deploy = force || (td !== undefined && td.td.taskDefinitionArn !== currentTd);
  if (networkConfiguration && !same(networkConfiguration, service.networkConfiguration)) {
    service.networkConfiguration = networkConfiguration;
    deploy = true;
  }
  if (platformVersion !== undefined && platformVersion !== service.platformVersion) {
    service.platformVersion = platformVersion;
    deploy = true;
  }
  if (
    capacityProviderStrategy &&
    !same(raw.capacityProviderStrategy, service.capacityProviderStrategy)
  ) {
    service.capacityProviderStrategy = structuredClone(raw.capacityProviderStrategy as Wire[]);
    delete service.launchType;
    deploy = true;
  }
  for (const key of ["loadBalancers", "serviceRegistries"] as const) {
    if (input.has(key) && !same(raw[key], service[key])) {
      service[key] = structuredClone(raw[key] as Wire[]);
      deploy = true;
    }
  }
  for (const key of KEPT_EXTRAS) {
    if (input.has(key) && !same(raw[key], service.extra[key])) {
      service.extra[key] = structuredClone(raw[key]);
      if (DEPLOYING_EXTRAS.includes(key)) deploy = true;
    }
  }
  service.deploymentConfiguration = deploymentConfiguration;
  if (desiredCount !== undefined && desiredCount !== service.desiredCount) {
    service.desiredCount = desiredCount;
    service.steady = false;
  }
  if (propagateTags !== undefined) service.propagateTags = propagateTags;
  const grace = input.integer("healthCheckGracePeriodSeconds");
  if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace;
  const exec = input.boolean("enableExecuteCommand");
  if (exec !== undefined) service.enableExecuteCommand = exec;
  const managedTags = input.boolean("enableECSManagedTags");
  if (managedTags !== undefined) service.enableECSManagedTags = managedTags;
  const rebalancing = input.enumValue("availabilityZoneRebalancing", ["ENABLED", "DISABLED"]);
  if (rebalancing !== undefined) service.availabilityZoneRebalancing = rebalancing;
  if (input.has("placementConstraints")) {
    service.placementConstraints = structuredClone(raw.placementConstraints as Wire[]);
  }
  if (input.has("placementStrategy")) {
    service.placementStrategy = structuredClone(raw.placementStrategy as Wire[]);
  }
  if (deploy && nextTd !== undefined) {
    startDeployment(state, service, targetOf(service, nextTd));
  }
  state.markDirty(service);
  return { service: serviceToWire(state, service, []) };
}

export function describeServices(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const ids = input.stringList("services");
  if (ids === undefined || ids.length === 0) {
    fail("InvalidParameterException", "Services cannot be empty.");
  }
  if (ids.length > 10) {
    fail("InvalidParameterException", "Services cannot have more than 10 elements");
  }
  const include = input.enumList("include", ["TAGS"]) ?? [];
  const services: Wire[] = [];
  const failures: Wire[] = [];
  for (const id of ids) {
    const service = lookupService(cluster, id);
    if (service) services.push(serviceToWire(state, service, include));
    else {
      const arn = id.startsWith("arn:") ? id : state.arn(`service/${cluster.name}/${id}`);
      failures.push({ arn, reason: "MISSING" });
    }
  }
  return { services, failures };
}

export function listServices(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const launchType = input.enumValue("launchType", LAUNCH_TYPES);
  const strategy = input.enumValue("schedulingStrategy", ["REPLICA", "DAEMON"]);
  const arns = [...cluster.services.values()]
    .filter((s) => s.status !== "INACTIVE")
    .filter((s) => launchType === undefined || s.launchType === launchType)
    .filter((s) => strategy === undefined || s.schedulingStrategy === strategy)
    .map((s) => s.arn);
  const { page, nextToken } = paginate(arns, input, { max: 100, defaultSize: 10 });
  return nextToken ? { serviceArns: page, nextToken } : { serviceArns: page };
}

export function deleteService(state: SimState, raw: Wire): Wire {
  const input = new WireInput(raw);
  const cluster = requireCluster(state, input.string("cluster"));
  const id = input.requiredString("service");
  const service = lookupService(cluster, id);
  if (!service || service.status === "INACTIVE") {
    fail("ServiceNotFoundException", "Service not found.");
  }
  if (service.status === "ACTIVE") {
    if (service.desiredCount > 0 && input.boolean("force") !== true) {
      fail(
        "InvalidParameterException",
        "The service cannot be stopped while it is scaled above 0.",
      );
    }
    service.desiredCount = 0;
    service.status = "DRAINING";
    const sd = service.deployments[0]?.serviceDeployment;
    if (sd && ["PENDING", "IN_PROGRESS", "ROLLBACK_IN_PROGRESS"].includes(sd.status)) {
      sd.status = "STOPPED";
      sd.statusReason = "Service deployment stopped because the service was deleted.";
      sd.stoppedAt = state.now;
      sd.updatedAt = state.now;
    }
    state.markDirty(service);
  }
  return { service: serviceToWire(state, service, []) };
}
