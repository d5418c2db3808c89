/**
 * Reading the decoded JSON input of an ECS operation the way ECS does: members of the wrong type
 * are a SerializationException, missing required members and bad enum values are ECS's own
 * parameter errors. Timestamps may arrive as epoch seconds (wire) or Dates.
 */
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { Wire } from "./sim_records.ts";

/** Throws an ECS error of `type`. */
export function fail(type: string, message: string): never {
  throw new EcsApiError(type, message);
}

function typeError(member: string, expected: string): never {
  fail("SerializationException", `Unexpected value for "${member}": expected ${expected}`);
}

/** Typed accessors over one input object; `path` prefixes member names in messages. */
export class WireInput {
  readonly raw: Wire;
  readonly #path: string;

  constructor(raw: unknown, path = "") {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      typeError(path || "input", "an object");
    }
    this.raw = raw as Wire;
    this.#path = path;
  }

  #name(member: string): string {
    return this.#path ? `${this.#path}.${member}` : member;
  }

  has(member: string): boolean {
    return this.raw[member] !== undefined && this.raw[member] !== null;
  }

  string(member: string): string | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") typeError(this.#name(member), "a string");
    return v;
  }

  /** A required string; missing or empty is `type` with `message`. */
  requiredString(member: string, type = "InvalidParameterException", message?: string): string {
    const v = this.string(member);
    if (v === undefined || v === "") {
      fail(type, message ?? `${this.#name(member)} can not be blank.`);
    }
    return v;
  }

  integer(member: string): number | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) typeError(this.#name(member), "an integer");
    return v;
  }

  /** A number (ECS's Double), integer or not. */
  number(member: string): number | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) typeError(this.#name(member), "a number");
    return v;
  }

  boolean(member: string): boolean | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") typeError(this.#name(member), "a boolean");
    return v;
  }

  enumValue<T extends string>(member: string, values: readonly T[]): T | undefined {
    const v = this.string(member);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      fail(
        "InvalidParameterException",
        `1 validation error detected: Value '${v}' at '${
          this.#name(member)
        }' failed to satisfy constraint: Member must satisfy enum value set: [${
          values.join(", ")
        }]`,
      );
    }
    return v as T;
  }

  list(member: string): unknown[] | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) typeError(this.#name(member), "a list");
    return v;
  }

  stringList(member: string): string[] | undefined {
    const v = this.list(member);
    if (v === undefined) return undefined;
    v.forEach((item, i) => {
      if (typeof item !== "string") typeError(`${this.#name(member)}[${i}]`, "a string");
    });
    return v as string[];
  }

  enumList<T extends string>(member: string, values: readonly T[]): T[] | undefined {
    const v = this.stringList(member);
    if (v === undefined) return undefined;
    for (const item of v) {
      if (!(values as readonly string[]).includes(item)) {
        fail(
          "InvalidParameterException",
          `1 validation error detected: Value '[${v.join(", ")}]' at '${
            this.#name(member)
          }' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${
            values.join(", ")
          }]]`,
        );
      }
    }
    return v as T[];
  }

  /** A list of objects, each wrapped as a WireInput. */
  objectList(member: string): WireInput[] | undefined {
    const v = this.list(member);
    return v?.map((item, i) => new WireInput(item, `${this.#name(member)}[${i}]`));
  }

  object(member: string): WireInput | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    return new WireInput(v, this.#name(member));
  }

  /** A timestamp as epoch seconds (number), ISO string or Date; returns ms since the epoch. */
  timestamp(member: string): number | undefined {
    const v = this.raw[member];
    if (v === undefined || v === null) return undefined;
    if (v instanceof Date) return v.getTime();
    if (typeof v === "number") return v * 1000;
    if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return Date.parse(v);
    typeError(this.#name(member), "a timestamp");
  }
}

/** Pages `items` the way ECS list operations do (opaque nextToken, maxResults). */
export function paginate<T>(
  items: T[],
  input: WireInput,
  limit: { max: number; defaultSize: number },
): { page: T[]; nextToken?: string } {
  const maxResults = input.integer("maxResults");
  if (maxResults !== undefined && (maxResults < 1 || maxResults > limit.max)) {
    fail(
      "InvalidParameterException",
      `maxResults must be between 1 and ${limit.max}.`,
    );
  }
  const size = maxResults ?? limit.defaultSize;
  const token = input.string("nextToken");
  let start = 0;
  if (token !== undefined) {
    const decoded = Number.parseInt(atob(token.replace(/[^A-Za-z0-9+/=]/g, "")) || "x", 10);
    if (!Number.isInteger(decoded) || decoded < 0) {
      fail("InvalidParameterException", "Invalid nextToken");
    }
    start = decoded;
  }
  const page = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { page, nextToken: btoa(String(next)) } : { page };
}

/** Tags from input, validated like ECS does (key required, at most 50). */
export function readTags(input: WireInput, member = "tags"): { key: string; value: string }[] {
  const tags = input.objectList(member) ?? [];
  if (tags.length > 50) {
    fail("InvalidParameterException", "The maximum number of tags that you can apply is 50.");
  }
  return tags.map((t) => {
    const key = t.string("key");
    if (key === undefined || key === "") {
      fail("InvalidParameterException", "Tag keys must be between 1-128 characters.");
    }
    if (key.toLowerCase().startsWith("aws:")) {
      fail("InvalidParameterException", "Tag keys with the aws: prefix are reserved.");
    }
    return { key, value: t.string("value") ?? "" };
  });
}
