/**
 * A fault-injecting HTTP proxy for tests: it sits between an ECS client (the real AWS SDK, the
 * AWS CLI, or the ecs-deploy CLI as a subprocess through `--endpoint-url`) and the emulator,
 * records every request with its decoded input, and answers each ECS operation as scripted:
 * stale, lost after being applied, dropped before or after, hung, garbled, an AWS error, or late.
 *
 * It speaks HTTP/1.1 on `Deno.listen` itself ({@linkcode Http1Connection}) because closing a
 * connection without an answer, or never answering, is below what `Deno.serve` lets a handler
 * do. It forwards with `fetch`.
 *
 * @module
 */
import { systemClock } from "../../src/clock.ts";
import {
  endToEndHeaders,
  Http1Connection,
  type Http1Request,
  type Http1Response,
} from "./http1_connection.ts";

/** What the proxy does to one request instead of passing it through. */
export type Fault =
  /** Answer with the previous successful answer to the same operation, without forwarding. */
  | { kind: "stale" }
  /** Forward (ECS applies it), then answer 500 ServerException (or `status`) instead. */
  | { kind: "lose_answer"; status?: number }
  /** Close the connection without forwarding and without answering. */
  | { kind: "drop_before" }
  /** Forward (ECS applies it), then close the connection without answering. */
  | { kind: "drop_after" }
  /** Accept and never answer, until the proxy closes. */
  | { kind: "hang" }
  /** Forward, then answer 200 with a body that is not valid JSON. */
  | { kind: "garble" }
  /** Answer this AWS JSON error without forwarding. */
  | { kind: "error"; type: string; status: number; message?: string }
  /** Forward after `ms` of wall time. */
  | { kind: "delay"; ms: number };

/** Which calls get a fault. */
export interface FaultRule {
  /** The ECS operation, such as "UpdateService"; "*" matches every operation. */
  operation: string;
  fault: Fault;
  /** How many matching calls get the fault; 1 unless given; Infinity = always. */
  times?: number;
  /** Let this many matching calls through untouched first; 0 unless given. */
  after?: number;
}

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  operation: string;
  input: Record<string, unknown>;
  /** The status the client got; null when dropped or hung (and while still in flight). */
  status: number | null;
  /** The fault applied to it, if any. */
  fault?: Fault["kind"];
  /** The access key id the request was signed with (from its Authorization header). */
  accessKeyId?: string;
}

/** A listening proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: pass it as `--endpoint-url` or the SDK endpoint. */
  url: string;
  /** Adds rules; the first matching rule with calls left applies. */
  script(...rules: FaultRule[]): void;
  /** Every request, in arrival order, with its decoded JSON input. */
  requests: ProxiedRequest[];
  /** Forgets the rules. */
  clear(): void;
  /** Stops listening, ends hung requests and closes connections. Safe to call more than once. */
  close(): Promise<void>;
}

type Answer = Http1Response;

interface ActiveRule {
  operation: string;
  fault: Fault;
  left: number;
  skip: number;
}

const JSON_HEADERS = { "content-type": "application/x-amz-json-1.1" };

