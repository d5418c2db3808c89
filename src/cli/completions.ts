/**
 * Shell completion scripts generated from the command tree, so they can never list a flag the
 * parser does not know.
 *
 * Every script has the same shape: small lookup functions compiled from the tree (subcommand of
 * a path, does an option take a value, its choices, all options, all subcommands), and one
 * completion function that walks the words typed so far to find the current command path
 * (skipping option values) and then offers options, choices or subcommands.
 *
 * @module
 */
import { collectNodes, type CompletableCommand } from "./completion_tree.ts";
import { fishScript } from "./completions_fish.ts";
import { posixScript } from "./completions_posix.ts";

export type { CompletableCommand } from "./completion_tree.ts";

/** The shells {@linkcode completionScript} writes for. */
export type CompletionShell = "bash" | "zsh" | "fish";

/** The shells as a list, for a `completions <shell>` argument's choices. */
export const COMPLETION_SHELLS: readonly CompletionShell[] = ["bash", "zsh", "fish"];

/**
 * Generates a completion script for `shell` covering every visible subcommand of `program`
 * (aliases included), their long and short flags, the root's flags (commander accepts them after
 * a subcommand) and the choices of options that have them. Load it with
 * `source <(ecs-deploy completions bash)` (bash, zsh) or `ecs-deploy completions fish | source`.
 */
export function completionScript(shell: CompletionShell, program: CompletableCommand): string {
  const nodes = collectNodes(program);
  const name = program.name();
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
  return shell === "fish" ? fishScript(name, fn, nodes) : posixScript(shell, name, fn, nodes);
}
