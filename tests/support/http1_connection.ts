/**
 * The server side of one HTTP/1.1 connection, read and written by hand: enough of the protocol
 * for the AWS SDK and the AWS CLI (Content-Length or chunked bodies, keep-alive, `Expect:
 * 100-continue`), and the control `Deno.serve` does not give, namely closing the connection
 * without an answer or leaving a request unanswered.
 *
 * @module
 */

/** One request as read off the connection. */
export interface Http1Request {
  method: string;
  /** The request target as sent, such as `/`. */
  target: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
  /** Whether the client expects the connection to stay open after the answer. */
  keepAlive: boolean;
}

/** One answer to write. */
export interface Http1Response {
  status: number;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = new Uint8Array([13, 10]);
const HEAD_END = new Uint8Array([13, 10, 13, 10]);
const REASONS: Record<number, string> = {
  100: "Continue",
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
// Headers of one hop that a proxy must not pass on.
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "upgrade",
  "expect",
  "content-length",
  "host",
];

/** A copy of `headers` without the ones that belong to one connection. */
export function endToEndHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  for (const name of HOP_BY_HOP) copy.delete(name);
  return copy;
}

/** Reads requests from and writes answers to one accepted connection. */
export class Http1Connection {
  readonly #conn: Deno.Conn;
  #buffer: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  #closed = false;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /**
   * The next request, or undefined when the client closed the connection between requests.
   * Throws when the connection breaks mid-request or the request is not HTTP/1.x.
   */
  async readRequest(): Promise<Http1Request | undefined> {
    const headEnd = await this.#fillUntil(HEAD_END);
    if (headEnd === undefined) {
      if (this.#buffer.length === 0) return undefined;
      throw new Error("Connection closed in the middle of a request head");
    }
    const head = new TextDecoder().decode(this.#take(headEnd + HEAD_END.length));
    const [requestLine = "", ...lines] = head.slice(0, -HEAD_END.length).split("\r\n");
    const match = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(requestLine);
    if (!match) throw new Error(`Not an HTTP/1.x request line: "${requestLine}"`);
    const [, method = "", target = "", minor] = match;
    const headers = new Headers();
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new Error(`Malformed header line: "${line}"`);
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    const connection = headers.get("connection")?.toLowerCase() ?? "";
    const keepAlive = minor === "1"
      ? !connection.includes("close")
      : connection.includes("keep-alive");
    if (headers.get("expect")?.toLowerCase() === "100-continue") {
      await this.#write(new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n"));
    }
    const body = headers.get("transfer-encoding")?.toLowerCase().includes("chunked")
      ? await this.#readChunked()
      : await this.#readExactly(Number(headers.get("content-length") ?? "0"));
    return { method, target, headers, body, keepAlive };
  }

  /** Writes one answer; `keepAlive` false tells the client the connection ends after it. */
  async respond(response: Http1Response, keepAlive: boolean): Promise<void> {
    const headers = endToEndHeaders(response.headers);
    headers.set("content-length", String(response.body.length));
    headers.set("connection", keepAlive ? "keep-alive" : "close");
    let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "Status"}\r\n`;
    for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
    head += "\r\n";
    const encodedHead = new TextEncoder().encode(head);
    const message = new Uint8Array(encodedHead.length + response.body.length);
    message.set(encodedHead);
    message.set(response.body, encodedHead.length);
    await this.#write(message);
  }

  /** Closes the connection; a pending read or write then fails. Safe to call more than once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the runtime after the peer reset it.
    }
  }

  async #readChunked(): Promise<Uint8Array<ArrayBuffer>> {
    const parts: Uint8Array[] = [];
    while (true) {
      const sizeLine = new TextDecoder().decode(await this.#readLine());
      const size = parseInt(sizeLine.split(";")[0]!.trim(), 16);
      if (Number.isNaN(size)) throw new Error(`Malformed chunk size: "${sizeLine}"`);
      if (size === 0) break;
      parts.push(await this.#readExactly(size));
      await this.#readExactly(CRLF.length);
    }
    // Trailers, up to the empty line that ends them.
    while ((await this.#readLine()).length > 0);
    const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      body.set(part, offset);
      offset += part.length;
    }
    return body;
  }

  async #readLine(): Promise<Uint8Array> {
    const end = await this.#fillUntil(CRLF);
    if (end === undefined) throw new Error("Connection closed in the middle of a chunked body");
    const line = this.#take(end);
    this.#take(CRLF.length);
    return line;
  }

  async #readExactly(length: number): Promise<Uint8Array<ArrayBuffer>> {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new Error(`Malformed content length: ${length}`);
    }
    while (this.#buffer.length < length) {
      if (!(await this.#readMore())) throw new Error("Connection closed in the middle of a body");
    }
    return this.#take(length);
  }

  /** The index of `pattern` in the buffer, reading until it arrives; undefined at end of input. */
  async #fillUntil(pattern: Uint8Array): Promise<number | undefined> {
    let from = 0;
    while (true) {
      const index = indexOf(this.#buffer, pattern, from);
      if (index >= 0) return index;
      if (this.#buffer.length > MAX_HEAD_BYTES) throw new Error("Request head too large");
      from = Math.max(0, this.#buffer.length - pattern.length + 1);
      if (!(await this.#readMore())) return undefined;
    }
  }

  async #readMore(): Promise<boolean> {
    const chunk = new Uint8Array(16 * 1024);
    const read = await this.#conn.read(chunk);
    if (read === null) return false;
    const grown = new Uint8Array(this.#buffer.length + read);
    grown.set(this.#buffer);
    grown.set(chunk.subarray(0, read), this.#buffer.length);
    this.#buffer = grown;
    return true;
  }

  #take(length: number): Uint8Array<ArrayBuffer> {
    const taken = this.#buffer.slice(0, length);
    this.#buffer = this.#buffer.slice(length);
    return taken;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) written += await this.#conn.write(bytes.subarray(written));
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