/** Starts a proxy in front of `target` (the emulator's base URL) on a free loopback port. */
// Async though listening is synchronous: a bind error rejects, as servers' start-ups do.
// deno-lint-ignore require-await
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const stopping = new AbortController();
  const connections = new Set<Http1Connection>();
  const serving = new Set<Promise<void>>();
  const rules: ActiveRule[] = [];
  const requests: ProxiedRequest[] = [];
  // The newest 2xx answer of the emulator per operation, for "stale".
  const lastAnswers = new Map<string, Answer>();

  /** The fault for one call of `operation`, counting it against the rule that applies. */
  function faultFor(operation: string): Fault | undefined {
    const rule = rules.find((r) =>
      (r.operation === "*" || r.operation === operation) && r.left > 0
    );
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    // Nothing to be stale with yet: this call goes through and the rule waits for the next.
    if (rule.fault.kind === "stale" && !lastAnswers.has(operation)) return undefined;
    rule.left--;
    return rule.fault;
  }

  async function forward(request: Http1Request, operation: string): Promise<Answer> {
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const response = await fetch(new URL(request.target, target), {
      method: request.method,
      headers: endToEndHeaders(request.headers),
      ...(hasBody ? { body: request.body } : {}),
      signal: stopping.signal,
    });
    const answer = {
      status: response.status,
      // fetch has already decoded any content encoding.
      headers: withoutContentEncoding(response.headers),
      body: new Uint8Array(await response.arrayBuffer()),
    };
    if (answer.status >= 200 && answer.status < 300) lastAnswers.set(operation, answer);
    return answer;
  }

  /** Handles one request; false when the connection must end without (another) answer. */
  async function handle(http: Http1Connection, request: Http1Request): Promise<boolean> {
    const operation = request.headers.get("x-amz-target")?.split(".").at(-1) ?? "";
    const record: ProxiedRequest = { operation, input: decodeInput(request.body), status: null };
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(
      request.headers.get("authorization") ?? "",
    )?.[1];
    if (accessKeyId) record.accessKeyId = accessKeyId;
    requests.push(record);
    const fault = faultFor(operation);
    if (fault) record.fault = fault.kind;
    const answer = async (response: Answer) => {
      await http.respond(response, request.keepAlive);
      record.status = response.status;
      return request.keepAlive;
    };
    let forwarded: Answer;
    try {
      switch (fault?.kind) {
        case "drop_before":
          return false;
        case "hang":
          await untilAborted(stopping.signal);
          return false;
        case "stale":
          return await answer(lastAnswers.get(operation)!);
        case "error":
          return await answer(awsError(fault.status, fault.type, fault.message ?? fault.type));
        case "delay":
          await systemClock.sleep(fault.ms, stopping.signal);
      }
      forwarded = await forward(request, operation);
    } catch {
      // The emulator is unreachable (or the proxy is closing): the client sees the connection end.
      return false;
    }
    switch (fault?.kind) {
      case "drop_after":
        return false;
      case "lose_answer": {
        const status = fault.status ?? 500;
        return await answer(awsError(status, "ServerException", "Answer lost by the fault proxy"));
      }
      case "garble":
        return await answer({
          status: 200,
          headers: new Headers(JSON_HEADERS),
          body: garbled(forwarded.body),
        });
      default:
        return await answer(forwarded);
    }
  }

  async function serve(http: Http1Connection): Promise<void> {
    try {
      while (!stopping.signal.aborted) {
        const request = await http.readRequest();
        if (!request || !(await handle(http, request))) break;
      }
    } catch {
      // The client reset the connection, sent something that is not HTTP, or the proxy closed.
    } finally {
      http.close();
      connections.delete(http);
    }
  }

  const accepting = (async () => {
    // The iterator ends once the listener is closed.
    for await (const conn of listener) {
      const http = new Http1Connection(conn);
      if (stopping.signal.aborted) {
        http.close();
        continue;
      }
      connections.add(http);
      const served = serve(http);
      serving.add(served);
      served.finally(() => serving.delete(served));
    }
  })();

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    requests,
    script(...added) {
      for (const rule of added) {
        const left = rule.times ?? 1;
        const skip = rule.after ?? 0;
        if (!(left >= 0) || !(skip >= 0)) {
          throw new RangeError(
            `Cannot script a fault for "${rule.operation}": times and after must be >= 0`,
          );
        }
        rules.push({ operation: rule.operation, fault: rule.fault, left, skip });
      }
    },
    clear() {
      rules.length = 0;
    },
    close() {
      closing ??= (async () => {
        stopping.abort();
        listener.close();
        for (const http of connections) http.close();
        await accepting;
        await Promise.allSettled([...serving]);
      })();
      return closing;
    },
  };
}

function decodeInput(body: Uint8Array): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? parsed as Record<string, unknown>
      : {};
  } catch {
    // Kept as an empty input: the emulator answers the malformed body itself.
    return {};
  }
}

function awsError(status: number, type: string, message: string): Answer {
  return {
    status,
    headers: new Headers(JSON_HEADERS),
    body: new TextEncoder().encode(JSON.stringify({ __type: type, message })),
  };
}

/** The first half of the real answer: truncated JSON, as from a connection cut mid-body. */
function garbled(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const half = new TextDecoder().decode(body.subarray(0, Math.floor(body.length / 2)));
  try {
    // An empty body reads as `{}` to the SDK, and a short one may still parse: never valid JSON.
    if (half.trim() !== "") JSON.parse(half);
    return new TextEncoder().encode(`{"garbled":${half}`);
  } catch {
    return new TextEncoder().encode(half);
  }
}

function withoutContentEncoding(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-encoding");
  return copy;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
