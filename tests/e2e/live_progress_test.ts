/**
 * The live view in a real terminal: the CLI runs under `script` (util-linux), which gives it a
 * pseudo-terminal, against the emulator. In a terminal the status line is redrawn in place
 * (carriage return, erase line) and the outcome line is green; `NO_COLOR=1` and `--no-color`
 * keep the redraws without colour; `CI=true` gives appended lines with a heartbeat while
 * nothing changes, and no escape code at all.
 *
 * @module
 */
import assert from "node:assert/strict";
import { cliEnv, ROOT } from "../support/spawn_cli.ts";
import {
  type E2eWorld,
  inWorld,
  PausableClock,
  REPO,
  waitUntilSteady,
  type WireService,
} from "./e2e_world.ts";
import { seedDemo } from "../../src/emulator/seed_demo.ts";

const ERASE_LINE = "\x1b[2K";
const GREEN = "\x1b[32m";
/** The first spinner frames, as the status line starts with them. */
const SPINNER = /[\u280b\u2819\u2839\u2838\u283c\u2834\u2826\u2827\u2807\u280f]/;

/** Whether util-linux `script` is here; .ci/run installs it (bsdutils) where it can. */
async function hasScript(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("script", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return success;
  } catch {
    return false;
  }
}

const ignore = Deno.build.os !== "linux" || !await hasScript();
if (ignore) {
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      "live_progress_test: skipped: util-linux `script` not found (apt-get install bsdutils)\n",
    ),
  );
}

/** A word for `sh -c`. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** A CLI run in a pseudo-terminal: what the terminal showed, and how it ended. */
interface PtyRun {
  /** Resolves once the terminal has shown text matching `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
  /** The exit code and all the terminal showed, `\r\n` as the terminal's line ends. */
  exited: Promise<{ code: number; screen: string }>;
}

/**
 * Runs `deno run -q -A main.ts ARGS` in a 100-column pseudo-terminal (stderr and stdout both on
 * it), with the clean CLI environment minus `NO_COLOR`, plus `env`. `-q` keeps Deno's own
 * progress (which erases lines itself) off the terminal.
 */
function runInPty(args: string[], env: Record<string, string>, timeoutMs = 60_000): PtyRun {
  const { NO_COLOR: _, ...clean } = cliEnv();
  const command = `stty cols 100 rows 30; exec ${
    [Deno.execPath(), "run", "-q", "-A", "main.ts", ...args].map(quote).join(" ")
  }`;
  const child = new Deno.Command("script", {
    args: ["-qfec", command, "/dev/null"],
    cwd: ROOT,
    env: { ...clean, TERM: "xterm-256color", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  let screen = "";
  const waiters: { pattern: RegExp; resolve(): void; reject(error: Error): void }[] = [];
  const read = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      screen += text;
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(screen)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
    for (const waiter of waiters.splice(0)) {
      waiter.reject(new Error(`The CLI ended without showing ${waiter.pattern}:\n${screen}`));
    }
  })();
  const errors = new Response(child.stderr).text();
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(screen)) resolve();
        else waiters.push({ pattern, resolve, reject });
      }),
    exited: (async () => {
      const status = await child.status;
      clearTimeout(timer);
      await read;
      const stderr = await errors;
      assert.equal(stderr, "", "script itself printed nothing");
      return { code: status.code, screen };
    })(),
  };
}

function deployArgs(world: E2eWorld, image: string, ...extra: string[]): string[] {
  const target = ["-c", world.cluster, "-n", world.service];
  return [...target, "--endpoint-url", world.url, "-r", "us-east-1", "-i", image, ...extra];
}

/** The status lines the terminal was shown: what follows each erase-line up to the next one. */
function statusLines(screen: string): string[] {
  return screen.split(`\r${ERASE_LINE}`).slice(1).map((part) => part.split("\r\n")[0]!)
    .filter((text) => SPINNER.test(text.slice(0, 8)));
}

/** Two status lines with counts in a row: the line was redrawn in place, not appended. */
const REDRAWN = new RegExp(
  `new tasks running[^\\r\\n]*\\r\\x1b\\[2K[^\\r\\n]*new tasks running`,
);

/**
 * Deploys in a pseudo-terminal and holds ECS still (the world's clock paused) from the moment
 * the service is updated until the terminal has shown `until`, so the deploy is seen in
 * progress however quick the emulator's rollout is; then lets it finish.
 */
async function deployHeld(
  clock: PausableClock,
  args: string[],
  env: Record<string, string>,
  until: RegExp,
): Promise<{ code: number; screen: string }> {
  const run = runInPty(args, env);
  await run.waitFor(/Updated service: deployment /);
  clock.pause();
  await run.waitFor(until);
  clock.resume();
  return await run.exited;
}

