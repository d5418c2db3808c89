/**
 * The emulator's state file (`ecs-deploy emulator --state FILE`): read at start, written
 * atomically (a temporary file in the same folder, flushed, then renamed over the old one), so
 * a crash or a kill mid-write leaves the previous state, never half a file. A file that cannot
 * be read or understood is an error naming it, and is never replaced.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { InvalidRequestError } from "../errors.ts";

/**
 * The parsed JSON of the state file, or undefined when there is no such file yet (a first run).
 * @throws {InvalidRequestError} when it exists but cannot be read or is not JSON
 */
export async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw stateFileError(path, `cannot read it: ${(error as Error).message}`, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw stateFileError(path, `not JSON (${(error as Error).message})`, error);
  }
}

/**
 * The error for a state file that cannot be used: it names the file, says why, and that it was
 * left alone.
 */
export function stateFileError(path: string, why: string, cause?: unknown): InvalidRequestError {
  return new InvalidRequestError(
    `Cannot load the emulator state from "${path}": ${why}; the file was left as it is ` +
      `(move it away to start with an empty emulator)`,
    cause === undefined ? undefined : { cause },
  );
}

let temporaries = 0;

/** Writes `data` as JSON to `path` atomically; the temporary file is removed on failure. */
export async function writeStateFile(path: string, data: unknown): Promise<void> {
  const text = JSON.stringify(data);
  const temporary = join(dirname(path), `.${basenameOf(path)}.${Deno.pid}.${++temporaries}.tmp`);
  try {
    const file = await Deno.open(temporary, { write: true, createNew: true, mode: 0o600 });
    try {
      const bytes = new TextEncoder().encode(text);
      for (let done = 0; done < bytes.length;) done += await file.write(bytes.subarray(done));
      // On disk before the rename makes it the state file: a power cut leaves old or new.
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw new InvalidRequestError(
      `Cannot save the emulator state to "${path}": ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function basenameOf(path: string): string {
  return path.split(/[\\/]/).pop() || "state";
}
