import "server-only";
import { randomBytes } from "node:crypto";
import { storedIso, type ShareLinkRow } from "@/lib/db/columns";
import { findExperiment } from "@/lib/db/experiments";
import { insertShareLink, listShareLinkRows, revokeShareLinkRow } from "@/lib/db/share-links";
import { AppError, notFound } from "@/lib/http/errors";
import type { ShareLinkInfo } from "@/lib/schemas/actions";
import { hashToken } from "./api-tokens";

export type { ShareLinkInfo };

const MAX_VIEW_STATE_BYTES = 16 * 1024;

/**
 * Makes a read-only link to one experiment that opens the given view; the token is in the URL and
 * only its hash is stored. `expiresInHours` null: no expiry.
 */
export async function createShareLink({ experimentId, viewState, expiresInHours, now = () => new Date() }: { experimentId: number; viewState: Record<string, unknown>; expiresInHours: number | null; now?: () => Date }): Promise<{ token: string; link: ShareLinkInfo }> {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  if (JSON.stringify(viewState).length > MAX_VIEW_STATE_BYTES) throw new AppError("validation_error", "viewState: too large to share", { path: "viewState" });
  if (expiresInHours !== null && !(expiresInHours > 0 && expiresInHours <= 24 * 365)) {
    throw new AppError("validation_error", "expiresInHours: must be between 0 and 8760 hours, or empty for no expiry", { path: "expiresInHours" });
  }
  const token = `sbs_${randomBytes(24).toString("base64url")}`;
  const at = now();
  const expiresAt = expiresInHours === null ? null : new Date(at.getTime() + expiresInHours * 3_600_000).toISOString();
  const row = await insertShareLink({ experimentId, prefix: token.slice(0, 10), hash: hashToken(token), viewState, expiresAt }, at.toISOString());
  return { token, link: toInfo(row) };
}

export async function listShareLinks({ experimentId }: { experimentId: number }): Promise<ShareLinkInfo[]> {
  return (await listShareLinkRows(experimentId)).map(toInfo);
}

export async function revokeShareLink({ experimentId, id, now = () => new Date() }: { experimentId: number; id: number; now?: () => Date }): Promise<void> {
  if (!(await revokeShareLinkRow(id, experimentId, now().toISOString()))) throw new AppError("not_found", `share link ${id} of experiment ${experimentId} does not exist or is already revoked`);
}

function toInfo(row: ShareLinkRow): ShareLinkInfo {
  return { id: row.id, prefix: row.prefix, createdAt: storedIso(row.createdAt), expiresAt: storedIso(row.expiresAt), revokedAt: storedIso(row.revokedAt) };
}
