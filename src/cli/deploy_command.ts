import type { DeployResult } from "../deploy/deploy_events.ts";
import { exitCodeFor } from "../deploy/outcome.ts";
import { runDeploy } from "../deploy/run_deploy.ts";
import { InvalidRequestError } from "../errors.ts";
import { JsonReporter } from "../report/json_reporter.ts";
import type { Reporter } from "../report/reporter.ts";
import { TextReporter } from "../report/text_reporter.ts";
import type { CliDeps, ConnectionOptions } from "./cli_deps.ts";
import { Command, Option } from "./commander.ts";
import { toDeployRequest } from "./deploy_options.ts";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds the flags that say how to reach ECS, shared by every command that talks to it. */
// deno-lint-ignore ban-types
export function withConnectionOptions<Args extends unknown[], Opts extends {}>(
  command: Command<Args, Opts>,
) {
  return command
    .option(
      "-r, --region <region>",
      "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)",
    )
    .option("-p, --profile <name>", "AWS profile from the shared config files")
    .option("-k, --aws-access-key <id>", "AWS access key id (prefer the environment)")
    .option("-s, --aws-secret-key <key>", "AWS secret access key (never printed)")
    .option(
      "--endpoint-url <url>",
      "ECS endpoint, e.g. the emulator (default: AWS_ENDPOINT_URL_ECS)",
    )
    .option("-v, --verbose", "print details: resolved settings, error causes");
}

/** Reads the connection flags of {@linkcode withConnectionOptions}. */
export function connectionFrom(flags: {
  region?: string;
  profile?: string;
  awsAccessKey?: string;
  awsSecretKey?: string;
  endpointUrl?: string;
  verbose?: true;
}): ConnectionOptions {
  if ((flags.awsAccessKey === undefined) !== (flags.awsSecretKey === undefined)) {
    throw new InvalidRequestError(
      "Options -k, --aws-access-key and -s, --aws-secret-key go together: give both or neither",
    );
  }
  return {
    verbose: flags.verbose === true,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.awsAccessKey ? { accessKeyId: flags.awsAccessKey } : {}),
    ...(flags.awsSecretKey ? { secretAccessKey: flags.awsSecretKey } : {}),
    ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
  };
}

/** Builds the reporter for `--output`: text on stderr, or NDJSON on stdout plus text on stderr. */
export function reporterFor(
  output: "text" | "json",
  deps: CliDeps,
  showPlan: boolean,
): Reporter {
  const githubActions = deps.env.GITHUB_ACTIONS === "true";
  const now = () => deps.clock.now();
  if (output === "text") {
    return new TextReporter({
      stderr: deps.stderr,
      stdout: deps.stdout,
      now,
      showPlan,
      githubActions,
    });
  }
  const text = new TextReporter({
    stderr: deps.stderr,
    stdout: () => {},
    now,
    showPlan,
    githubActions,
  });
  const json = new JsonReporter(deps.stdout);
  return {
    report(event) {
      text.report(event);
      json.report(event);
    },
  };
}

/** `ecs-deploy deploy`: the default command. */
export function deployCommand(deps: CliDeps, done: (exitCode: number) => void) {
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
      [] as string[],
    )
    .option(
      "-l, --container-image <name=image>",
      "set one container's image; NAME|IMAGE works too (repeatable)",
      collect,
      [] as string[],
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
    .option("--stall-timeout <seconds>", "fail early (timed_out) when nothing progresses this long")
    .option("--wait-for-idle", "if another deployment is in progress, wait for it, then deploy")
    .option("--force", "deploy even if another deployment is in progress")
    .option(
      "--keep-revisions <n>",
      "after success, deregister ACTIVE revisions beyond the newest N",
    )
    .option("--max-definitions <n>", "same as --keep-revisions (the seed's name)")
    .addOption(
      new Option("--output <format>", "text, or NDJSON events on stdout").choices(
        ["text", "json"] as const,
      ).default("text" as const),
    );
  return withConnectionOptions(command).action(async (flags) => {
    const reporter = reporterFor(
      flags.output,
      deps,
      flags.dryRun === true || flags.verbose === true,
    );
    let request;
    try {
      request = toDeployRequest(flags);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      reporter.report({ type: "finished", result: invalidResult(flags, error.message) });
      return done(exitCodeFor("invalid"));
    }
    const ecs = deps.createEcsClient(connectionFrom(flags));
    const result = await runDeploy(request, {
      ecs,
      clock: deps.clock,
      emit: (event) => reporter.report(event),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    done(result.exitCode);
  });
}

function invalidResult(
  flags: { cluster?: string; serviceName?: string },
  reason: string,
): DeployResult {
  return {
    outcome: "invalid",
    exitCode: exitCodeFor("invalid"),
    cluster: flags.cluster ?? "",
    service: flags.serviceName ?? null,
    taskDefinitionArn: null,
    previousTaskDefinitionArn: null,
    deploymentId: null,
    serviceDeploymentArn: null,
    reason,
    imageChanges: [],
    durationMs: 0,
  };
}
