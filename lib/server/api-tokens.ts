import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "sb_";
export const SCOPES = ["read", "write"] as const;
export type Scope = (typeof SCOPES)[number];

/** 32 random bytes, base64url: the token is shown once and stored only as its SHA-256. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

export function parseScopes(stored: string): Scope[] {
  return stored.split(",").filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}
