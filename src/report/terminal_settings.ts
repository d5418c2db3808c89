/**
 * How the text output shows itself, decided once from the terminal and the environment:
 *
 * - live (a status line redrawn in place) when stderr is a terminal, `CI` is not set and `TERM`
 *   is not `dumb`, unless `-v` (which prints every API call on stderr itself, and a line
 *   written past the reporter would break a redraw); plain appended lines otherwise;
 * - colour: `--no-color` turns it off whatever else says; otherwise `FORCE_COLOR` (any value but
 *   `0` or `false`) turns it on, `NO_COLOR` (any non-empty value) off, and without either there
 *   is colour in such a terminal only (with `-v` too).
 *
 * @module
 */

/** The terminal as the text reporter needs it. */
export interface TerminalSettings {
  /** A status line redrawn in place, rather than appended lines with a heartbeat. */
  live: boolean;
  color: boolean;
  /** The terminal's width now (it may be resized); undefined when not known. */
  columns?: () => number | undefined;
}

/** What the decision rests on; main.ts reads the real ones. */
export interface TerminalFacts {
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr, where the text output goes, is a terminal. */
  stderrIsTerminal: boolean;
  /** `--no-color`. */
  noColor?: boolean;
  /** `-v`: appended lines even in a terminal. */
  verbose?: boolean;
  columns?: () => number | undefined;
}

/** Decides live or plain, colour or not (see the module's rules). */
export function terminalSettings(facts: TerminalFacts): TerminalSettings {
  const { env } = facts;
  const terminal = facts.stderrIsTerminal && !isSet(env.CI) && env.TERM !== "dumb";
  const live = terminal && facts.verbose !== true;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const forced = env.FORCE_COLOR !== undefined && !["0", "false"].includes(env.FORCE_COLOR);
  const color = facts.noColor === true ? false : forced ? true : noColor ? false : terminal;
  return { live, color, ...(facts.columns ? { columns: facts.columns } : {}) };
}

/** CI systems set `CI=true` (or `1`, or a name); `CI=false` and `CI=0` say it is not one. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}
