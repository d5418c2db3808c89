/**
 * Every terminal escape sequence ecs-deploy writes, in one place: SGR colours, and what the
 * live view needs to redraw its status line. Plain ANSI on purpose: the colour packages decide
 * on colour from the process's own environment and streams, where ours is decided once, from
 * `--no-color`, `FORCE_COLOR`, `NO_COLOR` and the terminal (see `terminal_settings.ts`), and
 * the text we print is ASCII apart from what ECS puts in event messages.
 *
 * @module
 */

/** Colours and emphasis; identity functions when colour is off. */
export interface Style {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** The colours, or none. */
export function styleFor(color: boolean): Style {
  if (!color) {
    const none = (text: string) => text;
    return { green: none, red: none, yellow: none, dim: none, bold: none };
  }
  return {
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
  };
}

/** Back to the start of the line and erase it: how a status line is redrawn in place. */
export const CLEAR_LINE = "\r\x1b[2K";

/** SGR sequences (colours) and the line-erasing ones above. */
// deno-lint-ignore no-control-regex
const ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;

/** `text` without escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE, "");
}

/** How many columns `text` takes: its code points, escape sequences not counted. */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/**
 * `text` cut to `columns` visible characters, the last one an ellipsis when anything was cut.
 * Escape sequences are kept (so a colour opened is closed by a reset) and never cut apart.
 */
export function fitWidth(text: string, columns: number): string {
  if (visibleWidth(text) <= columns) return text;
  if (columns <= 0) return "";
  let out = "";
  let width = 0;
  let sawEscape = false;
  for (let i = 0; i < text.length;) {
    ESCAPE.lastIndex = i;
    const escape = text[i] === "\x1b" ? ESCAPE.exec(text) : null;
    if (escape && escape.index === i) {
      out += escape[0];
      sawEscape = true;
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    if (width === columns - 1) break;
    out += char;
    width++;
    i += char.length;
  }
  return `${out}\u2026${sawEscape ? "\x1b[0m" : ""}`;
}
