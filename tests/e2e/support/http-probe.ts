import { request as httpRequest } from "node:http";

/** One request as the tests send it: everything an attacker controls, Host included. */
export interface RawRequest {
  method: string;
  /** Path and query, sent as is (no normalisation, so `%` and `..` reach the server). */
  path: string;
  /** Sent as given; `host: ""` sends no Host header at all. */
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Time to the end of the response body. */
  ms: number;
}

/** Why a request got no response: the server hung past the timeout, or dropped the connection. */
export class NoResponseError extends Error {
  constructor(
    readonly kind: "timeout" | "connection",
    message: string,
  ) {
    super(message);
    this.name = "NoResponseError";
  }
}

/**
 * Sends one request with node:http (fetch refuses to set Host) and a hard limit on the whole exchange,
 * so that a hang fails the caller instead of stalling the test. Every request has its own socket.
 */
export function sendRaw(port: number, req: RawRequest, timeoutMs = 2_000): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { connection: "close", ...req.headers };
    const omitHost = headers.host === "";
    if (omitHost) delete headers.host;
    if (req.body !== undefined && headers["content-length"] === undefined) headers["content-length"] = Buffer.byteLength(req.body);
    let settled = false;
    const r = httpRequest({ host: "127.0.0.1", port, method: req.method, path: req.path, headers, setHost: !omitHost }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started });
      });
      res.on("error", (e) => fail(new NoResponseError("connection", e.message)));
    });
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new NoResponseError("timeout", `no complete response within ${timeoutMs} ms`)), timeoutMs);
    r.on("error", (e) => fail(new NoResponseError("connection", e.message)));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** `a=1; b=2` from a browser context's cookies, so a test never depends on the session cookie's name or format. */
export function cookieHeader(cookies: ReadonlyArray<{ name: string; value: string }>): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}
