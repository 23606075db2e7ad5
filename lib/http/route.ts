import { z } from "zod";
import { AppError, DATABASE_RETRY_AFTER_SECONDS, databaseUnavailableError, fromZodError, INTERNAL_ERROR, storageFullError, unstorableTextError } from "./errors";
import { refusalBody } from "./host-policy";
import { parseJson, readBodyText, readJsonBody } from "./json";
import { guardRequest, proxySkips, SECURITY_HEADERS } from "./request-guard";

type RouteParams = Record<string, string | string[] | undefined>;

export interface RouteContext {
  req: Request;
  params: RouteParams;
  /** Reads and validates the JSON body against `schema` (400 unreadable, 413 too large, 422 invalid). */
  body<S extends z.ZodType>(schema: S, opts?: { limit?: number }): Promise<z.infer<S>>;
  /** Like body, but an empty body gives undefined (for calls such as ask where every field is optional). */
  optionalBody<S extends z.ZodType>(schema: S): Promise<z.infer<S> | undefined>;
  /** Validates the query string against `schema`; a repeated parameter is the array of its values. */
  query<S extends z.ZodType>(schema: S): z.infer<S>;
}

type Handler = (ctx: RouteContext) => Promise<Response | unknown>;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return json(error.toBody(), error.status);
  if (error instanceof z.ZodError) {
    const appError = fromZodError(error);
    return json(appError.toBody(), appError.status);
  }
  const full = storageFullError(error);
  if (full) {
    console.error("[sweepboard] a write failed: the disk is full");
    return json(full.toBody(), full.status);
  }
  // Logged once per outage where it is recognised (lib/db/postgres.ts), not once per request.
  const unavailable = databaseUnavailableError(error);
  if (unavailable) return json(unavailable.toBody(), unavailable.status, { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
  const unstorable = unstorableTextError(error);
  if (unstorable) return json(unstorable.toBody(), unstorable.status);
  // Unexpected: log everything here, answer with nothing that could leak internals.
  console.error("[sweepboard] unexpected error", error);
  return json({ error: INTERNAL_ERROR }, 500);
}

/**
 * Wraps a route handler: one place turns errors into JSON responses, so handlers stay a few lines
 * (validate, call the use case, shape the response). A plain object returned becomes a 200 JSON body.
 */
export function apiRoute(handler: Handler) {
  return async (req: Request, context: { params: Promise<RouteParams> }): Promise<Response> => {
    // The token API skips the proxy step: its host and Origin checks and its headers are applied here.
    const { pathname } = new URL(req.url);
    if (!proxySkips(pathname)) return run(handler, req, context);
    const decision = guardRequest(req, pathname);
    if (!decision.ok) {
      const { body, contentType } = refusalBody(decision);
      return new Response(body, { status: decision.status, headers: { ...SECURITY_HEADERS, "Content-Type": contentType, "Cache-Control": "no-store" } });
    }
    const res = await run(handler, req, context);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
    return res;
  };
}

async function run(handler: Handler, req: Request, context: { params: Promise<RouteParams> }): Promise<Response> {
  try {
    const params = (await context?.params) ?? {};
    const ctx: RouteContext = {
      req,
      params,
      async body(schema, opts) {
        const raw = await readJsonBody(req, opts?.limit);
        const parsed = schema.safeParse(raw);
        if (!parsed.success) throw fromZodError(parsed.error, raw);
        return parsed.data;
      },
      async optionalBody(schema) {
        const text = await readBodyText(req);
        if (text.trim() === "") return undefined;
        const raw = parseJson(text);
        const parsed = schema.safeParse(raw);
        if (!parsed.success) throw fromZodError(parsed.error, raw);
        return parsed.data;
      },
      query(schema) {
        const url = new URL(req.url);
        // A repeated parameter (`?tag=a&tag=b`) reads as the list of its values; fromEntries keeps "__proto__" an own key.
        const raw = Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => {
          const all = url.searchParams.getAll(key);
          return [key, all.length === 1 ? all[0] : all];
        }));
        const parsed = schema.safeParse(raw);
        if (!parsed.success) throw fromZodError(parsed.error, raw);
        return parsed.data;
      },
    };
    const result = await handler(ctx);
    return result instanceof Response ? result : json(result);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Parses a numeric id from a path segment; anything else is a 404 for that resource. */
export function idParam(params: RouteParams, name: string, what: string): number {
  const raw = params[name];
  const value = typeof raw === "string" && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new AppError("not_found", `${what} ${String(raw)} does not exist`);
  return value;
}
