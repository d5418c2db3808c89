import {
  type DeployDeps,
  type DeployRequest,
  deployResult,
  type Outcome,
  runDeploy,
} from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";
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
import { editOptions } from "./edit_options.ts";
import { collect } from "./service_target.ts";
import { groupOptions, runGroupCommand, toGroupRequest } from "./group_command.ts";
import { serviceList } from "./service_list.ts";
import type { GroupMember } from "../deploy/mod.ts";

/** `ecs-deploy deploy`: the default command. */
export function deployCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  const images = new Command("deploy")
    .description(
      "Deploy new images to an ECS service: register the next revision of the task definition " +
        "it runs, point the service at it and wait until ECS has finished",
    )
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option(
      "-n, --service-name <name>",
      "service to deploy; SERVICE@CLUSTER for another cluster (repeatable: one run, one outcome)",
      collect,
    )
    .option("--services-file <file>", "deploy the services it lists, one per line (# comments)")
    .option("--parallel <n>", "with several services: deploy at most N at once (default: all)")
    .option("--fail-fast", "with several services: start no more once one has failed")
    .option(
      "--group-rollback",
      "with several services: when one fails, roll back every one that moved",
    )
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
    .option(
      "--revision <revision>",
      "deploy this registered revision as it is (N, FAMILY:N or ARN); registers none",
    );
  // The edits of the copy come with the images they go with in --help.
  for (const option of editOptions()) images.addOption(option);
  const command = images
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
    .option(
      "--run-before <command>",
      "run this as a one-off task of the new revision first; deploy only if it exits 0 (repeatable)",
      collect,
    )
    .option(
      "--pin-digests",
      "register every tagged image pinned to its digest (repo@sha256:...), then verify the tasks",
    )
    .option("--verify-digests", "after success, check every task runs the digest its tag had")
    .option("--registry-auth <file>", "registry credentials: a Docker config.json (auths)")
    .addOption(showValuesOption())
    .addOption(outputOption())
    .addOption(noColorOption());
  return withConnectionOptions(command).action((flags) => {
    let members: GroupMember[] = [];
    let failure: InvalidRequestError | undefined;
    try {
      members = membersOf(flags, deps);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      failure = error;
    }
    const defaultCluster = flags.cluster?.trim() || members[0]?.cluster || "";
    // Several services asked (-n twice, or -n and a file) end with a group result, even when
    // their list cannot be read.
    const asked = (flags.serviceName?.length ?? 0) + (flags.servicesFile !== undefined ? 1 : 0);
    if (members.length > 1 || (failure && asked > 1)) {
      return runGroupCommand(deps, done, {
        flags,
        defaultCluster,
        members,
        parse: () => {
          if (failure) throw failure;
          return {
            request: toGroupRequest(flags, members, defaultCluster, deps.readTextFile),
            connection: connectionFrom(flags),
          };
        },
      });
    }
    // One service (or none, with -d): the single deploy, exactly as before groups existed.
    const [member] = members;
    const { serviceName: _names, ...rest } = flags;
    const single = {
      ...rest,
      ...(member ? { serviceName: member.service } : {}),
      // Without -c, the cluster `-n SERVICE@CLUSTER` names.
      ...(member?.cluster ? { cluster: member.cluster } : {}),
      // A group of one that fails is rolled back as the group would be: with --rollback.
      ...(flags.groupRollback ? { rollback: true as const } : {}),
    };
    return runEngineCommand(deps, done, {
      flags: single,
      command: "deploy",
      dryRun: flags.dryRun === true,
      showPlan: flags.dryRun === true || flags.verbose === true,
      showValues: flags.showValues === true && flags.dryRun === true,
      parse: () => {
        if (failure) throw failure;
        groupOptions(flags);
        const request = toDeployRequest(single, deps.readTextFile);
        const codeDeploy = codeDeployRequest(single, deps.readTextFile);
        return {
          request: codeDeploy ? { ...request, codeDeploy } : request,
          connection: connectionFrom(flags),
        };
      },
      run: (request, engine) =>
        withImageResolver(deps, request, engine, {
          connection: connectionFrom(flags),
          ...(flags.registryAuth ? { registryAuthFile: flags.registryAuth } : {}),
        }),
      needsLogs: (request) => (request.runBefore?.length ?? 0) > 0,
    });
  });
}

/**
 * The services of `-n` (repeatable, SERVICE@CLUSTER allowed) and `--services-file`, each in its
 * cluster; `-c` is the cluster of those that name none.
 *
 * @throws {InvalidRequestError} for a file that cannot be read or lists none, a bad name, a
 * service given twice, or a service without a cluster
 */
function membersOf(
  flags: { cluster?: string; serviceName?: string[]; servicesFile?: string },
  deps: CliDeps,
): GroupMember[] {
  let file: { path: string; text: string } | undefined;
  if (flags.servicesFile !== undefined) {
    const path = flags.servicesFile;
    if (path.trim() === "") {
      throw new InvalidRequestError("Invalid option --services-file: empty value");
    }
    try {
      file = { path, text: (deps.readTextFile ?? Deno.readTextFileSync)(path) };
    } catch (error) {
      throw new InvalidRequestError(
        `Cannot read --services-file "${path}": ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const members = serviceList(
    { names: flags.serviceName ?? [], ...(file ? { file } : {}) },
    flags.cluster?.trim() ?? "",
  );
  const homeless = members.find((m) => m.cluster === "");
  if (homeless && members.length > 1) {
    throw new InvalidRequestError(
      `Missing required option -c, --cluster: the cluster of "${homeless.service}" (or name it ` +
        `as ${homeless.service}@CLUSTER)`,
    );
  }
  return members;
}

/**
 * Runs the deploy with the image resolver `--pin-digests` and `--verify-digests` need, made
 * before any AWS call; a `--registry-auth` file that cannot be read is an `invalid` result.
 */
async function withImageResolver(
  deps: CliDeps,
  request: DeployRequest,
  engine: DeployDeps,
  settings: Parameters<NonNullable<CliDeps["createImageResolver"]>>[0],
) {
  if (!request.pinDigests && !request.verifyDigests) return runDeploy(request, engine);
  if (!deps.createImageResolver) return runDeploy(request, engine);
  try {
    const images = await deps.createImageResolver(settings);
    return await runDeploy(request, { ...engine, images });
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const result = deployResult({
      outcome: "invalid",
      reason: error.message,
      cluster: request.cluster,
      service: request.service,
    });
    engine.emit({ type: "finished", result, error });
    return result;
  }
}
