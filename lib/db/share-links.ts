import "server-only";
import { db, writeTransaction } from "./client";
import { jsonText, type ShareLinkRow } from "./columns";

export type { ShareLinkRow };

export function insertShareLink(data: { experimentId: number; prefix: string; hash: string; viewState: object; expiresAt: string | null }, nowIso: string): Promise<ShareLinkRow> {
  return writeTransaction((tx) =>
    tx
      .insertInto("ShareLink")
      .values({ ...data, viewState: jsonText(data.viewState), createdAt: nowIso })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export function findShareLinkByHash(hash: string): Promise<ShareLinkRow | undefined> {
  return db().selectFrom("ShareLink").selectAll().where("hash", "=", hash).executeTakeFirst();
}

export function listShareLinkRows(experimentId: number): Promise<ShareLinkRow[]> {
  return db().selectFrom("ShareLink").selectAll().where("experimentId", "=", experimentId).orderBy("id", "desc").execute();
}

/** True when this call revoked it (false: unknown, another experiment's, or already revoked). */
export function revokeShareLinkRow(id: number, experimentId: number, atIso: string): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const { numUpdatedRows } = await tx.updateTable("ShareLink").set({ revokedAt: atIso }).where("id", "=", id).where("experimentId", "=", experimentId).where("revokedAt", "is", null).executeTakeFirstOrThrow();
    return numUpdatedRows === 1n;
  });
}
