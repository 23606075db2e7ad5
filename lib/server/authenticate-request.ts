import "server-only";
import { storedDate } from "@/lib/db/columns";
import { findApiTokenByHash, touchApiToken } from "@/lib/db/tokens";
import { AppError } from "@/lib/http/errors";
import { hashToken, parseScopes, type Scope } from "./api-tokens";

const TOUCH_EVERY_MS = 60_000;

export interface Principal {
  tokenId: number;
  scopes: Scope[];
}

/**
 * Checks `Authorization: Bearer <token>` for the scope a call needs: 401 when the token is missing,
 * unknown or revoked, 403 when it lacks the scope. Last-used time is written at most once a minute
 * so that authentication never turns every read into a write.
 */
export async function authenticateRequest(req: Request, scope: Scope, now = () => new Date()): Promise<Principal> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "missing API token: send Authorization: Bearer <token> (create one with `npx sweepboard token create`)");
  const row = await findApiTokenByHash(hashToken(match[1]!));
  if (!row) throw new AppError("unauthorized", "invalid API token");
  if (row.revokedAt) throw new AppError("unauthorized", `API token ${row.prefix}… was revoked`);
  const scopes = parseScopes(row.scopes);
  if (!scopes.includes(scope)) throw new AppError("forbidden", `API token ${row.prefix}… lacks the "${scope}" scope`);
  const at = now();
  if (!row.lastUsedAt || at.getTime() - storedDate(row.lastUsedAt).getTime() > TOUCH_EVERY_MS) await touchApiToken(row.id, at.toISOString());
  return { tokenId: row.id, scopes };
}
