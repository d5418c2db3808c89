/**
 * The edits a deploy may make to the copy of the running revision, besides images, and the
 * change each one makes. The CLI has parsed and checked the syntax of every value; the plan
 * checks them against the task definition.
 *
 * @module
 */

/** One variable, secret or label for one container, or for every container (no `container`). */
export interface KeyedEdit {
  /** The container; undefined for every container. */
  container?: string;
  key: string;
  value: string;
  /** The flag that gave it, for errors and the plan: `-e, --env`, `--env-file .env:3`. */
  flag: string;
}

/** One key to remove from one container. */
export interface KeyRemoval {
  container: string;
  key: string;
}

/** One container member to set. */
export interface ContainerEdit<T> {
  container: string;
  value: T;
}

/** What a deploy asks to change on the copy besides images. Every list may be empty. */
export interface EditRequest {
  /** `-e, --env` and `--env-file`, in that order: a later entry for the same key wins. */
  environment: KeyedEdit[];
  /** `--unset-env CONTAINER KEY`. */
  unsetEnvironment: KeyRemoval[];
  /** `--exclusive-env`: the given variables replace those of each container they are given to. */
  exclusiveEnvironment: boolean;
  /** `--secret`: `value` is the secret's ARN or SSM parameter name (`valueFrom`). */
  secrets: KeyedEdit[];
  /** `--unset-secret CONTAINER KEY`. */
  unsetSecrets: KeyRemoval[];
  /** `--exclusive-secrets`. */
  exclusiveSecrets: boolean;
  /** `--command`: the words of the container's command. */
  command: ContainerEdit<string[]>[];
  /** `--entrypoint`. */
  entryPoint: ContainerEdit<string[]>[];
  /** `--workdir`. */
  workingDirectory: ContainerEdit<string>[];
  /** `--user`. */
  user: ContainerEdit<string>[];
  /** `--cpu`: container CPU units. */
  cpu: ContainerEdit<number>[];
  /** `--memory`: the container's hard memory limit, MiB. */
  memory: ContainerEdit<number>[];
  /** `--memory-reservation`: the container's soft memory limit, MiB. */
  memoryReservation: ContainerEdit<number>[];
  /** `--label`: docker labels. */
  dockerLabels: KeyedEdit[];
  /** `--task-cpu`, in CPU units (the CLI converts `1 vCPU`). */
  taskCpu?: string;
  /** `--task-memory`, in MiB (the CLI converts `2 GB`). */
  taskMemory?: string;
  /** `--task-role-arn`. */
  taskRoleArn?: string;
  /** `--execution-role-arn`. */
  executionRoleArn?: string;
}

/** One change an edit makes, or would make: the plan and the dry run show each one. */
export interface EditChange {
  /** The flag that asked for it, as the user knows it: `-e, --env`, `--task-cpu`. */
  flag: string;
  /** The container, for container members; undefined for task-level members. */
  container?: string;
  /**
   * The member changed, with the key for keyed members: `environment.DB_HOST`,
   * `secrets.DB_PASSWORD`, `dockerLabels.team`, `command`, `cpu`, `taskRoleArn`.
   */
  member: string;
  /** The value before; undefined when the member or key was not set. */
  before?: unknown;
  /** The value after; undefined when the edit removes it. */
  after?: unknown;
  /** The member already had this value (or was already absent): the edit changes nothing. */
  unchanged: boolean;
  /**
   * An environment value or a secret reference: reporters mask `before` and `after` unless a
   * dry run is asked `--show-values`.
   */
  masked: boolean;
}

/** An edit request that asks for nothing. */
export function noEdits(): EditRequest {
  return {
    environment: [],
    unsetEnvironment: [],
    exclusiveEnvironment: false,
    secrets: [],
    unsetSecrets: [],
    exclusiveSecrets: false,
    command: [],
    entryPoint: [],
    workingDirectory: [],
    user: [],
    cpu: [],
    memory: [],
    memoryReservation: [],
    dockerLabels: [],
  };
}

/** Whether a request asks for any edit at all. */
export function hasEdits(edits: EditRequest | undefined): boolean {
  if (edits === undefined) return false;
  return Object.values(edits).some((value) =>
    Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false
  );
}
