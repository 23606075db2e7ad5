import "server-only";
import { findSessionByHash, touchSession } from "@/lib/db/sessions";
import { parseAttrs, storedDate } from "@/lib/db/columns";
import { findShareLinkByHash } from "@/lib/db/share-links";
import { AppError } from "@/lib/http/errors";
import { hashToken, parseScopes, type Scope } from "./api-tokens";
import { isWellFormedSessionId } from "./sessions";

export const SHARE_HEADER = "x-sweepboard-share";

/** What a dashboard visitor may do: everything, or read one experiment through a share link. */
export type DashboardAccess = { kind: "full"; canWrite: boolean } | { kind: "share"; experimentId: number; viewState: Record<string, unknown> };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Whether the dashboard asks for a token. Bound to loopback (the default), only this machine can
 * reach it, so it is open; served to a network (HOST=0.0.0.0), visitors sign in with an API token.
 * SWEEPBOARD_DASHBOARD_AUTH=token|none overrides.
 */
export function dashboardNeedsSignIn(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.SWEEPBOARD_DASHBOARD_AUTH;
  if (setting === "token") return true;
  if (setting === "none") return false;
  return !LOOPBACK.has(env.HOST ?? "127.0.0.1");
}

/** Resolves a share token (from a /s/<token> URL) to the experiment it opens. */
export async function resolveShareToken(token: string, now = new Date()): Promise<{ experimentId: number; viewState: Record<string, unknown> }> {
  const link = await findShareLinkByHash(hashToken(token));
  if (!link || link.revokedAt) throw new AppError("not_found", "this share link does not exist or was revoked");
  if (link.expiresAt && storedDate(link.expiresAt) <= now) throw new AppError("not_found", "this share link has expired");
  return { experimentId: link.experimentId, viewState: parseAttrs(link.viewState) };
}

const SIGN_IN = "sign in with an API token to use this dashboard";
// Last-seen time is written at most this often, so that reading the dashboard is not a write per request.
const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * Resolves the session id from the visitor's cookie: 401 when it is missing, malformed, unknown, expired,
 * or its API token was revoked (revocation deletes sessions too; this also covers the moment between).
 */
export async function resolveSession(sessionId: string | null | undefined, now = new Date()): Promise<{ tokenId: number; scopes: Scope[] }> {
  if (!sessionId || !isWellFormedSessionId(sessionId)) throw new AppError("unauthorized", SIGN_IN);
  const session = await findSessionByHash(hashToken(sessionId));
  if (!session) throw new AppError("unauthorized", SIGN_IN);
  if (storedDate(session.expiresAt) <= now) throw new AppError("unauthorized", "your session has expired; sign in again");
  if (session.tokenRevokedAt) throw new AppError("unauthorized", `your session's API token ${session.tokenPrefix}… was revoked; sign in again`);
  if (now.getTime() - storedDate(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) await touchSession(session.id, now.toISOString());
  return { tokenId: session.tokenId, scopes: parseScopes(session.scopes) };
}

/** Decides access from the session cookie's id and an optional share token. */
export async function dashboardAccess(opts: { sessionId?: string | null; shareToken?: string | null }): Promise<DashboardAccess> {
  if (opts.shareToken) {
    const share = await resolveShareToken(opts.shareToken);
    return { kind: "share", ...share };
  }
  if (!dashboardNeedsSignIn()) return { kind: "full", canWrite: true };
  const { scopes } = await resolveSession(opts.sessionId);
  if (!scopes.includes("read")) throw new AppError("forbidden", "this API token cannot read");
  return { kind: "full", canWrite: scopes.includes("write") };
}

/** Throws unless the access may see `experimentId`. */
export function assertCanRead(access: DashboardAccess, experimentId: number): void {
  if (access.kind === "share" && access.experimentId !== experimentId) throw new AppError("not_found", `experiment ${experimentId} does not exist`);
}

/** Throws unless the access may change things (never through a share link). */
export function assertCanWrite(access: DashboardAccess): void {
  if (access.kind === "share") throw new AppError("forbidden", "a share link is read-only");
  if (!access.canWrite) throw new AppError("forbidden", "your API token lacks the \"write\" scope");
}