Deno.test({
  name: "live view in a terminal: the status line redraws in place, the outcome line is green",
  ignore,
  fn: () => {
    const clock = new PausableClock();
    return inWorld("live", { clock }, async (world) => {
      const { code, screen } = await deployHeld(
        clock,
        deployArgs(world, `${REPO}:1.28`),
        {},
        REDRAWN,
      );
      assert.equal(code, 0, screen);
      const shown = statusLines(screen);
      assert.ok(
        shown.some((text) => /\d+s deploying live:2: \d\/2 new tasks running/.test(text)),
        JSON.stringify(shown),
      );
      assert.ok(new Set(shown).size >= 2, `the status line changed in place:\n${screen}`);
      // The last thing on the terminal: the status line erased, the green outcome line, the ARN.
      assert.match(
        screen,
        new RegExp(
          `\\r\\x1b\\[2K\\x1b\\[32m\\[\\d+s\\] Deployed "live": 2 of 2 tasks running the new ` +
            `revision \\(exit 0\\)\\x1b\\[39m\\r\\n` +
            `arn:aws:ecs:us-east-1:123456789012:task-definition/live:2\\r\\n$`,
        ),
        JSON.stringify(screen.slice(-400)),
      );
      assert.match(screen, /^Registered live:2\r$/m);
    });
  },
});

Deno.test({
  name: "live view with NO_COLOR=1 or --no-color: the same redraws, no colour",
  ignore,
  fn: () => {
    const clock = new PausableClock();
    return inWorld("nocolor", { clock }, async (world) => {
      const runs: [string, string[], Record<string, string>][] = [
        ["NO_COLOR=1", deployArgs(world, `${REPO}:1.28`), { NO_COLOR: "1" }],
        ["--no-color", deployArgs(world, `${REPO}:1.29`, "--no-color"), {}],
      ];
      for (const [how, args, env] of runs) {
        const { code, screen } = await deployHeld(clock, args, env, REDRAWN);
        assert.equal(code, 0, `${how}\n${screen}`);
        assert.ok(!screen.includes(GREEN), `${how}: no colour`);
        assert.deepEqual(
          // deno-lint-ignore no-control-regex
          [...new Set(screen.match(/\x1b\[[0-9;]*[A-Za-z]/g))],
          [ERASE_LINE],
          `${how}: the only escape codes are the redraws' erase-lines`,
        );
        // deno-lint-ignore no-control-regex
        assert.match(screen, /\r\x1b\[2K\[\d+s\] Deployed "nocolor": .*\(exit 0\)\r\n/);
      }
    });
  },
});

Deno.test({
  name: "CI=true in a terminal: appended lines, a heartbeat while nothing changes, no escape code",
  ignore,
  fn: () => {
    const clock = new PausableClock();
    return inWorld("beat", { clock }, async (world) => {
      // ECS stands still: nothing changes for the CLI to print, so only the heartbeat speaks.
      const { code, screen } = await deployHeld(
        clock,
        deployArgs(world, `${REPO}:1.28`),
        { CI: "true" },
        /still deploying beat:2: \d\/2 new tasks running/,
      );
      assert.equal(code, 0, screen);
      assert.ok(!screen.includes("\x1b"), `no escape codes:\n${JSON.stringify(screen)}`);
      const lines = screen.split("\r\n");
      const heartbeats = lines.filter((line) => line.includes("still deploying"));
      assert.equal(heartbeats.length, 1, screen);
      assert.match(
        heartbeats[0]!,
        /^\[(29|3\d)s\] still deploying beat:2: \d\/2 new tasks running/,
      );
      assert.match(lines.at(-3)!, /^\[\d+s\] Deployed "beat": .*\(exit 0\)$/);
    });
  },
});

Deno.test({
  name: "live view of several services: one status line per service, redrawn in place as a block",
  ignore,
  fn: () => {
    const clock = new PausableClock();
    return inWorld("livegrp", { clock }, async (world) => {
      await seedDemo(world.emulator.sim, { cluster: world.cluster, service: "worker" });
      await waitUntilSteady(async () => {
        const { services } = await world.emulator.sim.call("DescribeServices", {
          cluster: world.cluster,
          services: ["worker"],
        });
        return (services as WireService[])[0]!;
      });
      const run = runInPty([
        ...deployArgs(world, `${REPO}:1.28`).map((arg) => arg === world.service ? "livegrp" : arg),
        "-n",
        "worker",
      ], {});
      await run.waitFor(/\[worker\] Updated service: deployment /);
      await run.waitFor(/\[livegrp\] Updated service: deployment /);
      clock.pause();
      // Both lines of the block (names in bold), one under the other, then the block redrawn:
      // erase the line, cursor up one, erase to the end of the screen.
      await run.waitFor(
        new RegExp(
          "livegrp\x1b\\[22m \x1b\\[1m.\x1b\\[22m \\d+s deploying livegrp:2[^\r\n]*\r?\n" +
            "\x1b\\[1mworker \x1b\\[22m \x1b\\[1m.\x1b\\[22m \\d+s deploying worker:2[^\r\n]*" +
            "\r\x1b\\[2K\x1b\\[1A\r\x1b\\[J",
        ),
      );
      clock.resume();
      const { code, screen } = await run.exited;
      assert.equal(code, 0, screen);
      assert.match(screen, /SERVICE +OUTCOME +REVISION +REASON\r\n/);
      assert.match(
        screen,
        new RegExp("livegrp +\x1b\\[32msucceeded\x1b\\[39m +livegrp:1 -> livegrp:2"),
      );
      assert.match(screen, /Deployed 2 services: 2 services: 2 succeeded \(exit 0\)/);
    });
  },
});
