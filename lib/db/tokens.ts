import "server-only";
import { prisma, statement } from "./client";
import { apiTokenFromRaw } from "./rows";
import { withWriteLock } from "./write-lock";

export function insertApiToken(data: { name: string; prefix: string; hash: string; scopes: string }) {
  return withWriteLock(() => prisma().apiToken.create({ data }));
}

/** Raw: every API request authenticates. */
export async function findApiTokenByHash(hash: string) {
  const row = statement("SELECT * FROM ApiToken WHERE hash = ?").get(hash) as Record<string, unknown> | undefined;
  return row ? apiTokenFromRaw(row) : null;
}

export function listApiTokenRows() {
  return prisma().apiToken.findMany({ orderBy: { id: "asc" } });
}

export function revokeApiTokenRow(id: number, at: Date) {
  return withWriteLock(async () => {
    const { count } = await prisma().apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return count === 1;
  });
}

export function findApiToken(id: number) {
  return prisma().apiToken.findUnique({ where: { id } });
}

export function touchApiToken(id: number, at: Date) {
  return withWriteLock(() => prisma().apiToken.update({ where: { id }, data: { lastUsedAt: at } }));
}
