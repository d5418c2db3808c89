/**
 * The command tree as the completion scripts see it: every visible command path with the options
 * it accepts (inherited ones included) and its subcommands, aliases included.
 *
 * @module
 */
import type { Command } from "./commander.ts";

/** Any command of the tree, whatever its arguments and options. */
export type CompletableCommand = Command<
  unknown[],
  Record<string, unknown>,
  Record<string, unknown>
>;

/** An option as completion needs it. */
export interface OptionSpec {
  flags: string[];
  /** Consumes the next word (`<value>`); `[value]` options do not, the next word may be a command. */
  takesValue: boolean;
  /** Consumes the next two words (`--cpu <container> <units>`, made one by `edit_arguments.ts`). */
  takesTwoWords: boolean;
  choices: string[];
  description: string;
}

/** One command of the tree, with the options it accepts and its visible subcommands. */
export interface Node {
  /** Subcommand names from the root, joined by spaces; "" for the root. */
  path: string;
  options: OptionSpec[];
  commands: { names: string[]; path: string; description: string }[];
}

/**
 * Walks the visible command tree of `program`, root first. Each node carries its own options,
 * the options it inherits from its ancestors (commander accepts them after a subcommand) and,
 * for a command with a default subcommand, that subcommand's options too.
 */
export function collectNodes(program: CompletableCommand): Node[] {
  const nodes: Node[] = [];
  const visit = (cmd: CompletableCommand, path: string, inherited: OptionSpec[]) => {
    const help = cmd.createHelp();
    const own = help.visibleOptions(cmd).map(toSpec);
    const options = [...own, ...inherited.filter((o) => !clashes(o, own))];
    const children = help.visibleCommands(cmd);
    const commands = children.map((child) => ({
      names: [child.name(), ...child.aliases()],
      path: path === "" ? child.name() : `${path} ${child.name()}`,
      description: child.summary() || child.description(),
    }));
    // A default command's flags may be typed without its name.
    const defaultName = (cmd as unknown as { _defaultCommandName?: string | null })
      ._defaultCommandName;
    const fallback = children.find((child) => child.name() === defaultName);
    if (fallback !== undefined) {
      const extra = fallback.createHelp().visibleOptions(fallback).map(toSpec);
      options.push(...extra.filter((o) => !clashes(o, options)));
    }
    nodes.push({ path, options, commands });
    const global = cmd.options.filter((o) => !o.hidden).map(toSpec);
    for (const [i, child] of children.entries()) {
      visit(child, commands[i]!.path, [...global, ...inherited.filter((o) => !clashes(o, global))]);
    }
  };
  visit(program, "", []);
  return nodes;
}

function toSpec(
  option: ReturnType<ReturnType<CompletableCommand["createHelp"]>["visibleOptions"]>[number],
): OptionSpec {
  return {
    flags: [option.short, option.long].filter((f): f is string => typeof f === "string"),
    takesValue: option.required,
    takesTwoWords: option.required && (option.flags.match(/<[^>]*>/g)?.length ?? 0) === 2,
    choices: option.argChoices ?? [],
    description: option.description,
  };
}

function clashes(option: OptionSpec, others: OptionSpec[]): boolean {
  return others.some((other) => other.flags.some((flag) => option.flags.includes(flag)));
}

/** The first line of a description, for shells that show one line per candidate. */
export function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
