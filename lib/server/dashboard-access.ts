import "server-only";
import { findApiTokenByHash } from "@/lib/db/tokens";
import { findShareLinkByHash } from "@/lib/db/share-links";
import { AppError } from "@/lib/http/errors";
import { hashToken, parseScopes } from "./api-tokens";

export const SESSION_COOKIE = "sweepboard_session";
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
  if (link.expiresAt && link.expiresAt <= now) throw new AppError("not_found", "this share link has expired");
  return { experimentId: link.experimentId, viewState: (link.viewState ?? {}) as Record<string, unknown> };
}

/** Decides access from the session cookie value and an optional share token. */
export async function dashboardAccess(opts: { sessionToken?: string | null; shareToken?: string | null }): Promise<DashboardAccess> {
  if (opts.shareToken) {
    const share = await resolveShareToken(opts.shareToken);
    return { kind: "share", ...share };
  }
  if (!dashboardNeedsSignIn()) return { kind: "full", canWrite: true };
  if (!opts.sessionToken) throw new AppError("unauthorized", "sign in with an API token to use this dashboard");
  const row = await findApiTokenByHash(hashToken(opts.sessionToken));
  if (!row || row.revokedAt) throw new AppError("unauthorized", "your session's API token is no longer valid; sign in again");
  const scopes = parseScopes(row.scopes);
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
