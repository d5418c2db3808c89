/**
 * RegisterTaskDefinition validation with ECS's rules and wording: family and container names,
 * image characters, memory for EC2, task size, network mode and launch type compatibility.
 */
import type { Wire } from "./sim_records.ts";
import { fail, WireInput } from "./wire_input.ts";

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;
const IMAGE_PATTERN = /^[a-zA-Z0-9\-_:./#@]+$/;
const LAUNCH_TYPES = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"] as const;

/** Valid Fargate task sizes: cpu units -> allowed memory (MiB). */
const FARGATE_SIZES: Record<number, (memory: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  1024: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  2048: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  4096: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
  8192: (m) => m >= 16384 && m <= 61440 && m % 4096 === 0,
  16384: (m) => m >= 32768 && m <= 122880 && m % 8192 === 0,
};

/** A decimal number as ECS reads it in a size: `2`, `0.5` or `.25`. */
const SIZE_NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const CPU_PATTERN = new RegExp(String.raw`^\s*${SIZE_NUMBER}\s*(vcpu)?\s*$`, "i");
const MEMORY_PATTERN = new RegExp(String.raw`^\s*${SIZE_NUMBER}\s*(gb|mb|mib|gib)?\s*$`, "i");

/**
 * Task-level cpu in units, or undefined: CPU units (`1024`) or vCPUs (`1 vCPU`, `.25 vcpu`),
 * which ECS converts to units when the task definition is registered (API reference).
 */
export function parseCpu(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = CPU_PATTERN.exec(value);
  if (!m) fail("ClientException", `Invalid 'cpu' setting for task.`);
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

/** Task-level memory in MiB, or undefined: MiB (`2048`) or GB (`2 GB`, `.5 gb`), converted likewise. */
export function parseMemory(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = MEMORY_PATTERN.exec(value);
  if (!m) fail("ClientException", `Invalid 'memory' setting for task.`);
  return m[2] && m[2].toLowerCase().startsWith("g")
    ? Math.round(Number(m[1]) * 1024)
    : Number(m[1]);
}

export interface ValidatedTaskDefinition {
  family: string;
  cpu?: number;
  memory?: number;
  compatibilities: string[];
  requiresAttributes: Wire[];
}

/** Checks a RegisterTaskDefinition input; throws ECS's error for the first problem. */
export function validateTaskDefinitionInput(input: WireInput): ValidatedTaskDefinition {
  const family = input.string("family");
  if (family === undefined || family === "") fail("ClientException", "Family can not be blank.");
  if (!NAME_PATTERN.test(family)) {
    fail(
      "ClientException",
      "Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.",
    );
  }
  const networkMode = input.enumValue("networkMode", ["bridge", "host", "awsvpc", "none"]);
  const requires = input.enumList("requiresCompatibilities", LAUNCH_TYPES) ?? [];
  input.enumValue("pidMode", ["host", "task"]);
  input.enumValue("ipcMode", ["host", "task", "none"]);
  input.string("taskRoleArn");
  input.string("executionRoleArn");
  const cpu = parseCpu(input.string("cpu"));
  const memory = parseMemory(input.string("memory"));
  const containers = input.objectList("containerDefinitions");
  if (containers === undefined || containers.length === 0) {
    fail("ClientException", "Container list cannot be empty.");
  }
  const names = new Set<string>();
  const needsEc2Memory = memory === undefined &&
    (requires.length === 0 || requires.some((r) => r !== "FARGATE"));
  let hasHealthCheck = false;
  let hasAwslogs = false;
  for (const c of containers) {
    const name = c.string("name");
    if (name === undefined || name === "") {
      fail("ClientException", "Container.name should not be null or empty.");
    }
    if (!NAME_PATTERN.test(name)) {
      fail(
        "ClientException",
        "Container.name contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.",
      );
    }
    if (names.has(name)) {
      fail("ClientException", `Duplicate container name '${name}' in task definition.`);
    }
    names.add(name);
    const image = c.string("image");
    if (image === undefined || image === "") {
      fail("ClientException", "Container.image should not be null or empty.");
    }
    if (image.length > 255) {
      fail("ClientException", "Container.image repository should be 255 characters or less.");
    }
    if (!IMAGE_PATTERN.test(image)) {
      fail("ClientException", "Container.image contains invalid characters.");
    }
    c.integer("cpu");
    const cMemory = c.integer("memory");
    const cReservation = c.integer("memoryReservation");
    c.boolean("essential");
    if (needsEc2Memory && cMemory === undefined && cReservation === undefined) {
      fail(
        "ClientException",
        `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
    if (cMemory !== undefined && cMemory < 6) {
      fail("ClientException", `Invalid 'memory' setting for container '${name}'. Minimum is 6.`);
    }
    if (cMemory !== undefined && cReservation !== undefined && cReservation > cMemory) {
      fail(
        "ClientException",
        `Invalid setting for container '${name}'. 'memoryReservation' must be less than or equal to 'memory'.`,
      );
    }
    if (memory !== undefined && cMemory !== undefined && cMemory > memory) {
      fail(
        "ClientException",
        `Invalid setting for container '${name}'. The container memory must be less than or equal to the task memory.`,
      );
    }
    const healthCheck = c.object("healthCheck");
    if (healthCheck) {
      const command = healthCheck.stringList("command");
      if (command === undefined || command.length === 0) {
        fail("ClientException", `Container '${name}' health check command must not be empty.`);
      }
      hasHealthCheck = true;
    }
    c.objectList("portMappings")?.forEach((p) => {
      p.integer("containerPort");
      p.integer("hostPort");
      p.enumValue("protocol", ["tcp", "udp"]);
    });
    c.objectList("environment")?.forEach((e) => {
      e.string("name");
      e.string("value");
    });
    if (c.object("logConfiguration")?.string("logDriver") === "awslogs") hasAwslogs = true;
  }
  const fargateOk = networkMode === "awsvpc" && cpu !== undefined && memory !== undefined &&
    (FARGATE_SIZES[cpu]?.(memory) ?? false);
  if (requires.includes("FARGATE")) {
    if (networkMode !== "awsvpc") {
      fail("ClientException", "Fargate only supports network mode \u2018awsvpc\u2019.");
    }
    if (cpu === undefined) {
      fail("ClientException", "Fargate requires that 'cpu' be defined at the task level.");
    }
    if (memory === undefined) {
      fail("ClientException", "Fargate requires that 'memory' be defined at the task level.");
    }
    if (!fargateOk) {
      fail(
        "ClientException",
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
      );
    }
  }
  const compatibilities = ["EC2", "EXTERNAL"];
  if (fargateOk) compatibilities.push("FARGATE");
  const attrs = ["com.amazonaws.ecs.capability.docker-remote-api.1.18"];
  if (networkMode === "awsvpc") attrs.push("ecs.capability.task-eni");
  if (hasHealthCheck) attrs.push("ecs.capability.container-health-check");
  if (hasAwslogs) attrs.push("com.amazonaws.ecs.capability.logging-driver.awslogs");
  if (hasAwslogs && input.has("executionRoleArn")) {
    attrs.push("ecs.capability.execution-role-awslogs");
  }
  if (input.has("taskRoleArn")) attrs.push("com.amazonaws.ecs.capability.task-iam-role");
  const result: ValidatedTaskDefinition = {
    family,
    compatibilities,
    requiresAttributes: attrs.map((name) => ({ name })),
  };
  if (cpu !== undefined) result.cpu = cpu;
  if (memory !== undefined) result.memory = memory;
  return result;
}
