/**
 * Where a group deploy's text goes on stderr. Each service writes through a {@linkcode Screen}
 * of its own (its single deploy's reporter does not know it is one of several). Plain: every
 * line prefixed with `[service]`, with each service's heartbeat. Live (a terminal): the
 * permanent lines scroll, prefixed the same way, above a block of one status line per service,
 * redrawn in place.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { CLEAR_LINE, fitWidth, type Style } from "./ansi.ts";
import type { Write } from "./reporter.ts";
import { DEFAULT_COLUMNS, PlainScreen, REDRAW_MS, type Screen } from "./screen.ts";
import { renderStatusLine, type StatusState } from "./status_line.ts";
import { Ticker } from "./ticker.ts";

/** The screens of a group: one per service, and the group's own lines. */
export interface GroupScreen {
  /** The screen a service writes to. */
  member(label: string): Screen;
  /** What the live view shows for a service that has ended; plain output shows nothing. */
  ended(label: string, text: string): void;
  /** A line of the group's own, not prefixed. */
  line(text: string): void;
  /** Stops the redraws and takes the block away. */
  close(): void;
}

interface GroupScreenOptions {
  write: Write;
  clock: Clock;
  startedAt: number;
  /** Every service, in the order the block shows them. */
  labels: string[];
}

/** Appended lines, each service's prefixed with its name. */
export class PlainGroupScreen implements GroupScreen {
  readonly #options: GroupScreenOptions;
  readonly #screens = new Map<string, PlainScreen>();

  constructor(options: GroupScreenOptions) {
    this.#options = options;
  }

  member(label: string): Screen {
    let screen = this.#screens.get(label);
    if (!screen) {
      const prefix = `[${label}] `;
      screen = new PlainScreen({
        clock: this.#options.clock,
        startedAt: this.#options.startedAt,
        write: (text) => this.#options.write(prefixLines(text, prefix)),
      });
      this.#screens.set(label, screen);
    }
    return screen;
  }

  ended(): void {}

  line(text: string): void {
    this.#options.write(`${text}\n`);
  }

  close(): void {
    for (const screen of this.#screens.values()) screen.close();
  }
}

/** A terminal: scrolling lines over a block of one status line per service. */
export class LiveGroupScreen implements GroupScreen {
  readonly #options: GroupScreenOptions & { columns: () => number | undefined; style: Style };
  readonly #states = new Map<string, StatusState | undefined>();
  readonly #ended = new Map<string, string>();
  readonly #ticker: Ticker;
  readonly #width: number;
  #drawnLines = 0;
  #frame = 0;
  #lastDrawAt = -Infinity;
  #closed = false;

  constructor(
    options: GroupScreenOptions & { columns: () => number | undefined; style: Style },
  ) {
    this.#options = options;
    this.#width = Math.max(...options.labels.map((label) => label.length));
    this.#ticker = new Ticker(options.clock, () => this.#lastDrawAt + REDRAW_MS, () => {
      this.#frame++;
      this.#options.write(this.#redraw());
    });
  }

  member(label: string): Screen {
    return {
      line: (text, options = {}) => {
        const shown = `[${label}] ${text}`;
        this.#permanent(options.fit ? fitWidth(shown, this.#columns() - 1) : shown);
      },
      status: (state) => {
        this.#states.set(label, state);
        if (this.#closed) return;
        this.#options.write(this.#redraw());
        this.#ticker.start();
      },
      // A service's reporter closes its screen when it finishes; the block stays until the end.
      close: () => this.#states.set(label, undefined),
    };
  }

  ended(label: string, text: string): void {
    this.#ended.set(label, text);
    if (!this.#closed) this.#options.write(this.#redraw());
  }

  line(text: string): void {
    this.#permanent(text);
  }

  close(): void {
    this.#closed = true;
    this.#ticker.stop();
    this.#options.write(this.#clear());
  }

  #permanent(text: string): void {
    // One write, so the terminal never shows the line without the block under it.
    this.#options.write(`${this.#clear()}${text}\n${this.#closed ? "" : this.#block()}`);
  }

  #redraw(): string {
    return `${this.#clear()}${this.#block()}`;
  }

  /** Up to the block's first line, then erase to the end of the screen. */
  #clear(): string {
    if (this.#drawnLines === 0) return "";
    const up = this.#drawnLines > 1 ? `\x1b[${this.#drawnLines - 1}A` : "";
    this.#drawnLines = 0;
    return `${CLEAR_LINE}${up}\r\x1b[J`;
  }

  #block(): string {
    const { clock, startedAt, style, labels } = this.#options;
    const now = clock.now();
    this.#lastDrawAt = now;
    const width = this.#columns() - 1;
    const lines = labels.map((label) => {
      const name = label.padEnd(this.#width);
      const ended = this.#ended.get(label);
      const state = this.#states.get(label);
      const text = ended !== undefined
        ? ended
        : state
        ? renderStatusLine(state, { now, elapsedMs: now - startedAt, frame: this.#frame, style })
        : style.dim("waiting");
      return fitWidth(`${style.bold(name)} ${text}`, width);
    });
    this.#drawnLines = lines.length;
    return lines.join("\n");
  }

  #columns(): number {
    const columns = this.#options.columns();
    return columns && columns > 1 ? columns : DEFAULT_COLUMNS;
  }
}

function prefixLines(text: string, prefix: string): string {
  const ends = text.endsWith("\n");
  const body = ends ? text.slice(0, -1) : text;
  return body.split("\n").map((line) => `${prefix}${line}`).join("\n") + (ends ? "\n" : "");
}
