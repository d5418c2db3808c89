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
import type { Command } from "./commander.ts";

/** Any command of the tree, whatever its arguments and options. */
export type CompletableCommand = Command<
  unknown[],
  Record<string, unknown>,
  Record<string, unknown>
>;

/** The shells {@linkcode completionScript} writes for. */
export type CompletionShell = "bash" | "zsh" | "fish";

/** The shells as a list, for a `completions <shell>` argument's choices. */
export const COMPLETION_SHELLS: readonly CompletionShell[] = ["bash", "zsh", "fish"];

interface OptionSpec {
  flags: string[];
  /** Consumes the next word (`<value>`); `[value]` options do not, the next word may be a command. */
  takesValue: boolean;
  choices: string[];
  description: string;
}

interface Node {
  /** Subcommand names from the root, joined by spaces; "" for the root. */
  path: string;
  options: OptionSpec[];
  commands: { names: string[]; path: string; description: string }[];
}

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

function collectNodes(program: CompletableCommand): Node[] {
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
    choices: option.argChoices ?? [],
    description: option.description,
  };
}

function clashes(option: OptionSpec, others: OptionSpec[]): boolean {
  return others.some((other) => other.flags.some((flag) => option.flags.includes(flag)));
}

/** Single-quotes a word for bash and zsh. */
function sq(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The lookup functions shared by bash and zsh, which parse the same `case` syntax. */
function posixLookups(fn: string, nodes: Node[]): string {
  const cases = (arms: string[], fallback: string) => [...arms, `    *) ${fallback} ;;`].join("\n");
  const sub = nodes.flatMap((node) =>
    node.commands.map((c) =>
      `    ${c.names.map((n) => sq(`${node.path}|${n}`)).join("|")}) REPLY=${sq(c.path)} ;;`
    )
  );
  const valued = nodes.flatMap((node) => {
    const flags = node.options.filter((o) => o.takesValue).flatMap((o) => o.flags);
    return flags.length === 0
      ? []
      : [`    ${flags.map((f) => sq(`${node.path}|${f}`)).join("|")}) return 0 ;;`];
  });
  const choices = nodes.flatMap((node) =>
    node.options.filter((o) => o.choices.length > 0).map((o) =>
      `    ${o.flags.map((f) => sq(`${node.path}|${f}`)).join("|")}) REPLY=${
        sq(o.choices.join(" "))
      } ;;`
    )
  );
  const options = nodes.map((node) =>
    `    ${sq(node.path)}) REPLY=${sq(node.options.flatMap((o) => o.flags).join(" "))} ;;`
  );
  const commands = nodes.filter((n) => n.commands.length > 0).map((node) =>
    `    ${sq(node.path)}) REPLY=${sq(node.commands.map((c) => c.names[0]).join(" "))} ;;`
  );
  return `${fn}_sub() {
  case "$1|$2" in
${cases(sub, "return 1")}
  esac
}

${fn}_valued() {
  case "$1|$2" in
${cases(valued, "return 1")}
  esac
}

${fn}_choices() {
  case "$1|$2" in
${cases(choices, "return 1")}
  esac
}

${fn}_options() {
  case "$1" in
${cases(options, "REPLY=''")}
  esac
}

${fn}_commands() {
  case "$1" in
${cases(commands, "return 1")}
  esac
}

# Sets REPLY to the command path of words $2.. (options and their values skipped).
${fn}_path() {
  local word skip=0 cmd_path=''
  for word in "$@"; do
    if [[ $word == "=" ]]; then skip=1; continue; fi
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      -*=*) ;;
      -*) ${fn}_valued "$cmd_path" "$word" && skip=1 ;;
      *) ${fn}_sub "$cmd_path" "$word" && cmd_path="$REPLY" ;;
    esac
  done
  REPLY="$cmd_path"
}`;
}

function posixScript(shell: "bash" | "zsh", name: string, fn: string, nodes: Node[]): string {
  const header =
    `# ${shell} completion for ${name}, generated by \`${name} completions ${shell}\`.\n` +
    `# Load it with: source <(${name} completions ${shell})\n`;
  if (shell === "bash") {
    return `${header}
${posixLookups(fn, nodes)}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev='' opt='' cmd_path REPLY
  COMPREPLY=()
  ${fn}_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}"
  cmd_path="$REPLY"
  ((COMP_CWORD > 0)) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # COMP_WORDBREAKS splits --opt=value into "--opt" "=" "value".
  if [[ $cur == "=" ]]; then
    opt="$prev"; cur=''
  elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
    opt="\${COMP_WORDS[COMP_CWORD-2]}"
  elif [[ $prev == -* ]]; then
    opt="$prev"
  fi
  if [[ -n $opt ]]; then
    if ${fn}_choices "$cmd_path" "$opt"; then
      COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
      return 0
    fi
    # A value without choices: leave COMPREPLY empty so bash completes file names.
    ${fn}_valued "$cmd_path" "$opt" && return 0
  fi
  if [[ $cur == -* ]]; then
    ${fn}_options "$cmd_path"
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
  elif ${fn}_commands "$cmd_path"; then
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
  fi
  return 0
}

complete -o default -F ${fn} ${name}
`;
  }
  return `#compdef ${name}
${header}
${posixLookups(fn, nodes)}

${fn}() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" opt='' cmd_path REPLY
  ${fn}_path "\${(@)words[2,CURRENT-1]}"
  cmd_path="$REPLY"
  if [[ $cur == -*=* ]]; then
    opt="\${cur%%=*}"
    if ${fn}_choices "$cmd_path" "$opt"; then
      compadd -P "$opt=" -- \${=REPLY}
      return 0
    fi
    _files -P "$opt="
    return 0
  fi
  if [[ $prev == -* ]]; then
    if ${fn}_choices "$cmd_path" "$prev"; then
      compadd -- \${=REPLY}
      return 0
    fi
    if ${fn}_valued "$cmd_path" "$prev"; then
      _files
      return 0
    fi
  fi
  if [[ $cur == -* ]]; then
    ${fn}_options "$cmd_path"
    compadd -- \${=REPLY}
  elif ${fn}_commands "$cmd_path"; then
    compadd -- \${=REPLY}
  else
    _files
  fi
}

if [[ "\${funcstack[1]}" == ${sq(fn)} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}

/** Quotes a word for fish (single quotes; only \\ and ' are special inside). */
function fq(word: string): string {
  return `'${word.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function fishScript(name: string, fn: string, nodes: Node[]): string {
  const arms = (patterns: string[], body: string) =>
    `        case ${patterns.map(fq).join(" ")}\n            ${body}`;
  const sub = nodes.flatMap((node) =>
    node.commands.map((c) =>
      arms(c.names.map((n) => `${node.path}|${n}`), `echo ${fq(c.path)}; return 0`)
    )
  );
  const valued = nodes.flatMap((node) => {
    const flags = node.options.filter((o) => o.takesValue).flatMap((o) => o.flags);
    return flags.length === 0 ? [] : [arms(flags.map((f) => `${node.path}|${f}`), "return 0")];
  });
  const lines: string[] = [`complete -c ${name} -f`];
  for (const node of nodes) {
    const when = `-n ${fq(`${fn}_at ${fq(node.path)}`)}`;
    for (const c of node.commands) {
      lines.push(
        `complete -c ${name} ${when} -a ${fq(c.names[0]!)} -d ${fq(firstLine(c.description))}`,
      );
    }
    for (const o of node.options) {
      const flags = o.flags.map((f) =>
        f.startsWith("--") ? `-l ${fq(f.slice(2))}` : `-s ${fq(f.slice(1))}`
      );
      const value = o.choices.length > 0
        ? `${o.takesValue ? "-x " : ""}-a ${fq(o.choices.join(" "))}`
        : o.takesValue
        ? "-r -F"
        : "";
      lines.push(
        [`complete -c ${name} ${when}`, ...flags, value, `-d ${fq(firstLine(o.description))}`]
          .filter((part) => part !== "").join(" "),
      );
    }
  }
  return `# fish completion for ${name}, generated by \`${name} completions fish\`.
# Load it with: ${name} completions fish | source

function ${fn}_sub --argument-names cmd_path word
    switch "$cmd_path|$word"
${sub.join("\n")}
    end
    return 1
end

function ${fn}_valued --argument-names cmd_path word
    switch "$cmd_path|$word"
${valued.join("\n")}
    end
    return 1
end

# Prints the command path of the words typed so far (options and their values skipped).
function ${fn}_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l cmd_path ''
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '-*=*'
            case '-*'
                ${fn}_valued "$cmd_path" $word; and set skip 1
            case '*'
                set -l next (${fn}_sub "$cmd_path" $word); and set cmd_path $next
        end
    end
    echo $cmd_path
end

function ${fn}_at --argument-names expected
    set -l current (${fn}_path)
    test "$current" = "$expected"
end

${lines.join("\n")}
`;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
