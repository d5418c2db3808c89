/**
 * The AppSpec of a CodeDeploy deployment of an ECS service, as JSON: `version: 0.0`, one
 * `TargetService` of Type `AWS::ECS::Service` whose Properties name our revision and take the
 * load balancer's container and port, the platform version, network configuration and capacity
 * provider strategy from the service where it has them; Hooks from `--appspec-hooks`. A user's
 * `--appspec` file is kept as it is, but for the TaskDefinition, which is always ours.
 *
 * @module
 */
import { HOOKABLE_EVENTS, parseAppSpecDocument } from "../../../codedeploy/ecs_appspec.ts";
import type { Service } from "../../../ecs/types.ts";
import { InvalidRequestError } from "../../../errors.ts";

/** The revision the plan shows until it is registered. */
export const NEW_REVISION = "<new revision>";

/** What an AppSpec is made of, besides the revision. */
export interface AppSpecInput {
  hooks?: { event: string; function: string }[];
  /** A user's AppSpec file, JSON or YAML. */
  file?: { path: string; content: string };
}

type Doc = Record<string, unknown>;

/** The AppSpec document for `taskDefinitionArn` on `service`; throws InvalidRequestError. */
export function appSpecFor(
  service: Service,
  taskDefinitionArn: string,
  input: AppSpecInput,
): Doc {
  const subject = `Cannot deploy "${service.serviceName}"`;
  const hooks = (input.hooks ?? []).map(({ event, function: fn }) => ({ [event]: fn }));
  for (const { event } of input.hooks ?? []) {
    if (!HOOKABLE_EVENTS.includes(event)) {
      throw new InvalidRequestError(
        `Invalid option --appspec-hooks "${event}": an ECS deployment runs hooks at ` +
          HOOKABLE_EVENTS.join(", "),
      );
    }
  }
  if (input.file) return fromFile(subject, input.file, taskDefinitionArn, hooks);
  const lb = (service.loadBalancers as Doc[] | undefined)?.find((l) =>
    l.containerName !== undefined && l.containerPort !== undefined
  );
  if (!lb) {
    throw new InvalidRequestError(
      `${subject}: a CodeDeploy deployment needs the service's load balancer (container name and ` +
        "port), and the service has none; give --appspec FILE",
    );
  }
  const properties: Doc = {
    TaskDefinition: taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
  };
  if (typeof service.platformVersion === "string") {
    properties.PlatformVersion = service.platformVersion;
  }
  const network = (service.networkConfiguration as Doc | undefined)?.awsvpcConfiguration as
    | Doc
    | undefined;
  if (network) {
    properties.NetworkConfiguration = {
      AwsvpcConfiguration: {
        Subnets: network.subnets ?? [],
        ...(network.securityGroups ? { SecurityGroups: network.securityGroups } : {}),
        ...(network.assignPublicIp ? { AssignPublicIp: network.assignPublicIp } : {}),
      },
    };
  }
  const providers = service.capacityProviderStrategy as Doc[] | undefined;
  if (providers && providers.length > 0) {
    properties.CapacityProviderStrategy = providers.map((p) => ({
      CapacityProvider: p.capacityProvider,
      ...(p.base !== undefined ? { Base: p.base } : {}),
      ...(p.weight !== undefined ? { Weight: p.weight } : {}),
    }));
  }
  return {
    version: 0.0,
    Resources: [{ TargetService: { Type: "AWS::ECS::Service", Properties: properties } }],
    ...(hooks.length > 0 ? { Hooks: hooks } : {}),
  };
}

function fromFile(
  subject: string,
  file: { path: string; content: string },
  taskDefinitionArn: string,
  hooks: Doc[],
): Doc {
  let doc: unknown;
  try {
    doc = parseAppSpecDocument(file.content);
  } catch (error) {
    throw new InvalidRequestError(
      `Invalid option --appspec "${file.path}": ${(error as Error).message}`,
    );
  }
  const resources = (doc as Doc | null)?.Resources;
  const first = Array.isArray(resources) ? resources[0] as Doc | undefined : undefined;
  const name = first && Object.keys(first)[0];
  const target = name ? first[name] as Doc | undefined : undefined;
  if (!target || target.Type !== "AWS::ECS::Service" || typeof target.Properties !== "object") {
    throw new InvalidRequestError(
      `Invalid option --appspec "${file.path}": Resources[0] must be a target service of Type ` +
        `AWS::ECS::Service with Properties (${subject.replace("Cannot deploy ", "for ")})`,
    );
  }
  const copy = structuredClone(doc) as Doc;
  const copied = ((copy.Resources as Doc[])[0]![name!] as Doc).Properties as Doc;
  copied.TaskDefinition = taskDefinitionArn;
  if (hooks.length > 0) copy.Hooks = [...((copy.Hooks as Doc[] | undefined) ?? []), ...hooks];
  return copy;
}
