// The token API's direct path: the production server (server/main.ts) answers /api/v1 calls by calling the
// very route handlers Next would call (the route.ts files under app/api/v1, bundled at build time), without
// Next's routing in front of them. Only requests that skip the proxy (proxySkips) and match a route with a
// handler for their method come here; everything else (no match, another method, HEAD, OPTIONS, a
// %-escaped path) goes on to Next, so the answers are the same either way and only the cost differs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { INTERNAL_ERROR } from "./errors";
import { proxySkips } from "./request-guard";

type Params = Record<string, string>;
export type RouteHandler = (req: Request, context: { params: Promise<Params> }) => Promise<Response> | Response;

/** A route.ts module as the bundle sees it: its exports, of which the HTTP method names are handlers. */
export type RouteModule = Record<string, unknown>;

export interface RouteFile {
  /** The route's folder under app/, as Next names it: "/api/v1/trials/[id]/metrics". */
  path: string;
  module: RouteModule;
}

interface CompiledRoute {
  segments: Array<{ literal: string } | { param: string }>;
  module: RouteModule;
  /** Static segments count: where two routes match, Next prefers the one with more (a literal beats [id]). */
  literals: number;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Params;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Compiles Next's folder names into matchers; a segment kind this path does not serve ([...x], [[...x]], (group)) is refused. */
export function compileRoutes(files: RouteFile[]): CompiledRoute[] {
  const routes = files.map(({ path, module }) => {
    const segments = path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => {
        const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(s);
        if (param) return { param: param[1]! };
        if (/[[\]()@]/.test(s)) throw new Error(`api-dispatch: route ${path} has a segment (${s}) the direct path does not serve`);
        return { literal: s };
      });
    return { segments, module, literals: segments.filter((s) => "literal" in s).length };
  });
  return routes.sort((a, b) => b.literals - a.literals);
}

/** The handler and params for a request, or null when Next should answer it. */
export function matchRoute(routes: CompiledRoute[], method: string, pathname: string): RouteMatch | null {
  if (!METHODS.has(method) || !proxySkips(pathname)) return null;
  // A trailing slash (Next redirects it), an empty or dot segment (Next normalises them): left to Next.
  if (pathname.endsWith("/") || pathname.includes("//") || /\/\.\.?(\/|$)/.test(pathname)) return null;
  const parts = pathname.split("/").slice(1);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Params = {};
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const segment = route.segments[i]!;
      const part = parts[i]!;
      if ("literal" in segment) {
        if (segment.literal !== part) {
          ok = false;
          break;
        }
      } else params[segment.param] = part;
    }
    if (!ok) continue;
    const handler = route.module[method];
    return typeof handler === "function" ? { handler: handler as RouteHandler, params } : null;
  }
  return null;
}

/** The Web Request a route handler takes, from Node's request: the body stays a stream, so the handlers' size limits apply. */
export function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(requestUrl(req), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Required by the fetch spec for a streamed request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * The request's URL as the handlers read it (path and query). A Host header that is no host at all
 * ("127.0.0.1:3000.evil.example") cannot make a URL: then localhost stands in, and the handlers' host
 * check, which reads the header itself, refuses the request as it would any foreign host.
 */
function requestUrl(req: IncomingMessage): string {
  const path = req.url ?? "/";
  try {
    return new URL(path, `http://${req.headers.host ?? "localhost"}`).href;
  } catch {
    return new URL(path, "http://localhost").href;
  }
}

/** Writes a handler's Response to Node's response, streaming its body. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  if (!response.body) {
    res.end();
    return;
  }
  // A JSON answer (every route but the exports) is small and whole already: one write, no stream reads.
  if (response.headers.get("content-type")?.startsWith("application/json")) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve));
  }
  res.end();
}

/**
 * Answers `req` through its route handler when the direct path serves it; false when Next should. A
 * handler never throws here (apiRoute turns every error into JSON); anything that still escapes ends the
 * response with the same JSON 500 apiRoute would write.
 */
export async function dispatchApi(routes: CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  const match = matchRoute(routes, req.method ?? "GET", pathname);
  if (!match) return false;
  try {
    const response = await match.handler(toWebRequest(req), { params: Promise.resolve(match.params) });
    await sendWebResponse(res, response);
  } catch (error) {
    console.error("[sweepboard] unexpected error on the direct API path", error);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ error: INTERNAL_ERROR }));
    } else res.destroy();
  }
  return true;
}
