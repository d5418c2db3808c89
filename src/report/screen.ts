/**
 * Where the text output goes on stderr, in one of two ways. {@linkcode PlainScreen}: lines
 * appended as they come (pipes, files, CI logs), and a heartbeat line while nothing changes, so
 * a log never looks hung and a runner that kills silent jobs does not. {@linkcode LiveScreen}:
 * a terminal, with one status line that redraws in place under the permanent lines.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { CLEAR_LINE, fitWidth, type Style } from "./ansi.ts";
import { formatElapsed } from "./short_names.ts";
import { renderStatusLine, type StatusState, statusText } from "./status_line.ts";
import { Ticker } from "./ticker.ts";
import type { Write } from "./reporter.ts";

/** What the text reporter writes to. */
export interface Screen {
  /**
   * A permanent line. `fit`: a line of progress that a terminal may cut to its width (the
   * status line says the same, and the JSON output has all of it); other lines are never cut.
   */
  line(text: string, options?: { fit?: boolean }): void;
  /** What is going on now; undefined when nothing is (before a deploy starts, after it ends). */
  status(state: StatusState | undefined): void;
  /** Stops the ticking and takes the status line away. */
  close(): void;
}

/** How long plain output stays silent at most while a deploy goes on. */
export const HEARTBEAT_MS = 30_000;
/** How often the live status line redraws (its spinner and elapsed time). */
export const REDRAW_MS = 100;
/** The width assumed when a terminal does not say (`script` without a size, say). */
export const DEFAULT_COLUMNS = 80;

interface ScreenOptions {
  write: Write;
  clock: Clock;
  /** When the run started, for elapsed times. */
  startedAt: number;
}

/** Append-only lines, plus `[1m30s] still deploying api:19: ...` after 30 s of silence. */
export class PlainScreen implements Screen {
  readonly #options: ScreenOptions;
  readonly #ticker: Ticker;
  #lastLineAt: number;
  #state: StatusState | undefined;

  constructor(options: ScreenOptions & { heartbeatMs?: number }) {
    this.#options = options;
    this.#lastLineAt = options.clock.now();
    const every = options.heartbeatMs ?? HEARTBEAT_MS;
    this.#ticker = new Ticker(options.clock, () => this.#lastLineAt + every, () => {
      if (!this.#state) return;
      const { clock, startedAt } = this.#options;
      this.line(
        `[${formatElapsed(clock.now() - startedAt)}] still ${statusText(this.#state, clock.now())}`,
      );
    });
  }

  line(text: string): void {
    this.#options.write(`${text}\n`);
    this.#lastLineAt = this.#options.clock.now();
  }

  status(state: StatusState | undefined): void {
    this.#state = state;
    if (state) this.#ticker.start();
  }

  close(): void {
    this.#state = undefined;
    this.#ticker.stop();
  }
}

/**
 * A terminal: permanent lines scroll up, and under them one status line (a spinner, the elapsed
 * time, the phase and the progress) is redrawn in place with a carriage return and erase-line.
 * Lines marked `fit` and the status line are cut to the terminal's width, so the status line
 * never wraps (a wrapped line cannot be redrawn in place).
 */
export class LiveScreen implements Screen {
  readonly #options: ScreenOptions & { columns: () => number | undefined; style: Style };
  readonly #ticker: Ticker;
  #state: StatusState | undefined;
  #drawn = false;
  #frame = 0;
  #lastDrawAt = -Infinity;

  constructor(
    options: ScreenOptions & { columns: () => number | undefined; style: Style },
  ) {
    this.#options = options;
    this.#ticker = new Ticker(options.clock, () => this.#lastDrawAt + REDRAW_MS, () => {
      if (!this.#state) {
        this.#lastDrawAt = options.clock.now();
        return;
      }
      this.#frame++;
      this.#options.write(this.#statusLine());
    });
  }

  line(text: string, options: { fit?: boolean } = {}): void {
    const shown = options.fit ? fitWidth(text, this.#columns() - 1) : text;
    const clear = this.#drawn ? CLEAR_LINE : "";
    this.#drawn = false;
    // One write, so the terminal never shows the line without the status under it.
    this.#options.write(`${clear}${shown}\n${this.#state ? this.#statusLine() : ""}`);
  }

  status(state: StatusState | undefined): void {
    this.#state = state;
    if (!state) {
      this.#clear();
      return;
    }
    this.#options.write(this.#statusLine());
    this.#ticker.start();
  }

  close(): void {
    this.#ticker.stop();
    this.#state = undefined;
    this.#clear();
  }

  #clear(): void {
    if (this.#drawn) this.#options.write(CLEAR_LINE);
    this.#drawn = false;
  }

  #statusLine(): string {
    const { clock, startedAt, style } = this.#options;
    const now = clock.now();
    this.#lastDrawAt = now;
    this.#drawn = true;
    const text = renderStatusLine(this.#state!, {
      now,
      elapsedMs: now - startedAt,
      frame: this.#frame,
      style,
    });
    return `${CLEAR_LINE}${fitWidth(text, this.#columns() - 1)}`;
  }

  #columns(): number {
    const columns = this.#options.columns();
    return columns && columns > 1 ? columns : DEFAULT_COLUMNS;
  }
}
