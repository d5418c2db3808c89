import { InvalidRequestError } from "../errors.ts";

/**
 * The words of a command given as one string, as a POSIX shell splits them (blanks separate;
 * single quotes keep everything; double quotes keep all but `\"`, `\\`, `\$` and `` \` ``; a
 * backslash outside quotes keeps the next character), or as a JSON array of strings when it
 * starts with `[`. No expansion of any kind: ECS receives the words as they are.
 *
 * @throws {InvalidRequestError} naming `flag` for an unterminated quote, bad JSON or no words
 */
export function commandWords(text: string, flag: string): string[] {
  const fail = (why: string): never => {
    throw new InvalidRequestError(`Invalid option ${flag} ${JSON.stringify(text)}: ${why}`);
  };
  if (text.trimStart().startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(`not a JSON array (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === "string")) {
      return fail("a JSON command must be an array of strings");
    }
    if (parsed.length === 0) fail("no command");
    return parsed;
  }
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail("unterminated single quote");
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      word ??= "";
      for (i++;; i++) {
        if (i >= text.length) fail("unterminated double quote");
        const inner = text[i]!;
        if (inner === '"') break;
        if (inner === "\\" && '"\\$`'.includes(text[i + 1] ?? "")) {
          word += text[++i];
        } else word += inner;
      }
    } else if (ch === "\\") {
      if (i + 1 >= text.length) fail("ends with a backslash");
      word = (word ?? "") + text[++i];
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + ch;
  }
  if (word !== undefined) words.push(word);
  if (words.length === 0) fail("no command");
  return words;
}
