// deno-lint-ignore-file no-console
/**
 * Builds the release archives: `deno task release [--tag vX.Y.Z] [--dry-run] [--target T]...`.
 *
 * Compiles ecs-deploy for every release target, archives each binary as
 * `dist/ecs-deploy-<version>-<target>.tar.gz` (`.zip` for Windows) and writes `dist/SHA256SUMS`.
 * The tag (`--tag`, else GITHUB_REF_NAME) must be `v` + VERSION from src/version.ts; a mismatch
 * exits with code 2 before anything is built. `--dry-run` prints the commands instead.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { VERSION } from "../src/version.ts";
import { InvalidRequestError } from "../src/errors.ts";
import { RELEASE_TARGETS, type Target } from "./lib/compile_flags.ts";
import { formatChecksums, formatStep, planRelease, type ReleaseStep } from "./lib/release_plan.ts";
import { compileFailureMessage, runCommand } from "./lib/run_command.ts";

const USAGE = "Usage: deno task release [--tag vX.Y.Z] [--dry-run] [--target TARGET]...";

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        tag: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        target: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(`${USAGE}\nTargets: ${RELEASE_TARGETS.join(", ")}`);
    return 0;
  }
  const targets = values.target?.map(toTarget);
  if (targets?.includes(undefined)) {
    console.error(`Unknown target: expected one of ${RELEASE_TARGETS.join(", ")}`);
    return 2;
  }
  let plan;
  try {
    plan = planRelease({
      version: VERSION,
      tag: values.tag ?? Deno.env.get("GITHUB_REF_NAME"),
      deno: Deno.execPath(),
      targets: targets as Target[] | undefined,
    });
  } catch (error) {
    if (error instanceof InvalidRequestError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (values["dry-run"]) {
    for (const step of plan.steps) console.log(formatStep(step));
    return 0;
  }
  for (const step of plan.steps) {
    console.error(`$ ${formatStep(step)}`);
    const failure = await runStep(step);
    if (failure !== undefined) {
      console.error(failure);
      return 1;
    }
  }
  console.error(
    `Release ${plan.version} built:\n${plan.artifacts.map((a) => `  ${a}`).join("\n")}`,
  );
  return 0;
}

function toTarget(name: string): Target | undefined {
  return RELEASE_TARGETS.find((target) => target === name);
}

/** Runs one step; returns an error message when it failed. */
async function runStep(step: ReleaseStep): Promise<string | undefined> {
  switch (step.kind) {
    case "remove":
      for (const path of step.paths) await Deno.remove(path, { recursive: true }).catch(ignore);
      return undefined;
    case "exec": {
      const dir = outputDir(step.argv);
      if (dir !== undefined) await Deno.mkdir(dir, { recursive: true });
      const { code, stderr } = await runCommand(step.argv);
      if (code === 0) return undefined;
      const target = step.argv[step.argv.indexOf("--target") + 1];
      return step.argv.includes("compile") && target !== undefined
        ? compileFailureMessage(stderr, target)
        : `Command failed with exit code ${code}: ${step.argv[0]}`;
    }
    case "checksums": {
      const entries = [];
      for (const file of step.files) {
        const bytes = await Deno.readFile(`${step.dir}/${file}`);
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
        entries.push({ file, sha256 });
      }
      await Deno.writeTextFile(step.output, formatChecksums(entries));
      return undefined;
    }
  }
}

/** The folder of a `--output` argument, created before compiling into it. */
function outputDir(argv: string[]): string | undefined {
  const i = argv.indexOf("--output");
  const output = i === -1 ? undefined : argv[i + 1];
  return output?.slice(0, output.lastIndexOf("/"));
}

function ignore(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
