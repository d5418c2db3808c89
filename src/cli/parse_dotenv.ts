import { InvalidRequestError } from "../errors.ts";

/** One variable of an env file, with the line it is on. */
export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
}

/**
 * The variables of a dotenv file: `KEY=VALUE` lines, optionally `export KEY=VALUE`; blank lines
 * and lines starting with `#` are skipped; an unquoted value ends at ` #` (a comment) and is
 * trimmed; a single-quoted value is taken as it is; a double-quoted value may span lines and
 * knows the escapes `\n`, `\r`, `\t`, `\"` and `\\`. Nothing is expanded. Entries come in file
 * order; a key given twice is given twice (the later one wins where they are applied).
 *
 * @param file the file's name, for errors
 * @throws {InvalidRequestError} naming the file and line: a line without "=", an empty or
 * invalid key, an unclosed quote, or text after a closing quote
 */
export function parseDotenv(text: string, file: string): DotenvEntry[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries: DotenvEntry[] = [];
  const fail = (line: number, why: string): never => {
    throw new InvalidRequestError(`${file}:${line}: ${why}`);
  };
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const trimmed = lines[i]!.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const body = trimmed.replace(/^export\s+/, "");
    const equals = body.indexOf("=");
    // Messages quote no text of a line: it may be part of a value, such as a password.
    if (equals < 0) fail(number, "expected KEY=VALUE");
    const key = body.slice(0, equals).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      fail(number, `invalid variable name ${JSON.stringify(key)}`);
    }
    let rest = body.slice(equals + 1).trimStart();
    const quote = rest[0];
    if (quote !== "'" && quote !== '"') {
      const comment = rest.search(/\s#/);
      entries.push({
        key,
        value: (comment < 0 ? rest : rest.slice(0, comment)).trim(),
        line: number,
      });
      continue;
    }
    // A quoted value: read up to the closing quote, across lines for double quotes.
    let value = "";
    let j = 1;
    const start = number;
    for (;;) {
      if (j >= rest.length) {
        if (quote === "'" || i + 1 >= lines.length) fail(start, `unclosed ${quote} quote`);
        value += "\n";
        rest = lines[++i]!;
        j = 0;
        continue;
      }
      const char = rest[j]!;
      if (char === quote) break;
      if (quote === '"' && char === "\\" && j + 1 < rest.length) {
        const next = rest[j + 1]!;
        value += ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" } as Record<string, string>)[
          next
        ] ?? `\\${next}`;
        j += 2;
        continue;
      }
      value += char;
      j++;
    }
    const after = rest.slice(j + 1).trim();
    if (after !== "" && !after.startsWith("#")) {
      fail(i + 1, "unexpected text after the closing quote");
    }
    entries.push({ key, value, line: start });
  }
  return entries;
}
