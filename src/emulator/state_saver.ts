/**
 * Keeps the emulator's state file up to date: after calls (which advance and may change the
 * simulated state) it saves at most once per interval, and once more on shutdown. Writes never
 * overlap, and each one takes a fresh snapshot, so the file always holds a whole, recent state.
 *
 * @module
 */
import { alarmAt, type Clock } from "../clock.ts";
import { writeStateFile } from "./state_file.ts";

/** Options of {@linkcode StateSaver}. */
export interface StateSaverOptions {
  path: string;
  /** Takes the snapshot to write. */
  snapshot: () => unknown;
  clock: Clock;
  /** The longest a change waits before it is saved; 1000 unless given. */
  intervalMs?: number;
  /** Told about a save that failed in the background (the next change tries again). */
  onError: (error: Error) => void;
}

/** Saves the state after changes, at most once per interval, and on {@linkcode close}. */
export class StateSaver {
  readonly #options: StateSaverOptions;
  #pending: AbortController | undefined;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: StateSaverOptions) {
    this.#options = options;
  }

  /** Writes the state now (after any write in flight); rejects when the write fails. */
  save(): Promise<void> {
    const write = this.#writing.then(() =>
      writeStateFile(this.#options.path, this.#options.snapshot())
    );
    this.#writing = write.catch(() => {});
    return write;
  }

  /** Says the state changed: it is saved within the interval. */
  changed(): void {
    if (this.#closed || this.#pending) return;
    const pending = new AbortController();
    this.#pending = pending;
    const { clock, intervalMs = 1000 } = this.#options;
    alarmAt(clock, clock.now() + intervalMs, pending.signal).then(
      () => {
        this.#pending = undefined;
        return this.save().catch((error) => this.#options.onError(error));
      },
      () => {}, // cancelled by close()
    );
  }

  /** Cancels the pending save and writes the final state; rejects when that write fails. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pending?.abort();
    this.#pending = undefined;
    await this.save();
  }
}
