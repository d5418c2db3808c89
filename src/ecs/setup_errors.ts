/**
 * The ways reaching ECS can fail before ECS has said anything, as domain errors: adapters throw
 * them in place of their SDK's errors, so the engine can tell a set-up mistake from an outage
 * and the CLI can say what to do without knowing the SDK. The facts are here; the advice (which
 * flag, which variable) is the CLI's (`src/cli/explain_setup_error.ts`).
 *
 * @module
 */
import { InvalidRequestError } from "../errors.ts";

/** What is missing or wrong in the AWS set-up. */
export type AwsSetupProblem = "no_region" | "no_credentials" | "unknown_profile";

/** Facts an {@linkcode AwsSetupError} may carry for the advice. */
export interface AwsSetupFacts {
  /** The profile in use, when one was named (flag or AWS_PROFILE). */
  profile?: string;
  /** The shared config files that were read, as given or defaulted. */
  files?: string[];
  /** The profiles those files define. */
  profiles?: string[];
}

/**
 * No region, no credentials, or a profile that is not in the shared config files: nothing was
 * sent, and nothing will work until the user fixes the set-up. An invalid request (exit 2),
 * since retrying the same command cannot help.
 */
export class AwsSetupError extends InvalidRequestError {
  readonly problem: AwsSetupProblem;
  readonly facts: AwsSetupFacts;

  constructor(
    problem: AwsSetupProblem,
    message: string,
    facts: AwsSetupFacts = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "AwsSetupError";
    this.problem = problem;
    this.facts = facts;
  }
}

/** How an endpoint that never answered as ECS failed. */
export type EndpointFailure =
  | "refused"
  | "host_not_found"
  | "tls"
  | "timed_out"
  | "reset"
  | "unreachable"
  | "not_ecs";

/**
 * The endpoint could not be reached, or answered something that is not ECS (an HTML page from
 * a proxy or a wrong URL), and it has never answered as ECS in this process: a wrong URL, a
 * stopped emulator, `https://` to a plain HTTP server. Adapters throw it only before the first
 * answer; after one, the same failures are an outage and stay as they are (transient).
 */
export class EcsEndpointError extends Error {
  readonly failure: EndpointFailure;
  /** The endpoint URL as configured, or the regional AWS one. */
  readonly endpoint: string;
  /**
   * The transport's error code, where it has one (`ECONNREFUSED`). Not named `code`: the
   * engine reads `code` to spot a broken connection worth retrying, which this is not.
   */
  readonly transportCode: string | undefined;

  constructor(
    failure: EndpointFailure,
    endpoint: string,
    message: string,
    options: { transportCode?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "EcsEndpointError";
    this.failure = failure;
    this.endpoint = endpoint;
    this.transportCode = options.transportCode;
  }
}
