import { InvalidRequestError } from "../errors.ts";
import { exitCodeFor } from "../deploy/outcome.ts";
import { VERSION } from "../version.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Command, CommanderError } from "./commander.ts";
import { deployCommand } from "./deploy_command.ts";
import { rollbackCommand } from "./rollback_command.ts";
import { statusCommand } from "./status_command.ts";
import { waitCommand } from "./wait_command.ts";
import { completionsCommand } from "./completions_command.ts";
import { emulatorCommand } from "./emulator_command.ts";

/**
 * Runs ecs-deploy with the arguments after the program name and returns the exit code.
 * Never exits the process and never throws.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  let exitCode = 0;
  const done = (code: number) => {
    exitCode = code;
  };
  if (isVersionRequest(argv)) {
    deps.stdout(`ecs-deploy ${VERSION}\n`);
    if (argv.includes("-v") || argv.includes("--verbose")) {
      for (const [name, version] of Object.entries(deps.runtimeVersions ?? {})) {
        deps.stdout(`${name} ${version}\n`);
      }
    }
    return 0;
  }

  const program = buildProgram(deps, done);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with exit code 0; every usage error is exit 2.
      return error.exitCode === 0 ? 0 : exitCodeFor("invalid");
    }
    if (error instanceof InvalidRequestError) {
      deps.stderr(`error: ${error.message}\n`);
      return exitCodeFor("invalid");
    }
    deps.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (argv.includes("-v") || argv.includes("--verbose")) deps.stderr(`${causeChain(error)}\n`);
    return exitCodeFor("error");
  }
}

/** The command tree. Each subcommand lives in its own file. */
export function buildProgram(deps: CliDeps, done: (exitCode: number) => void): Command {
  const program = new Command("ecs-deploy")
    .description("Deploy to Amazon ECS and tell the truth about whether it worked")
    .option("-V, --version", "print the version (with -v, the runtime's too)")
    .addHelpText(
      "after",
      "\nWithout a command, `deploy` runs: ecs-deploy -c CLUSTER -n SERVICE -i IMAGE\n" +
        "Exit codes: 0 succeeded, 1 failed/rolled back/superseded, 2 invalid, 3 timed out, " +
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

function isVersionRequest(argv: string[]): boolean {
  const first = argv.find((arg) => !["-v", "--verbose"].includes(arg));
  return first === "--version" || first === "-V";
}

function causeChain(error: unknown): string {
  const lines: string[] = [];
  let current = error instanceof Error ? error.cause : undefined;
  while (current !== undefined) {
    lines.push(`  caused by: ${current instanceof Error ? current.message : String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join("\n") || `  ${error instanceof Error ? error.stack ?? error.message : error}`;
}
