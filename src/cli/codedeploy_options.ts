/**
 * The deploy flags of services with the CODE_DEPLOY deployment controller: which CodeDeploy
 * application, deployment group and deployment config, and what goes into the AppSpec.
 *
 * @module
 */
import type { CodeDeployRequest } from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";
import { Option } from "./commander.ts";
import { nonEmpty } from "./flag_values.ts";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The flags, as commander hands them over. */
export interface CodeDeployFlags {
  codedeployApplication?: string;
  codedeployDeploymentGroup?: string;
  codedeployConfig?: string;
  appspec?: string;
  appspecHooks?: string[];
}

export function codeDeployOptions() {
  return [
    new Option(
      "--codedeploy-application <name>",
      "CODE_DEPLOY services: the CodeDeploy application (default: found from the service)",
    ),
    new Option(
      "--codedeploy-deployment-group <name>",
      "CODE_DEPLOY services: the deployment group (default: the one that deploys the service)",
    ),
    new Option(
      "--codedeploy-config <name>",
      "CODE_DEPLOY services: deployment config instead of the group's, e.g. " +
        "CodeDeployDefault.ECSCanary10Percent5Minutes",
    ),
    new Option(
      "--appspec <file>",
      "CODE_DEPLOY services: AppSpec file (JSON or YAML) to send; its TaskDefinition becomes ours",
    ),
    new Option(
      "--appspec-hooks <event=function>",
      "CODE_DEPLOY services: a Lambda hook, e.g. AfterAllowTestTraffic=smoke-test (repeatable)",
    ).argParser(collect),
  ] as const;
}

/**
 * The CodeDeploy part of the deploy request, or undefined when no such flag is given; reads
 * `--appspec` with `readTextFile`. Throws InvalidRequestError naming the flag.
 */
export function codeDeployRequest(
  flags: CodeDeployFlags,
  readTextFile: (path: string) => string = Deno.readTextFileSync,
): CodeDeployRequest | undefined {
  const request: CodeDeployRequest = {};
  const application = nonEmpty(flags.codedeployApplication, "--codedeploy-application");
  const group = nonEmpty(flags.codedeployDeploymentGroup, "--codedeploy-deployment-group");
  const config = nonEmpty(flags.codedeployConfig, "--codedeploy-config");
  if (application !== undefined) request.application = application;
  if (group !== undefined) request.deploymentGroup = group;
  if (config !== undefined) request.deploymentConfig = config;
  if (flags.appspecHooks) {
    request.hooks = flags.appspecHooks.map((arg) => {
      const at = arg.indexOf("=");
      const event = arg.slice(0, at).trim();
      const fn = arg.slice(at + 1).trim();
      if (at < 0 || event === "" || fn === "") {
        throw new InvalidRequestError(
          `Invalid option --appspec-hooks "${arg}": expected EVENT=FUNCTION, such as ` +
            "AfterAllowTestTraffic=arn:aws:lambda:us-east-1:123456789012:function:smoke-test",
        );
      }
      return { event, function: fn };
    });
  }
  const path = nonEmpty(flags.appspec, "--appspec");
  if (path !== undefined) {
    let content: string;
    try {
      content = readTextFile(path);
    } catch (error) {
      throw new InvalidRequestError(
        `Invalid option --appspec "${path}": cannot read it: ${(error as Error).message}`,
        { cause: error },
      );
    }
    request.appSpec = { path, content };
  }
  return Object.keys(request).length > 0 ? request : undefined;
}
