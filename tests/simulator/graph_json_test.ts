import assert from "node:assert/strict";
import { decodeGraph, encodeGraph } from "../../src/simulator/graph_json.ts";

const roundTrip = (value: unknown) => decodeGraph(JSON.parse(JSON.stringify(encodeGraph(value))));

Deno.test("encodeGraph() writes data plain JSON can hold as it is", () => {
  const value = { a: [1, "x", null, true, { b: [] }], c: {} };
  assert.deepEqual(encodeGraph(value), value);
});

Deno.test("a graph round trip keeps shared references and cycles", () => {
  const cluster: Record<string, unknown> = { name: "prod" };
  const service = { name: "api", cluster, tasks: new Set<unknown>() };
  const task = { id: "t1", service, cluster };
  service.tasks.add(task);
  cluster.services = new Map([["api", service]]);
  const shared = [1, 2];
  const out = roundTrip({ cluster, steps: [{ item: task }], a: shared, b: shared }) as {
    cluster: { name: string; services: Map<string, typeof service> };
    steps: { item: typeof task }[];
    a: number[];
    b: number[];
  };
  const api = out.cluster.services.get("api")!;
  assert.equal(api.cluster, out.cluster);
  const [restoredTask] = [...api.tasks] as (typeof task)[];
  assert.equal(restoredTask, out.steps[0]!.item);
  assert.equal(restoredTask!.service, api);
  assert.equal(out.a, out.b);
  assert.deepEqual(out.a, [1, 2]);
});

Deno.test("a graph round trip keeps Dates, undefined, non-finite numbers and $ member names", () => {
  const value = {
    at: new Date(Date.UTC(2026, 0, 1)),
    missing: undefined,
    list: [undefined, NaN, Infinity, -Infinity],
    labels: { $id: "1", $ref: "2", $$x: "3", $date: "4" },
  };
  const out = roundTrip(value) as typeof value;
  assert.ok(out.at instanceof Date);
  assert.equal(out.at.getTime(), value.at.getTime());
  assert.ok(Object.hasOwn(out, "missing"));
  assert.deepEqual(out.list, [undefined, NaN, Infinity, -Infinity]);
  assert.deepEqual(out.labels, value.labels);
});

Deno.test("encodeGraph() refuses functions and class instances, naming where they are", () => {
  assert.throws(() => encodeGraph({ a: { run: () => {} } }), {
    name: "TypeError",
    message: "Cannot encode a function at $.a.run",
  });
  class Step {}
  assert.throws(() => encodeGraph({ steps: [new Step()] }), {
    message: "Cannot encode an instance of Step at $.steps[0]",
  });
});

Deno.test("decodeGraph() names where the data breaks the encoding", () => {
  assert.throws(() => decodeGraph({ a: [{ $ref: 4 }] }), {
    name: "SyntaxError",
    message: "unknown reference 4 at $.a[0]",
  });
  assert.throws(() => decodeGraph({ a: { $what: 1 } }), {
    message: `unknown marker "$what" at $.a`,
  });
  assert.throws(() => decodeGraph({ $id: 0, a: { $id: 0 } }), {
    message: "bad or repeated $id 0 at $.a",
  });
  assert.throws(() => decodeGraph({ m: { $map: [[1]] } }), { message: "bad $map entry at $.m" });
});
