/**
 * What `ecs-deploy emulator --demo` prints once it listens: the demo service, and commands to
 * copy into another terminal (sh, bash, zsh), each whole with its endpoint, region and dummy
 * credentials so that no AWS setup of the machine can send it elsewhere: a deploy that
 * succeeds, one that is rolled back, `status`, `rollback`, a one-off task, and the same read with
 * the AWS CLI.
 *
 * @module
 */
import type { DemoService } from "./demo_service.ts";
import { DEMO } from "./demo_service.ts";
import { type Invocation, shellQuote } from "./invocation.ts";

/** Inputs of {@linkcode demoGuide}. */
export interface DemoGuideOptions {
  /** The emulator's base URL. */
  url: string;
  region: string;
  demo: DemoService;
  /** How to run ecs-deploy again (see `invocation.ts`). */
  invocation: Invocation;
  /** How long a `slow` image takes to start, in ms. */
  slowStartMs: number;
}

/** The image tag of the deploy that succeeds, and of the one that is rolled back. */
export const DEMO_TAGS = { good: "1.28", bad: "crash" } as const;

/** The dummy credentials in the printed commands; the emulator accepts any. */
const DUMMY_KEY = "test";

/** The guide, as lines (without line ends). */
export function demoGuide(options: DemoGuideOptions): string[] {
  const { demo, url, region } = options;
  const cli = options.invocation.words.map(shellQuote).join(" ");
  const connection = `--endpoint-url ${shellQuote(url)} -r ${shellQuote(region)} ` +
    `-k ${DUMMY_KEY} -s ${DUMMY_KEY}`;
  const target = `-c ${shellQuote(demo.cluster)} -n ${shellQuote(demo.service)}`;
  const command = (comment: string, words: string) => [
    `  # ${comment}`,
    `  ${cli} ${words} \\`,
    `    ${connection}`,
    "",
  ];
  const where = options.invocation.cwd === undefined
    ? "in another terminal"
    : `in another terminal, in ${shellQuote(options.invocation.cwd)}`;
  const slowS = Math.round(options.slowStartMs / 1000);
  return [
    `Demo: cluster "${demo.cluster}", Fargate service "${demo.service}" with the deployment ` +
    `circuit breaker (rollback on),`,
    `running ${demo.desiredCount} tasks of ${demo.revision} (${demo.images.join(", ")})` +
    (demo.created ? "" : ", from the state file"),
    "",
    `Try it ${where} (the credentials are dummies; the emulator accepts any):`,
    "",
    ...command(
      "a deploy that succeeds (exit 0)",
      `deploy ${target} -i ${DEMO.repository}:${DEMO_TAGS.good}`,
    ),
    ...command(
      "a deploy whose tasks crash: the circuit breaker rolls it back (exit 1)",
      `deploy ${target} -i ${DEMO.repository}:${DEMO_TAGS.bad}`,
    ),
    ...command("what the service runs now (exit 0)", `status ${target}`),
    ...command("back to the revision before the one it runs (exit 0)", `rollback ${target}`),
    ...command(
      "a one-off task (a migration) on the service's network; its command exits 3 (exit 1)",
      `run -c ${shellQuote(demo.cluster)} -d ${shellQuote(demo.revision)} ` +
        `--network-from-service ${shellQuote(demo.service)} --command 'migrate exit-3'`,
    ),
    "  # the same service through the AWS CLI",
    `  AWS_ACCESS_KEY_ID=${DUMMY_KEY} AWS_SECRET_ACCESS_KEY=${DUMMY_KEY} aws ecs describe-services \\`,
    `    --cluster ${shellQuote(demo.cluster)} --services ${shellQuote(demo.service)} ` +
    `--endpoint-url ${shellQuote(url)} --region ${shellQuote(region)}`,
    "",
    "Image tags that fail on purpose (alone or as a prefix, like crash-2):",
    "  fail-pull  never starts (CannotPullContainerError)",
    "  crash      exits 1 right after starting",
    "  unhealthy  fails its health checks",
    `  slow       starts, but takes ${slowS} s`,
    "Any other tag deploys and runs.",
  ];
}
