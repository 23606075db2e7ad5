import "server-only";
import { randomBytes } from "node:crypto";
import { cookies, headers } from "next/headers";
import { requestScheme, type Scheme } from "@/lib/http/host-policy";

// The dashboard's sign-in cookie holds a random session id, never the API token: cookies are not
// isolated by port, so anything else served on the same host can read them. The id is stored only as
// its SHA-256 (lib/server/api-tokens.ts hashToken), with an expiry.

export const SESSION_COOKIE = "sweepboard_session";
/** Over HTTPS the browser keeps a __Host- cookie only if Secure, Path=/ and without Domain: no other site or subdomain can plant or widen it. */
export const SECURE_SESSION_COOKIE = "__Host-sweepboard_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url. */
export function generateSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** Cheap shape check before any database look-up: anything else cannot be one of ours. */
export function isWellFormedSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

export function sessionCookieName(scheme: Scheme): string {
  return scheme === "https" ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionCookieOptions(scheme: Scheme, expiresAt: Date) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: scheme === "https", expires: expiresAt };
}

/** One cookie from a Cookie header. A value that is not valid percent-encoding counts as absent, never as an error. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** The session id in a request's cookies, under the name that matches its scheme (route handlers). */
export function sessionIdFromRequest(req: Request): string | null {
  return readCookie(req.headers.get("cookie"), sessionCookieName(requestScheme(req.headers)));
}

/** The same for pages and server actions, through next/headers. */
export async function currentSessionId(): Promise<string | null> {
  const [store, incoming] = await Promise.all([cookies(), headers()]);
  return store.get(sessionCookieName(requestScheme(incoming)))?.value ?? null;
}
