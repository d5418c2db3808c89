/**
 * The edit flags of `deploy` (environment, secrets, command, sizes, roles, labels): their
 * commander options, and their values turned into an {@linkcode EditRequest}. Syntax is checked
 * here, naming the flag; what depends on the task definition is checked in the plan.
 *
 * @module
 */

import { type EditRequest, noEdits } from "../deploy/mod.ts";
import { InvalidRequestError } from "../errors.ts";
import { Option } from "./commander.ts";
import { WORD_SEPARATOR } from "./edit_arguments.ts";
import { parseDotenv } from "./parse_dotenv.ts";
import { parseWordList } from "./parse_word_list.ts";
import { parseTaskCpu, parseTaskMemory } from "./task_size.ts";

/** The edit flags as commander hands them over. */
export interface EditFlags {
  env?: string[];
  unsetEnv?: string[];
  envFile?: string[];
  exclusiveEnv?: true;
  secret?: string[];
  unsetSecret?: string[];
  exclusiveSecrets?: true;
  command?: string[];
  entrypoint?: string[];
  workdir?: string[];
  user?: string[];
  cpu?: string[];
  memory?: string[];
  memoryReservation?: string[];
  label?: string[];
  taskCpu?: string;
  taskMemory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
}

/** Reads a file the user named (`--env-file`); throws when it cannot. */
export type ReadTextFile = (path: string) => string;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The edit options, in the order `deploy --help` lists them. */
export function editOptions(): Option[] {
  const repeatable = (flags: string, description: string) =>
    new Option(flags, `${description} (repeatable)`).argParser(collect);
  return [
    repeatable(
      "-e, --env <[container] key=value>",
      "set an environment variable of CONTAINER, or of every container without it",
    ),
    repeatable("--unset-env <container> <key>", "remove an environment variable of CONTAINER"),
    repeatable(
      "--env-file <container> <file>",
      "set CONTAINER's variables from a dotenv FILE; -e overrides it",
    ),
    new Option(
      "--exclusive-env",
      "the variables given replace all of each container's they are given to",
    ),
    repeatable(
      "--secret <[container] key=arn>",
      "set a secret (Secrets Manager or SSM parameter ARN, or parameter name) of CONTAINER",
    ),
    repeatable("--unset-secret <container> <key>", "remove a secret of CONTAINER"),
    new Option(
      "--exclusive-secrets",
      "the secrets given replace all of each container's they are given to",
    ),
    repeatable("--command <container> <command>", "set CONTAINER's command: shell words or JSON"),
    repeatable("--entrypoint <container> <command>", "set CONTAINER's entry point, likewise"),
    repeatable("--workdir <container> <dir>", "set CONTAINER's working directory"),
    repeatable("--user <container> <user>", "set the user CONTAINER runs as"),
    repeatable("--cpu <container> <units>", "set CONTAINER's CPU units"),
    repeatable("--memory <container> <mib>", "set CONTAINER's hard memory limit (MiB)"),
    repeatable(
      "--memory-reservation <container> <mib>",
      "set CONTAINER's soft memory limit (MiB)",
    ),
    repeatable(
      "--label <[container] key=value>",
      "set a docker label of CONTAINER, or of every container without it",
    ),
    new Option("--task-cpu <cpu>", "set the task's CPU: units (1024) or vCPUs (1 vCPU)"),
    new Option("--task-memory <memory>", "set the task's memory: MiB (2048) or GB (2 GB)"),
    new Option("--task-role-arn <arn>", "set the task's IAM role (ARN)"),
    new Option("--execution-role-arn <arn>", "set the task execution IAM role (ARN)"),
  ];
}

/** The flags the user gave among the edit flags, as they would type them, for messages. */
export function givenEditFlags(flags: EditFlags): string[] {
  const names: [keyof EditFlags, string][] = [
    ["env", "-e, --env"],
    ["unsetEnv", "--unset-env"],
    ["envFile", "--env-file"],
    ["exclusiveEnv", "--exclusive-env"],
    ["secret", "--secret"],
    ["unsetSecret", "--unset-secret"],
    ["exclusiveSecrets", "--exclusive-secrets"],
    ["command", "--command"],
    ["entrypoint", "--entrypoint"],
    ["workdir", "--workdir"],
    ["user", "--user"],
    ["cpu", "--cpu"],
    ["memory", "--memory"],
    ["memoryReservation", "--memory-reservation"],
    ["label", "--label"],
    ["taskCpu", "--task-cpu"],
    ["taskMemory", "--task-memory"],
    ["taskRoleArn", "--task-role-arn"],
    ["executionRoleArn", "--execution-role-arn"],
  ];
  return names.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
}

