import { type Outcome, runDeploy } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { connectionFrom, withConnectionOptions } from "./connection_options.ts";
import { toDeployRequest } from "./deploy_options.ts";
import {
  noColorOption,
  outputOption,
  runEngineCommand,
  showValuesOption,
} from "./engine_command.ts";
import { stageOptions } from "./stage_options.ts";
import { codeDeployOptions, codeDeployRequest } from "./codedeploy_options.ts";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `ecs-deploy deploy`: the default command. */
export function deployCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const command = new Command("deploy")
    .description(
      "Deploy new images to an ECS service: register the next revision of the task definition " +
        "it runs, point the service at it and wait until ECS has finished",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "service to deploy")
    .option("-d, --task-definition <family>", "only register a new revision of this family")
    .option(
      "-i, --image <image>",
      "set every container of this image's repository to it (repeatable)",
      collect,
    )
    .option(
      "-l, --container-image <name=image>",
      "set one container's image; NAME|IMAGE works too (repeatable)",
      collect,
    )
    .option("--tag <tag>", "set this tag on every container's image")
    .option("--force-new-deployment", "start a new deployment even if nothing changed")
    .option("-D, --desired-count <count>", "set the service's desired task count (0 is honoured)")
    .option("-m, --min <percent>", "minimum healthy percent during the deployment")
    .option("-M, --max <percent>", "maximum percent during the deployment")
    .option("-t, --timeout <seconds>", "one deadline for the whole deploy", "600")
    .option("--no-wait", "return once ECS has accepted the deployment")
    .option("--dry-run", "print the plan (task definition diff and requests); change nothing")
    .option("--rollback", "when ours fails or times out, go back to the previous revision and wait")
    .addOption(
      new Option("--on-cancel <action>", "on SIGINT/SIGTERM while waiting: stop, or rollback first")
        .choices(["stop", "rollback"] as const),
    )
    .addOption(stageOptions()[0])
    .addOption(stageOptions()[1])
    .option("--stall-timeout <seconds>", "fail early (timed_out) when nothing progresses this long")
    .option("--wait-for-idle", "if another deployment is in progress, wait for it, then deploy")
    .option("--force", "deploy even if another deployment is in progress")
    .option(
      "--keep-revisions <n>",
      "after success, deregister ACTIVE revisions beyond the newest N",
    )
    .option("--max-definitions <n>", "same as --keep-revisions (the seed's name)")
    .addOption(codeDeployOptions()[0])
    .addOption(codeDeployOptions()[1])
    .addOption(codeDeployOptions()[2])
    .addOption(codeDeployOptions()[3])
    .addOption(codeDeployOptions()[4])
    .addOption(showValuesOption())
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) =>
    runEngineCommand(deps, done, {
      flags,
      command: "deploy",
      dryRun: flags.dryRun === true,
      showPlan: flags.dryRun === true || flags.verbose === true,
      showValues: flags.showValues === true && flags.dryRun === true,
      parse: () => {
        const request = toDeployRequest(flags);
        const codeDeploy = codeDeployRequest(flags, deps.readTextFile);
        return {
          request: codeDeploy ? { ...request, codeDeploy } : request,
          connection: connectionFrom(flags),
        };
      },
      run: runDeploy,
    })
  );
}
