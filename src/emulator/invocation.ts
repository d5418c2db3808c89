/**
 * How the user started ecs-deploy, as words to type again: the demo guide prints commands that
 * run the same program (`deno run -A main.ts` from a checkout, `deno run -A <url>` from a URL,
 * `ecs-deploy` for a compiled binary on PATH, its full path otherwise).
 *
 * @module
 */
import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** What the running program knows about itself. */
export interface RuntimeFacts {
  /** `Deno.execPath()`: deno itself, or the compiled binary. */
  execPath: string;
  /** `Deno.mainModule`: the script's URL (inside a compiled binary, a virtual one). */
  mainModule: string;
  cwd: string;
  /** Where `name` on PATH leads (its real path), if anywhere. */
  onPath: (name: string) => string | undefined;
  /** The real path of a file (symlinks resolved), if it can be found. */
  realPath: (path: string) => string | undefined;
}

/** The words of an invocation, and whether they only work from `cwd` (a relative script). */
export interface Invocation {
  words: string[];
  /** The folder the words must be typed in, when they name a script relative to it. */
  cwd?: string;
}

/** How to run this program again, from what it knows about itself. */
export function invocationOf(facts: RuntimeFacts): Invocation {
  const name = facts.execPath.split(/[\\/]/).pop()!.replace(/\.exe$/i, "");
  if (name === "deno") {
    if (!facts.mainModule.startsWith("file:")) {
      return { words: ["deno", "run", "-A", facts.mainModule] };
    }
    const script = fileURLToPath(facts.mainModule);
    const inside = relative(facts.cwd, script);
    if (inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)) {
      return { words: ["deno", "run", "-A", inside], cwd: facts.cwd };
    }
    return { words: ["deno", "run", "-A", script] };
  }
  // A compiled binary: its own name when PATH finds this very binary under it.
  const self = facts.realPath(facts.execPath) ?? facts.execPath;
  return { words: [facts.onPath(name) === self ? name : facts.execPath] };
}

/**
 * The facts of the running program. What a permission denies (reading PATH or resolving
 * links) is left out, which at worst prints a full path instead of a name.
 */
export function runtimeFacts(): RuntimeFacts {
  let path: string | undefined;
  try {
    // The emulator command builds its own adapters (like main.ts): PATH is read here, once.
    path = Deno.env.get("PATH");
  } catch {
    path = undefined;
  }
  const realPath = (file: string) => {
    try {
      return Deno.realPathSync(file);
    } catch {
      return undefined;
    }
  };
  const separator = Deno.build.os === "windows" ? ";" : ":";
  const suffix = Deno.build.os === "windows" ? ".exe" : "";
  return {
    execPath: Deno.execPath(),
    mainModule: Deno.mainModule,
    cwd: Deno.cwd(),
    realPath,
    onPath: (name) => {
      for (const dir of (path ?? "").split(separator).filter(Boolean)) {
        const found = realPath(`${dir}/${name}${suffix}`);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}

/** `word` quoted for sh and bash when it needs quoting. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}
