type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  params?: Record<string, string | number>;
  /** A value to send as JSON, or a raw string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A list is sent as the parameter repeated (`?tag=a&tag=b`). */
  query?: Record<string, string | string[]>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

let defaultToken: string | undefined;

/** The bearer token sent when a call gives no Authorization header of its own. */
export function setDefaultToken(token: string | undefined): void {
  defaultToken = token;
}

/** Calls a real route handler the way Next.js does: a Request plus a promise of the route params. */
export async function callRoute<T = any>(handler: RouteHandler, opts: CallOptions = {}, method = "POST"): Promise<CallResult<T>> {
  const url = new URL("http://localhost/api/test");
  for (const [k, v] of Object.entries(opts.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  const auth: Record<string, string> = defaultToken ? { authorization: `Bearer ${defaultToken}` } : {};
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...auth, ...opts.headers } };
  if (opts.body !== undefined) init.body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).map(([k, v]) => [k, String(v)]));
  const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // non-JSON bodies (CSV exports) stay text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}
