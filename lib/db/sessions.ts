import "server-only";
import { db, writeTransaction } from "./client";
import { storedTime, timeParam, type SessionRow } from "./columns";

export type { SessionRow };

/** Stores a new session and drops the expired ones (sign-in is rare: a good time to tidy up). */
export function insertSession(data: { tokenId: number; hash: string; expiresAt: string }, nowIso: string): Promise<SessionRow> {
  return writeTransaction(async (tx) => {
    // Compared as times: older SQLite rows may spell their DateTime differently (columns.ts storedDate).
    await tx.deleteFrom("Session").where(storedTime("expiresAt"), "<=", timeParam(nowIso)).execute();
    return tx.insertInto("Session").values({ ...data, createdAt: nowIso, lastSeenAt: nowIso }).returningAll().executeTakeFirstOrThrow();
  });
}

/** Every dashboard request resolves its session. The token's scopes and revocation come along. */
export function findSessionByHash(hash: string) {
  return db()
    .selectFrom("Session as s")
    .innerJoin("ApiToken as t", "t.id", "s.tokenId")
    .select(["s.id", "s.tokenId", "s.expiresAt", "s.lastSeenAt", "t.prefix as tokenPrefix", "t.scopes", "t.revokedAt as tokenRevokedAt"])
    .where("s.hash", "=", hash)
    .executeTakeFirst();
}

/** How many sessions this ended (0: unknown or already ended). */
export function deleteSessionByHash(hash: string): Promise<number> {
  return writeTransaction(async (tx) => Number((await tx.deleteFrom("Session").where("hash", "=", hash).executeTakeFirstOrThrow()).numDeletedRows));
}

export function deleteSessionsOfToken(tokenId: number): Promise<number> {
  return writeTransaction(async (tx) => Number((await tx.deleteFrom("Session").where("tokenId", "=", tokenId).executeTakeFirstOrThrow()).numDeletedRows));
}

/** The session may have been ended in the meantime, which is not an error here. */
export function touchSession(id: number, atIso: string): Promise<void> {
  return writeTransaction(async (tx) => {
    await tx.updateTable("Session").set({ lastSeenAt: atIso }).where("id", "=", id).execute();
  });
}
