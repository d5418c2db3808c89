import { InvalidRequestError } from "../errors.ts";

/**
 * The words of a command line as a POSIX shell splits them, without expanding anything:
 * blanks separate words; single quotes keep everything; double quotes keep everything but
 * `\"`, `\\`, `\$` and `` \` ``; a backslash outside quotes keeps the next character. A value
 * starting with `[` is a JSON array of strings instead, the form ECS shows.
 *
 * @throws {InvalidRequestError} for an unclosed quote, a trailing backslash, a JSON array that
 * is malformed or holds other than strings, or no words at all
 */
export function parseWordList(text: string): string[] {
  const words = text.trimStart().startsWith("[") ? parseJsonArray(text) : splitWords(text);
  if (words.length === 0) throw new InvalidRequestError("expected at least one word");
  return words;
}

function parseJsonArray(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError(
      `expected a JSON array of strings: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!Array.isArray(value) || !value.every((word) => typeof word === "string")) {
    throw new InvalidRequestError("expected a JSON array of strings");
  }
  return value;
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const next = text[i + 1];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word = (word ?? "") + char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === "\\" && next !== undefined && '"\\$`'.includes(next)) {
        word = (word ?? "") + next;
        i++;
      } else word = (word ?? "") + char;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= "";
    } else if (char === "\\") {
      if (next === undefined) throw new InvalidRequestError("a backslash ends the words");
      word = (word ?? "") + next;
      i++;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (quote !== undefined) throw new InvalidRequestError(`unclosed ${quote} quote`);
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The words of a flag's command, as {@linkcode parseWordList} reads them.
 *
 * @throws {InvalidRequestError} naming `flag` and the command it could not read
 */
export function commandWords(text: string, flag: string): string[] {
  try {
    return parseWordList(text);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    throw new InvalidRequestError(
      `Invalid option ${flag} ${JSON.stringify(text)}: ${error.message}`,
      { cause: error },
    );
  }
}