/**
 * The edit request of the flags, or undefined when none was given.
 *
 * @throws {InvalidRequestError} naming the flag and value
 */
export function toEditRequest(
  flags: EditFlags,
  readTextFile: ReadTextFile,
): EditRequest | undefined {
  if (givenEditFlags(flags).length === 0) return undefined;
  const edits = noEdits();
  for (const arg of flags.envFile ?? []) {
    const [container, file] = twoWords(arg, "--env-file", "CONTAINER FILE", "web .env");
    let text: string;
    try {
      text = readTextFile(file);
    } catch (error) {
      throw new InvalidRequestError(
        `Invalid option --env-file: cannot read ${JSON.stringify(file)}: ` +
          `${(error as Error).message}`,
        { cause: error },
      );
    }
    const entries = naming("--env-file", () => parseDotenv(text, file));
    for (const { key, value, line } of entries) {
      edits.environment.push({ container, key, value, flag: `--env-file ${file}:${line}` });
    }
  }
  for (const arg of flags.env ?? []) {
    edits.environment.push(keyedEdit(arg, "-e, --env", "DB_HOST=db", envKey));
  }
  edits.unsetEnvironment = (flags.unsetEnv ?? []).map((arg) =>
    keyRemoval(arg, "--unset-env", "DB_HOST", envKey)
  );
  edits.exclusiveEnvironment = flags.exclusiveEnv === true;
  if (edits.exclusiveEnvironment && edits.environment.length === 0) {
    throw new InvalidRequestError(
      "Invalid option --exclusive-env: it needs the variables to keep" +
        (flags.envFile
          ? ", and the --env-file files given hold none"
          : ": give -e, --env or --env-file"),
    );
  }
  edits.secrets = (flags.secret ?? []).map((arg) => {
    const edit = keyedEdit(arg, "--secret", "DB_PASSWORD=/prod/db/password", envKey);
    checkSecretReference(arg, edit.value);
    return edit;
  });
  edits.unsetSecrets = (flags.unsetSecret ?? []).map((arg) =>
    keyRemoval(arg, "--unset-secret", "DB_PASSWORD", envKey)
  );
  edits.exclusiveSecrets = flags.exclusiveSecrets === true;
  if (edits.exclusiveSecrets && edits.secrets.length === 0) {
    throw new InvalidRequestError(
      "Invalid option --exclusive-secrets: it needs the secrets to keep: give --secret",
    );
  }
  edits.command = containerValues(flags.command, "--command", "web 'npm start'", parseWordList);
  edits.entryPoint = containerValues(
    flags.entrypoint,
    "--entrypoint",
    'web \'["/bin/sh", "-c"]\'',
    parseWordList,
  );
  edits.workingDirectory = containerValues(flags.workdir, "--workdir", "web /app", (dir) => {
    if (dir.trim() === "") throw new InvalidRequestError("empty directory");
    return dir;
  });
  edits.user = containerValues(flags.user, "--user", "web 1000:1000", (user) => {
    if (!/^\S+$/.test(user)) throw new InvalidRequestError("expected a user without blanks");
    return user;
  });
  edits.cpu = containerValues(flags.cpu, "--cpu", "web 256", (v) => whole(v, 0, 196_608));
  edits.memory = containerValues(flags.memory, "--memory", "web 512", (v) => memoryMiB(v));
  edits.memoryReservation = containerValues(
    flags.memoryReservation,
    "--memory-reservation",
    "web 256",
    (v) => memoryMiB(v),
  );
  edits.dockerLabels = (flags.label ?? []).map((arg) =>
    keyedEdit(arg, "--label", "team=payments", (key) => key !== "")
  );
  if (flags.taskCpu !== undefined) {
    edits.taskCpu = naming(
      `--task-cpu ${JSON.stringify(flags.taskCpu)}`,
      () => parseTaskCpu(flags.taskCpu!),
    );
  }
  if (flags.taskMemory !== undefined) {
    edits.taskMemory = naming(
      `--task-memory ${JSON.stringify(flags.taskMemory)}`,
      () => parseTaskMemory(flags.taskMemory!),
    );
  }
  if (flags.taskRoleArn !== undefined) {
    edits.taskRoleArn = roleArn(flags.taskRoleArn, "--task-role-arn");
  }
  if (flags.executionRoleArn !== undefined) {
    edits.executionRoleArn = roleArn(flags.executionRoleArn, "--execution-role-arn");
  }
  return edits;
}

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Environment and secret names: anything but blanks and "=", which Docker would split on. */
function envKey(key: string): boolean {
  return /^[^=\s]+$/.test(key);
}

