import { InvalidRequestError } from "../errors.ts";
import { describeError, exitCodeFor, type Outcome } from "../deploy/mod.ts";
import { causeLines } from "../report/cause_chain.ts";
import { VERSION } from "../version.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, CommanderError } from "./commander.ts";
import { deployCommand } from "./deploy_command.ts";
import { invalidResult } from "./invalid_result.ts";
import { rollbackCommand } from "./rollback_command.ts";
import { statusCommand } from "./status_command.ts";
import { waitCommand } from "./wait_command.ts";
import { runCommand } from "./run_command.ts";
import { continueCommand } from "./continue_command.ts";
import { completionsCommand } from "./completions_command.ts";
import { emulatorCommand } from "./emulator_command.ts";
import { closestName } from "./closest_name.ts";
import { joinEditArguments } from "./edit_arguments.ts";

/**
 * Runs ecs-deploy with the arguments after the program name and returns the exit code: every
 * command hands over its outcome, and {@linkcode exitCodeFor} alone turns it into the code.
 * Never exits the process and never throws.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  deps = withSecretKeyRedacted(argv, deps);
  let outcome: Outcome = "succeeded";
  const done = (ended: Outcome) => {
    outcome = ended;
  };
  if (isVersionRequest(argv)) {
    deps.stdout(`ecs-deploy ${VERSION}\n`);
    if (isVerbose(argv)) {
      for (const [name, version] of Object.entries(deps.runtimeVersions ?? {})) {
        deps.stdout(`${name} ${version}\n`);
      }
    }
    return exitCodeFor("succeeded");
  }

  const program = buildProgram(deps, done);
  if (argv.length === 0) {
    // Nothing asked: a deploy without flags would only say that -c is missing.
    program.outputHelp({ error: true });
    return exitCodeFor("invalid");
  }
  const unknown = unknownCommand(argv, program);
  if (unknown !== undefined) {
    deps.stderr(`error: ${unknown}\n(run with --help for usage)\n`);
    writeJsonResult(argv, deps, "invalid", unknown);
    return exitCodeFor("invalid");
  }
  try {
    const args = isDeploy(argv) ? joinEditArguments(argv, optionOf(program, "deploy")) : argv;
    await program.parseAsync(args, { from: "user" });
    return exitCodeFor(outcome, deps.signal);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help ends with exit code 0; every usage error is `invalid`. Commander has printed it.
      if (error.exitCode === 0) return exitCodeFor("succeeded");
      writeJsonResult(argv, deps, "invalid", error.message.replace(/^error: /, ""));
      return exitCodeFor("invalid");
    }
    const ended: Outcome = error instanceof InvalidRequestError ? "invalid" : "error";
    deps.stderr(`error: ${describeError(error)}\n`);
    if (isVerbose(argv)) {
      const causes = causeLines(error);
      const detail = causes.length > 0 || ended === "invalid"
        ? causes
        : [String(error instanceof Error ? error.stack ?? error.message : error)];
      for (const line of detail) deps.stderr(`  ${line}\n`);
    }
    writeJsonResult(argv, deps, ended, describeError(error));
    return exitCodeFor(ended);
  }
}

/** The command tree. Each subcommand lives in its own file. */
export function buildProgram(deps: CliDeps, done: (outcome: Outcome) => void): Command {
  const program = new Command("ecs-deploy")
    .description("Deploy to Amazon ECS and tell the truth about whether it worked")
    .option("-V, --version", "print the version (with -v, the runtime's too)")
    .addHelpText(
      "after",
      "\nWithout a command, `deploy` runs: ecs-deploy -c CLUSTER -n SERVICE -i IMAGE\n" +
        "Exit codes: 0 succeeded, 1 failed/rolled back/superseded, 2 invalid, 3 timed out, " +
        "5 paused, " +
        "4 AWS error, 130/143 interrupted",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout(text),
      writeErr: (text) => deps.stderr(text),
    })
    .showHelpAfterError("(run with --help for usage)");
  program.addCommand(configure(deployCommand(deps, done), deps), { isDefault: true });
  program.addCommand(configure(rollbackCommand(deps, done), deps));
  program.addCommand(configure(statusCommand(deps, done), deps));
  program.addCommand(configure(waitCommand(deps, done), deps));
  program.addCommand(configure(continueCommand(deps, done), deps));
  program.addCommand(configure(runCommand(deps, done), deps));
  program.addCommand(configure(emulatorCommand(deps, done), deps));
  program.addCommand(configure(completionsCommand(deps, done), deps));
  return program as unknown as Command;
}

