import "server-only";
import { db, writeTransaction } from "./client";
import type { ApiTokenRow } from "./columns";
import { prepared } from "./prepared";

export type { ApiTokenRow };

export function insertApiToken(data: { name: string; prefix: string; hash: string; scopes: string }, nowIso: string): Promise<ApiTokenRow> {
  return writeTransaction((tx) => tx.insertInto("ApiToken").values({ ...data, createdAt: nowIso }).returningAll().executeTakeFirstOrThrow());
}

/** Every API request authenticates: one row by its unique hash. */
const tokenByHash = prepared((d, p: { hash: string }) => d.selectFrom("ApiToken").selectAll().where("hash", "=", p.hash));

/** Every authenticated request's first read. */
export async function findApiTokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
  return (await tokenByHash(db(), { hash }))[0];
}

export function findApiToken(id: number): Promise<ApiTokenRow | undefined> {
  return db().selectFrom("ApiToken").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listApiTokenRows(): Promise<ApiTokenRow[]> {
  return db().selectFrom("ApiToken").selectAll().orderBy("id").execute();
}

/** True when this call revoked it; a token already revoked keeps its first revocation time. */
export function revokeApiTokenRow(id: number, atIso: string): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const { numUpdatedRows } = await tx.updateTable("ApiToken").set({ revokedAt: atIso }).where("id", "=", id).where("revokedAt", "is", null).executeTakeFirstOrThrow();
    return numUpdatedRows === 1n;
  });
}

export function touchApiToken(id: number, atIso: string): Promise<void> {
  return writeTransaction(async (tx) => {
    await tx.updateTable("ApiToken").set({ lastUsedAt: atIso }).where("id", "=", id).execute();
  });
}