/** `CONTAINER<NUL>WORD` as {@linkcode joinEditArguments} made it, split and checked. */
function twoWords(arg: string, flag: string, shape: string, example: string): [string, string] {
  const separator = arg.indexOf(WORD_SEPARATOR);
  if (separator < 0) {
    throw new InvalidRequestError(
      `Invalid option ${flag} ${JSON.stringify(arg)}: expected ${shape}, two words, such as ` +
        `${flag} ${example}`,
    );
  }
  const container = arg.slice(0, separator);
  checkContainer(container, flag);
  return [container, arg.slice(separator + 1)];
}

function checkContainer(container: string, flag: string): void {
  if (!CONTAINER_NAME.test(container)) {
    throw new InvalidRequestError(
      `Invalid option ${flag}: container name ${JSON.stringify(container)} may contain only ` +
        `letters, digits, "_" and "-"`,
    );
  }
}

/** `KEY=VALUE` for every container, or `CONTAINER<NUL>KEY=VALUE`. */
function keyedEdit(
  arg: string,
  flag: string,
  example: string,
  validKey: (key: string) => boolean,
) {
  const separator = arg.indexOf(WORD_SEPARATOR);
  const container = separator < 0 ? undefined : arg.slice(0, separator);
  if (container !== undefined) checkContainer(container, flag);
  const pair = separator < 0 ? arg : arg.slice(separator + 1);
  const equals = pair.indexOf("=");
  const shown = JSON.stringify(pair);
  if (equals < 0) {
    throw new InvalidRequestError(
      `Invalid option ${flag} ${shown}: expected KEY=VALUE or CONTAINER KEY=VALUE, such as ` +
        `${flag} web ${example}`,
    );
  }
  const key = pair.slice(0, equals);
  // The value may be a password: only the name is quoted.
  if (!validKey(key)) {
    throw new InvalidRequestError(`Invalid option ${flag}: invalid name ${JSON.stringify(key)}`);
  }
  return {
    ...(container !== undefined ? { container } : {}),
    key,
    value: pair.slice(equals + 1),
    flag,
  };
}

function keyRemoval(
  arg: string,
  flag: string,
  example: string,
  validKey: (key: string) => boolean,
) {
  const [container, key] = twoWords(arg, flag, "CONTAINER KEY", `web ${example}`);
  if (!validKey(key)) {
    throw new InvalidRequestError(`Invalid option ${flag}: invalid name ${JSON.stringify(key)}`);
  }
  return { container, key };
}

function containerValues<T>(
  args: string[] | undefined,
  flag: string,
  example: string,
  parse: (value: string) => T,
) {
  return (args ?? []).map((arg) => {
    const [container, value] = twoWords(arg, flag, "CONTAINER VALUE", example);
    return {
      container,
      value: naming(`${flag} ${container} ${JSON.stringify(value)}`, () => parse(value)),
    };
  });
}

/** Runs a parse; its error is rethrown naming the flag and value. */
function naming<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    throw new InvalidRequestError(`Invalid option ${flag}: ${error.message}`, { cause: error });
  }
}

function whole(value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidRequestError("expected a whole number");
  const number = Number(value);
  if (number < min || number > max) {
    throw new InvalidRequestError(`expected a number from ${min} to ${max}`);
  }
  return number;
}

/** Docker 20.10 and later reserve 6 MiB per container; ECS tells users to give at least that. */
function memoryMiB(value: string): number {
  return whole(value, 6, 10_000_000);
}

/**
 * A secret's `valueFrom`: a Secrets Manager secret ARN (with an optional JSON key, version stage
 * or id after it), an SSM parameter ARN, or the name of an SSM parameter in the same region.
 */
function checkSecretReference(arg: string, valueFrom: string): void {
  const arn =
    /^arn:aws[a-z-]*:(?:secretsmanager|ssm):[a-z0-9-]+:\d{12}:(?:secret|parameter)[:/]\S+$/;
  const parameter = /^[A-Za-z0-9_.\-/]{1,2048}$/;
  if (arn.test(valueFrom) || (!valueFrom.startsWith("arn:") && parameter.test(valueFrom))) return;
  // Secret references are masked everywhere, so the message quotes only the name.
  const pair = arg.split(WORD_SEPARATOR).pop()!;
  throw new InvalidRequestError(
    `Invalid option --secret: expected a Secrets Manager or SSM parameter ARN, or an SSM ` +
      `parameter name, after ${JSON.stringify(pair.slice(0, pair.indexOf("=") + 1))}`,
  );
}

/** An IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`. */
function roleArn(value: string, flag: string): string {
  const arn = value.trim();
  if (/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(arn)) return arn;
  throw new InvalidRequestError(
    `Invalid option ${flag} ${JSON.stringify(value)}: expected an IAM role ARN, such as ` +
      `arn:aws:iam::123456789012:role/api-task`,
  );
}
