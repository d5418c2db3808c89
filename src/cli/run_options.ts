import { InvalidRequestError } from "../errors.ts";
import type { RunTaskRequest } from "../deploy/mod.ts";
import type { CapacityProviderStrategyItem, KeyValuePair } from "../ecs/types.ts";
import { commandWords } from "./parse_word_list.ts";
import { nonEmpty, secondsAsMs } from "./flag_values.ts";

/** The run command's flags as commander hands them over. */
export interface RunFlags {
  cluster?: string;
  taskDefinition?: string;
  container?: string;
  command?: string;
  env?: string[];
  networkFromService?: string;
  launchType?: string;
  capacityProvider?: string[];
  timeout: string;
  keepRunning?: true;
  logs: boolean;
}

/** Turns flags into a {@linkcode RunTaskRequest}, or throws an error naming the flag. */
export function toRunTaskRequest(flags: RunFlags): RunTaskRequest {
  const cluster = nonEmpty(flags.cluster, "-c, --cluster");
  if (cluster === undefined) {
    throw new InvalidRequestError(
      "Missing required option -c, --cluster: the cluster to run the task in",
    );
  }
  const taskDefinition = nonEmpty(flags.taskDefinition, "-d, --task-definition");
  if (taskDefinition === undefined) {
    throw new InvalidRequestError(
      "Missing required option -d, --task-definition: the family (or family:revision) to run",
    );
  }
  if (!/^(arn:\S+|[A-Za-z0-9_-]{1,255}(:[1-9]\d*)?)$/.test(taskDefinition)) {
    throw new InvalidRequestError(
      `Invalid option -d, --task-definition ${JSON.stringify(taskDefinition)}: expected ` +
        "FAMILY, FAMILY:REVISION or a task definition ARN",
    );
  }
  if (flags.launchType !== undefined && flags.capacityProvider !== undefined) {
    throw new InvalidRequestError(
      "Options --launch-type and --capacity-provider cannot be used together: ECS takes a " +
        "launch type or a capacity provider strategy",
    );
  }
  const request: RunTaskRequest = {
    cluster,
    taskDefinition,
    environment: (flags.env ?? []).map(environmentPair),
    timeoutMs: secondsAsMs(flags.timeout, "-t, --timeout"),
    keepRunning: flags.keepRunning === true,
    followLogs: flags.logs,
  };
  const container = nonEmpty(flags.container, "--container");
  if (container !== undefined) request.container = container;
  if (flags.command !== undefined) request.command = commandWords(flags.command, "--command");
  const service = nonEmpty(flags.networkFromService, "--network-from-service");
  if (service !== undefined) request.networkFromService = service;
  if (flags.launchType !== undefined) request.launchType = flags.launchType;
  if (flags.capacityProvider !== undefined) {
    request.capacityProviderStrategy = flags.capacityProvider.map(capacityProviderItem);
  }
  return request;
}

/** `--env NAME=VALUE`: the value may hold `=` and be empty; the name may not. */
function environmentPair(arg: string): KeyValuePair {
  const eq = arg.indexOf("=");
  const name = eq < 0 ? "" : arg.slice(0, eq).trim();
  if (name === "") {
    throw new InvalidRequestError(
      `Invalid option --env ${JSON.stringify(arg)}: expected NAME=VALUE`,
    );
  }
  return { name, value: arg.slice(eq + 1) };
}

/** `--capacity-provider NAME[:WEIGHT[:BASE]]`. */
function capacityProviderItem(arg: string): CapacityProviderStrategyItem {
  const match = /^([A-Za-z0-9_-]{1,255})(?::(\d{1,4}))?(?::(\d{1,6}))?$/.exec(arg.trim());
  const weight = match?.[2] === undefined ? undefined : Number(match[2]);
  const base = match?.[3] === undefined ? undefined : Number(match[3]);
  if (!match || (weight !== undefined && weight > 1000) || (base !== undefined && base > 100_000)) {
    throw new InvalidRequestError(
      `Invalid option --capacity-provider ${JSON.stringify(arg)}: expected NAME[:WEIGHT[:BASE]], ` +
        "weight 0 to 1000, base 0 to 100000, such as FARGATE_SPOT:4",
    );
  }
  return {
    capacityProvider: match[1]!,
    ...(weight !== undefined ? { weight } : {}),
    ...(base !== undefined ? { base } : {}),
  };
}
