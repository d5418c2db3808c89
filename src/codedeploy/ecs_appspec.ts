/**
 * Reading the AppSpec of an ECS deployment: JSON, or the YAML the AWS docs show (block maps and
 * lists, plain or quoted scalars, comments). Anchors, flow collections beyond `[]`/`{}` and
 * multi-line scalars are refused. The simulated CodeDeploy reads AppSpecs with it, and the
 * engine reads a user's `--appspec` file with it (then sends JSON).
 *
 * @module
 */

/** What a deployment needs from its AppSpec. */
export interface EcsAppSpec {
  taskDefinition: string;
  containerName: string;
  containerPort: number;
  platformVersion?: string;
  /** Lifecycle event name to the Lambda function it runs. */
  hooks: Record<string, string>;
}

/** The events an ECS AppSpec may hook. */
export const HOOKABLE_EVENTS: readonly string[] = [
  "BeforeInstall",
  "AfterInstall",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AfterAllowTraffic",
];

/** Parses and checks `content`; throws `Error` with CodeDeploy's kind of message. */
export function parseEcsAppSpec(content: string): EcsAppSpec {
  const root = record(parseAppSpecDocument(content), "AppSpec");
  const resources = root.Resources;
  if (!Array.isArray(resources) || resources.length !== 1) {
    throw new Error("The AppSpec file must specify exactly one resource in Resources");
  }
  const [name] = Object.keys(record(resources[0], "Resources[0]"));
  const target = record(record(resources[0], "Resources[0]")[name!], name!);
  if (target.Type !== "AWS::ECS::Service") {
    throw new Error(`The AppSpec resource ${name} must have Type AWS::ECS::Service`);
  }
  const properties = record(target.Properties, "Properties");
  const taskDefinition = properties.TaskDefinition;
  if (typeof taskDefinition !== "string" || taskDefinition === "") {
    throw new Error("The AppSpec file does not specify Properties.TaskDefinition");
  }
  const lb = record(properties.LoadBalancerInfo, "LoadBalancerInfo");
  const port = Number(lb.ContainerPort);
  if (typeof lb.ContainerName !== "string" || !Number.isInteger(port)) {
    throw new Error(
      "The AppSpec file must specify LoadBalancerInfo ContainerName and ContainerPort",
    );
  }
  const hooks: Record<string, string> = {};
  for (const entry of Array.isArray(root.Hooks) ? root.Hooks : []) {
    for (const [event, fn] of Object.entries(record(entry, "Hooks"))) {
      if (!HOOKABLE_EVENTS.includes(event)) {
        throw new Error(`The AppSpec file specifies an invalid lifecycle event hook: ${event}`);
      }
      hooks[event] = String(fn);
    }
  }
  return {
    taskDefinition,
    containerName: lb.ContainerName,
    containerPort: port,
    ...(typeof properties.PlatformVersion === "string"
      ? { platformVersion: properties.PlatformVersion }
      : {}),
    hooks,
  };
}

/** The document of an AppSpec file, JSON or YAML; throws `Error` saying why it cannot. */
export function parseAppSpecDocument(content: string): unknown {
  try {
    return content.trimStart().startsWith("{") ? JSON.parse(content) : parseYaml(content);
  } catch (error) {
    throw new Error(`The AppSpec file cannot be parsed: ${(error as Error).message}`);
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`The AppSpec file's ${what} must be a map`);
  }
  return value as Record<string, unknown>;
}

interface Line {
  indent: number;
  text: string;
}

/** The YAML subset AppSpec files use. */
export function parseYaml(content: string): unknown {
  const lines: Line[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const text = stripComment(raw).trimEnd();
    if (text.trim() === "" || text.trim() === "---") continue;
    if (/^\t/.test(text)) throw new Error("tabs are not allowed for indentation");
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim() });
  }
  const at = { i: 0 };
  const value = block(lines, at, lines[0]?.indent ?? 0);
  if (at.i < lines.length) throw new Error(`unexpected line "${lines[at.i]!.text}"`);
  return value;
}

function block(lines: Line[], at: { i: number }, indent: number): unknown {
  const first = lines[at.i];
  if (!first || first.indent < indent) return null;
  if (first.text.startsWith("- ") || first.text === "-") {
    const list: unknown[] = [];
    while (at.i < lines.length && lines[at.i]!.indent === indent && isItem(lines[at.i]!)) {
      const line = lines[at.i]!;
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        at.i++;
        list.push(block(lines, at, lines[at.i]?.indent ?? indent + 1));
      } else {
        // An item opening a map: its first member sits after the dash.
        lines[at.i] = { indent: indent + 2 + (line.text.length - 1 - rest.length - 1), text: rest };
        list.push(isPair(rest) ? block(lines, at, lines[at.i]!.indent) : scalar(rest, at));
      }
    }
    return list;
  }
  const map: Record<string, unknown> = {};
  while (at.i < lines.length && lines[at.i]!.indent === indent) {
    const line = lines[at.i]!;
    const colon = pairColon(line.text);
    if (colon < 0) throw new Error(`expected "key: value" in "${line.text}"`);
    const key = unquote(line.text.slice(0, colon).trim());
    const rest = line.text.slice(colon + 1).trim();
    at.i++;
    if (rest === "") {
      const next = lines[at.i];
      map[key] = next && (next.indent > indent || (next.indent === indent && isItem(next)))
        ? block(lines, at, next.indent)
        : null;
    } else map[key] = plain(rest);
  }
  return map;
}

function scalar(text: string, at: { i: number }): unknown {
  at.i++;
  return plain(text);
}

const isItem = (line: Line) => line.text === "-" || line.text.startsWith("- ");
const isPair = (text: string) => pairColon(text) >= 0;

/** The colon that separates a key from its value, outside quotes. */
function pairColon(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ":" && (i + 1 === text.length || text[i + 1] === " ")) return i;
  }
  return -1;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || line[i - 1] === " ")) return line.slice(0, i);
  }
  return line;
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}

function plain(text: string): unknown {
  if (text === "[]") return [];
  if (text === "{}") return {};
  if (/^["']/.test(text)) return unquote(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (/^(null|~)$/.test(text)) return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^[[{|>&*!]/.test(text)) throw new Error(`unsupported YAML value "${text}"`);
  return text;
}
