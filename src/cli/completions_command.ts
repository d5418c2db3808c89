import type { Outcome } from "../deploy/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { Argument, Command } from "./commander.ts";
import { type CompletableCommand, COMPLETION_SHELLS, completionScript } from "./completions.ts";

/** `ecs-deploy completions bash|zsh|fish`: prints a completion script for the whole tree. */
export function completionsCommand(deps: CliDeps, done: (outcome: Outcome) => void) {
  return new Command("completions")
    .description(
      "Print a shell completion script: source <(ecs-deploy completions bash), or " +
        "ecs-deploy completions fish | source",
    )
    .addArgument(new Argument("<shell>", "the shell").choices(COMPLETION_SHELLS))
    .action((shell, _flags, command) => {
      const root = (command.parent ?? command) as unknown as CompletableCommand;
      deps.stdout(completionScript(shell, root));
      done("succeeded");
    });
}
