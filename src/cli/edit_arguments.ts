/**
 * The edit flags that take two words, `--cpu web 256`, made one word for the parser: commander
 * gives an option one value, so before it parses, each such flag's two words are joined by
 * {@linkcode WORD_SEPARATOR}. A NUL cannot occur in a command-line argument, so the join is
 * unambiguous, whatever the words hold (a command line, a file name).
 *
 * @module
 */

/** Joins the two words of a two-word edit flag in argv. */
export const WORD_SEPARATOR = "\0";

/** Flags whose value is always CONTAINER and one more word. */
const TWO_WORDS = [
  "--unset-env",
  "--unset-secret",
  "--env-file",
  "--command",
  "--entrypoint",
  "--workdir",
  "--user",
  "--cpu",
  "--memory",
  "--memory-reservation",
];

/**
 * Flags whose value is `KEY=VALUE` for every container, or `CONTAINER KEY=VALUE` for one: a
 * container name never contains "=", so a first word without one is a container.
 */
const ONE_OR_TWO_WORDS = ["-e", "--env", "--secret", "--label"];

/**
 * argv with the two words of every two-word edit flag joined into one (also after
 * `--flag=WORD`). Anything else, and a flag missing its second word, is left for the parser to
 * judge. Words after `--` are not flags. A word `isOption` knows (`--dry-run`, `-c`,
 * `--memory=web`) is never taken as a second word: a flag given without its second word would
 * otherwise swallow the next flag, and `--workdir web --dry-run` deploy for real.
 */
export function joinEditArguments(
  argv: readonly string[],
  isOption: (word: string) => boolean = () => false,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const two = TWO_WORDS.includes(flag);
    if (!two && !ONE_OR_TWO_WORDS.includes(flag)) {
      out.push(arg);
      continue;
    }
    const inline = equals > 0;
    const first = inline ? arg.slice(equals + 1) : argv[i + 1];
    const firstIndex = inline ? i : i + 1;
    const second = argv[firstIndex + 1];
    if (
      first === undefined || second === undefined || (!two && first.includes("=")) ||
      isOption(second)
    ) {
      out.push(arg);
      continue;
    }
    out.push(flag, `${first}${WORD_SEPARATOR}${second}`);
    i = firstIndex + 1;
  }
  return out;
}
