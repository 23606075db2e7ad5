import "server-only";
import { insertSession } from "@/lib/db/sessions";
import { findApiTokenByHash } from "@/lib/db/tokens";
import { AppError } from "@/lib/http/errors";
import { hashToken, parseScopes } from "./api-tokens";
import { SESSION_TTL_MS, generateSessionId } from "./sessions";

export interface CreateSessionOptions {
  /** The API token pasted on the sign-in page. */
  token: string;
  now?: () => Date;
  ttlMs?: number;
}

export interface CreatedSession {
  /** Goes into the cookie; only its hash is stored. */
  sessionId: string;
  expiresAt: Date;
  canWrite: boolean;
}

/** Signs in with an API token: checks it (401 unknown or revoked, 403 without "read") and opens a session. */
export async function createSession({ token, now = () => new Date(), ttlMs = SESSION_TTL_MS }: CreateSessionOptions): Promise<CreatedSession> {
  const row = token ? await findApiTokenByHash(hashToken(token)) : null;
  if (!row) throw new AppError("unauthorized", "this is not an API token of this server");
  if (row.revokedAt) throw new AppError("unauthorized", `API token ${row.prefix}… was revoked`);
  const scopes = parseScopes(row.scopes);
  if (!scopes.includes("read")) throw new AppError("forbidden", `API token ${row.prefix}… cannot read, so it cannot open the dashboard`);
  const at = now();
  const sessionId = generateSessionId();
  const expiresAt = new Date(at.getTime() + ttlMs);
  await insertSession({ tokenId: row.id, hash: hashToken(sessionId), expiresAt: expiresAt.toISOString() }, at.toISOString());
  return { sessionId, expiresAt, canWrite: scopes.includes("write") };
}
