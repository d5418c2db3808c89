/** One difference between two JSON-like values, at a path such as `containerDefinitions[0].image`. */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** The leaf-level differences between two JSON-like values, in document order. */
export function diffValues(before: unknown, after: unknown, path = ""): ValueChange[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffValues(before[i], after[i], `${path}[${i}]`))
      .flat();
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) =>
      diffValues(before[key], after[key], path ? `${path}.${key}` : key)
    );
  }
  if (before instanceof Date && after instanceof Date && before.getTime() === after.getTime()) {
    return [];
  }
  return [{ path, before, after }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}