// deno-lint-ignore ban-types
function configure<Args extends unknown[], Opts extends {}>(
  command: Command<Args, Opts>,
  deps: CliDeps,
): Command<Args, Opts> {
  return command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout(text),
      writeErr: (text) => deps.stderr(text),
    })
    .showHelpAfterError("(run with --help for usage)");
}

/**
 * The error for a first argument that is a word but no command, with the command it most
 * likely misspells. Without this, `deploy` (the default) would get it and report "too many
 * arguments", since it takes none.
 */
function unknownCommand(argv: string[], program: Command): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith("-")) return undefined;
  const names = [...program.commands.map((command) => command.name()), "help"];
  if (names.includes(first)) return undefined;
  const closest = closestName(first, names);
  return closest !== undefined
    ? `unknown command ${JSON.stringify(first)}; did you mean ${JSON.stringify(closest)}?`
    : `unknown command ${JSON.stringify(first)}; the commands are ${names.join(", ")}`;
}

/** Whether a word is an option of the command `name` (or of the program), `--flag=value` too. */
function optionOf(program: Command, name: string): (word: string) => boolean {
  const command = program.commands.find((c) => c.name() === name);
  const flags = new Set(
    [...program.options, ...(command?.options ?? []), { short: "-h", long: "--help" }]
      .flatMap((option) => [option.short, option.long])
      .filter((flag): flag is string => flag !== undefined),
  );
  return (word) => flags.has(word.startsWith("--") ? word.split("=")[0]! : word);
}

/** Whether argv runs `deploy`, named or as the default command. */
function isDeploy(argv: string[]): boolean {
  return argv[0] === "deploy" || argv[0]?.startsWith("-") === true;
}

function isVersionRequest(argv: string[]): boolean {
  const first = argv.find((arg) => !["-v", "--verbose"].includes(arg));
  return first === "--version" || first === "-V";
}

function isVerbose(argv: string[]): boolean {
  return argv.includes("-v") || argv.includes("--verbose");
}

/**
 * The value of a flag as it appears in argv (`-c prod`, `--cluster prod`, `--cluster=prod`),
 * for what the parser could not hand over because it failed; the last one wins, as in commander.
 */
function flagValue(argv: string[], names: string[]): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (names.includes(arg) && i + 1 < argv.length) value = argv[i + 1];
    for (const name of names) {
      if (name.startsWith("--") && arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
    }
  });
  return value;
}

/**
 * With `--output json`, a run the parser or a command could not finish still ends with a result
 * line on stdout, so `tail -n 1` is always the result.
 */
function writeJsonResult(argv: string[], deps: CliDeps, outcome: Outcome, reason: string): void {
  if (flagValue(argv, ["--output"]) !== "json") return;
  const cluster = flagValue(argv, ["-c", "--cluster"]);
  const serviceName = flagValue(argv, ["-n", "--service-name"]);
  const result = {
    ...invalidResult({
      ...(cluster !== undefined ? { cluster } : {}),
      ...(serviceName !== undefined ? { serviceName } : {}),
    }, reason),
    outcome,
    exitCode: exitCodeFor(outcome),
  };
  deps.stdout(`${JSON.stringify(result)}\n`);
}

/**
 * The output streams with the `-s` secret key replaced wherever it would appear (an SDK error
 * quoting its input, a bug): the one value that must never be printed, whatever path prints it.
 */
function withSecretKeyRedacted(argv: string[], deps: CliDeps): CliDeps {
  const secret = flagValue(argv, ["-s", "--aws-secret-key"])?.trim();
  // Short values would mask ordinary words; real secret keys are 40 characters.
  if (secret === undefined || secret.length < 8) return deps;
  const redact = (text: string) => text.replaceAll(secret, "(masked)");
  return {
    ...deps,
    stdout: (text) => deps.stdout(redact(text)),
    stderr: (text) => deps.stderr(redact(text)),
  };
}
