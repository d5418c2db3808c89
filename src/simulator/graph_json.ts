/**
 * A JSON encoding of an object graph that keeps what plain JSON loses: shared references and
 * cycles (a task knows its service, the service its tasks), `Map`, `Set`, `Date`, `undefined`
 * and non-finite numbers. The simulator's records are such a graph; encoding it generically
 * means a member added to a record later is saved too, instead of being silently dropped by a
 * hand-written list of fields.
 *
 * Data that plain JSON can hold is written as is. An object reached more than once is written
 * in full the first time with an id (`{"$id": 3, ...members}`) and as `{"$ref": 3}` after that;
 * other markers are `$date`, `$map`, `$set`, `$array` (a shared array), `$undefined` and
 * `$number`. A member name of the data that starts with `$` is written with one more `$`.
 *
 * @module
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Encodes `value` (plain objects, arrays, Maps, Sets, Dates, primitives) as JSON data.
 * @throws {TypeError} for anything else (functions, class instances), naming where it is
 */
export function encodeGraph(value: unknown): Json {
  const sightings = new Map<object, number>();
  const count = (v: unknown, path: string): void => {
    if (v === null || typeof v !== "object") {
      if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
        throw new TypeError(`Cannot encode a ${typeof v} at ${path}`);
      }
      return;
    }
    const seen = sightings.get(v) ?? 0;
    sightings.set(v, seen + 1);
    if (seen > 0) return;
    if (v instanceof Date) return;
    if (Array.isArray(v)) return v.forEach((item, i) => count(item, `${path}[${i}]`));
    if (v instanceof Map) {
      for (const [k, item] of v) {
        count(k, `${path} key`);
        count(item, `${path}.get(${JSON.stringify(k)})`);
      }
      return;
    }
    if (v instanceof Set) return v.forEach((item) => count(item, `${path} item`));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`Cannot encode an instance of ${v.constructor?.name} at ${path}`);
    }
    for (const [key, item] of Object.entries(v)) count(item, `${path}.${key}`);
  };
  count(value, "$");

  const ids = new Map<object, number>();
  const encode = (v: unknown): Json => {
    if (v === undefined) return { $undefined: true };
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : { $number: String(v) };
    const o = v as object;
    const seen = ids.get(o);
    if (seen !== undefined) return { $ref: seen };
    const shared = (sightings.get(o) ?? 0) > 1;
    const head: { [key: string]: Json } = {};
    if (shared) {
      head.$id = ids.size;
      ids.set(o, ids.size);
    }
    if (o instanceof Date) return { ...head, $date: o.getTime() };
    if (Array.isArray(o)) return shared ? { ...head, $array: o.map(encode) } : o.map(encode);
    if (o instanceof Map) {
      return { ...head, $map: [...o].map(([k, item]) => [encode(k), encode(item)]) };
    }
    if (o instanceof Set) return { ...head, $set: [...o].map(encode) };
    for (const [key, item] of Object.entries(o)) {
      head[key.startsWith("$") ? `$${key}` : key] = encode(item);
    }
    return head;
  };
  return encode(value);
}

/**
 * Rebuilds what {@linkcode encodeGraph} encoded, shared references included.
 * @throws {SyntaxError} naming where the data does not follow the encoding
 */
export function decodeGraph(data: unknown): unknown {
  const objects = new Map<number, unknown>();
  const fail = (path: string, why: string): never => {
    throw new SyntaxError(`${why} at ${path}`);
  };
  const decode = (v: unknown, path: string): unknown => {
    if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") {
      return v;
    }
    if (Array.isArray(v)) return v.map((item, i) => decode(item, `${path}[${i}]`));
    if (typeof v !== "object") return fail(path, "unexpected value");
    const o = v as Record<string, unknown>;
    if (o.$undefined === true) return undefined;
    if (typeof o.$number === "string") return Number(o.$number);
    if (o.$ref !== undefined) {
      if (typeof o.$ref !== "number" || !objects.has(o.$ref)) {
        return fail(path, `unknown reference ${JSON.stringify(o.$ref)}`);
      }
      return objects.get(o.$ref);
    }
    const id = o.$id;
    if (id !== undefined && (typeof id !== "number" || objects.has(id))) {
      return fail(path, `bad or repeated $id ${JSON.stringify(id)}`);
    }
    // Registered before the members are decoded, so that cycles find it.
    const keep = <T>(made: T): T => {
      if (typeof id === "number") objects.set(id, made);
      return made;
    };
    if (o.$date !== undefined) {
      if (typeof o.$date !== "number") return fail(path, "bad $date");
      return keep(new Date(o.$date));
    }
    if (o.$array !== undefined) {
      if (!Array.isArray(o.$array)) return fail(path, "bad $array");
      const array = keep([] as unknown[]);
      o.$array.forEach((item, i) => array.push(decode(item, `${path}[${i}]`)));
      return array;
    }
    if (o.$map !== undefined) {
      if (!Array.isArray(o.$map)) return fail(path, "bad $map");
      const map = keep(new Map<unknown, unknown>());
      for (const entry of o.$map) {
        if (!Array.isArray(entry) || entry.length !== 2) return fail(path, "bad $map entry");
        const key = decode(entry[0], `${path} key`);
        map.set(key, decode(entry[1], `${path}.get(${JSON.stringify(key)})`));
      }
      return map;
    }
    if (o.$set !== undefined) {
      if (!Array.isArray(o.$set)) return fail(path, "bad $set");
      const set = keep(new Set<unknown>());
      for (const item of o.$set) set.add(decode(item, `${path} item`));
      return set;
    }
    const out = keep({} as Record<string, unknown>);
    for (const [key, item] of Object.entries(o)) {
      if (key === "$id") continue;
      if (key.startsWith("$") && !key.startsWith("$$")) {
        return fail(path, `unknown marker ${JSON.stringify(key)}`);
      }
      const name = key.startsWith("$") ? key.slice(1) : key;
      out[name] = decode(item, `${path}.${name}`);
    }
    return out;
  };
  return decode(data, "$");
}
